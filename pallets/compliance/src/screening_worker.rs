//! The AML screening worker (runs in the node's off-chain worker, never on chain), on nodes
//! holding an AML-monitor key.
//!
//! Each run:
//! 1. drops from the outbox (the findings not yet filed) what the chain holds;
//! 2. walks the movement log back from the head in this block's state to the worker's cursor,
//!    following the chain links (`genex_primitives::aml`), so it reads exactly this chain's
//!    records whatever other forks wrote to the offchain index, and caches the links;
//! 3. screens forward from the cursor, at most `MaxScreenedPerRun` records for at most
//!    `ScreeningRunMillis`, and only records at least `ScreeningLag` blocks deep, through
//!    `genex_offchain::aml::screen` (window state in persistent offchain storage) plus a
//!    sanctions check of every account involved, queueing each finding in the outbox and
//!    moving the cursor past each record as it goes;
//! 4. submits the first `MAX_SUBMISSIONS` findings of the outbox, unless the oracle key's
//!    earlier transactions may still be in the pool (`genex_primitives::oracle::InFlight`: until its nonce on chain
//!    has caught up, so a batch a block when they land at once).
//!
//! A time lock keeps one run at a time. Everything filed is checked again on chain, and an
//! alert already filed is refused there (`AlreadyReported`), so a restart, a repeat or a fork
//! never files one twice; a restarted node resumes at its cursor.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{traits::Get, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use genex_offchain::aml::{self as rules, AccountWindow, Finding, WindowStore};
use genex_primitives::{
	aml::{movement_key, MovementRecord},
	oracle::{self, SubmitSigned},
};
use sp_core::H256;
use sp_runtime::{
	offchain::{
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::UniqueSaturatedInto,
};

/// Offchain-storage key of the lock that keeps one screening run at a time.
const LOCK_KEY: &[u8] = b"genex/aml/lock";
/// Offchain-storage key of the cursor: the next record to screen and the link of the last.
const CURSOR_KEY: &[u8] = b"genex/aml/cursor";
/// Offchain-storage key of the findings not yet seen on chain.
const OUTBOX_KEY: &[u8] = b"genex/aml/outbox";
/// Offchain-storage key prefix of the cached chain links, by record id.
const LINK_PREFIX: &[u8] = b"genex/aml/link/";
/// Offchain-storage key prefix of the accounts' window state.
const WINDOW_PREFIX: &[u8] = b"genex/aml/window/";
/// Most alerts one run submits (a block holds them easily: about 0.5 ms of weight each).
const MAX_SUBMISSIONS: usize = 64;
/// Blocks a submission may stay in the pool, plus one per transaction, before the worker
/// counts it lost and signs it again.
const BUSY_BLOCKS: u64 = 3;
/// Findings waiting to be filed at which screening stops until some are on chain (a record
/// screened then may add its few findings beyond): a finding is never dropped.
pub(crate) const MAX_OUTBOX: usize = 1_024;
/// Log target of the worker.
const LOG_TARGET: &str = "genex::aml";

/// Where the worker stands: the next record to screen and the link of the one before.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
pub struct Cursor {
	/// Next record id.
	pub next: u64,
	/// Link of record `next - 1` (zero before the first).
	pub link: H256,
}

/// A finding waiting to be filed.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct PendingAlert<AccountId> {
	/// Who broke the rule.
	pub subject: AccountId,
	/// Which rule.
	pub rule: AmlRule,
	/// How serious.
	pub severity: Severity,
	/// The other accounts involved.
	pub related: Vec<AccountId>,
	/// The records.
	pub evidence: Vec<EvidenceRef>,
}

/// Window state in persistent offchain storage, one value per account.
pub struct OffchainWindows;

impl<A: Encode + Decode> WindowStore<A> for OffchainWindows {
	fn load(&mut self, who: &A) -> Option<AccountWindow<A>> {
		StorageValueRef::persistent(&(WINDOW_PREFIX, who).encode()).get().ok().flatten()
	}
	fn store(&mut self, who: &A, window: &AccountWindow<A>) {
		StorageValueRef::persistent(&(WINDOW_PREFIX, who).encode()).set(window);
	}
	fn remove(&mut self, who: &A) {
		StorageValueRef::persistent(&(WINDOW_PREFIX, who).encode()).clear();
	}
}

fn link_key(id: u64) -> Vec<u8> {
	(LINK_PREFIX, id).encode()
}

/// The record `id` stored under `link`, with the link before it.
fn read_record(id: u64, link: &H256) -> Option<(Vec<u8>, H256)> {
	let raw = sp_io::offchain::local_storage_get(
		sp_core::offchain::StorageKind::PERSISTENT,
		&movement_key(id, link),
	)?;
	<(Vec<u8>, H256)>::decode(&mut &raw[..]).ok()
}

impl<T: Config> Pallet<T> {
	/// One run of the screening worker at block `block`.
	pub(crate) fn screening_worker(block: BlockNumberFor<T>) {
		let Some(monitor) = T::OracleSigner::local_accounts()
			.into_iter()
			.find(|who| Roles::<T>::contains_key(Role::AmlMonitor, who))
		else {
			return;
		};
		let block: u64 = block.unique_saturated_into();
		let mut lock = StorageLock::<Time>::with_deadline(LOCK_KEY, Duration::from_millis(60_000));
		let Ok(_guard) = lock.try_lock() else { return };

		let mut outbox = Self::outbox();
		Self::drop_filed(&mut outbox);
		let found = Self::screen_new_records(block, &mut outbox);
		if found > 0 {
			log::info!(target: LOG_TARGET, "{found} finding(s) queued");
		}
		// Once a run: the nonces it signs with are bumped in this run's state only, so a
		// second round would find the key free and sign the same alerts again.
		Self::file_outbox(&monitor, &outbox, block);
		StorageValueRef::persistent(OUTBOX_KEY).set(&outbox);
	}

	fn outbox() -> Vec<PendingAlert<T::AccountId>> {
		StorageValueRef::persistent(OUTBOX_KEY).get().ok().flatten().unwrap_or_default()
	}

	/// The worker's cursor (the start of the log before its first run).
	pub fn screening_cursor() -> Cursor {
		StorageValueRef::persistent(CURSOR_KEY).get().ok().flatten().unwrap_or_default()
	}

	/// Drops the findings the chain already holds.
	fn drop_filed(outbox: &mut Vec<PendingAlert<T::AccountId>>) {
		outbox.retain(|alert| {
			!ScreeningKeys::<T>::contains_key(Self::screening_key(
				&alert.subject,
				alert.rule,
				&alert.evidence,
			))
		});
	}

	/// Submits the first findings of the outbox, unless the key is busy.
	fn file_outbox(monitor: &T::AccountId, outbox: &[PendingAlert<T::AccountId>], block: u64) {
		if outbox.is_empty() || oracle::signer_busy::<T>(monitor, block) {
			return;
		}
		let nonce = oracle::account_nonce::<T>(monitor);
		let mut submitted = 0u64;
		for alert in outbox.iter().take(MAX_SUBMISSIONS) {
			let call = Call::report_screening {
				subject: alert.subject.clone(),
				rule: alert.rule,
				severity: alert.severity,
				related: BoundedVec::truncate_from(alert.related.clone()),
				evidence: BoundedVec::truncate_from(alert.evidence.clone()),
			};
			match T::OracleSigner::submit(monitor, call) {
				Ok(()) => submitted += 1,
				Err(error) => {
					log::warn!(target: LOG_TARGET, "submission stopped: {error:?}");
					break;
				},
			}
		}
		// Also when the pool refused the first one: its earlier transactions may wait there.
		let until = block.saturating_add(BUSY_BLOCKS + submitted);
		oracle::mark_signer_busy(monitor, nonce.saturating_add(submitted), until);
	}

	/// Caches the links from this block's head back to the cursor; `false` when the log
	/// cannot be followed (a record missing from the offchain index).
	fn follow_links(cursor: &Cursor) -> bool {
		let head = MovementLogHead::<T>::get();
		let (mut id, mut link) = (head.next, head.link);
		// Every record after the cursor once (a catch-up walks the whole backlog in its first
		// run: reads of the node's own database, about a second per 100,000 records).
		while id > cursor.next {
			id -= 1;
			let key = link_key(id);
			let cache = StorageValueRef::persistent(&key);
			if cache.get::<H256>().ok().flatten() == Some(link) {
				// Links chain: the ones below on this chain are cached already.
				return true;
			}
			let Some((_, previous)) = read_record(id, &link) else {
				log::warn!(target: LOG_TARGET, "record {id} missing from the offchain index");
				return false;
			};
			cache.set(&link);
			link = previous;
		}
		if id == cursor.next && link != cursor.link && cursor.next > 0 {
			// A reorganisation replaced records already screened: go on with this chain's.
			log::warn!(target: LOG_TARGET, "records before {id} changed in a reorganisation");
		}
		true
	}

	/// Screens the records after the cursor that are deep enough; returns the findings queued.
	fn screen_new_records(block: u64, outbox: &mut Vec<PendingAlert<T::AccountId>>) -> usize {
		let mut cursor = Self::screening_cursor();
		let head = MovementLogHead::<T>::get();
		if cursor.next >= head.next || !Self::follow_links(&cursor) {
			return 0;
		}
		let params = AmlParameters::<T>::get();
		let lag = u64::from(T::ScreeningLag::get());
		let mut store = OffchainWindows;
		let mut found = 0;
		let mut screened = 0u32;
		let started = sp_io::offchain::timestamp();
		let deadline = started.add(Duration::from_millis(T::ScreeningRunMillis::get()));
		while cursor.next < head.next && screened < T::MaxScreenedPerRun::get() {
			if screened > 0 && sp_io::offchain::timestamp() >= deadline {
				break;
			}
			if outbox.len() >= MAX_OUTBOX {
				log::info!(
					target: LOG_TARGET,
					"{} findings wait to be filed: screening resumes at {} once they are",
					outbox.len(),
					cursor.next
				);
				break;
			}
			let Some(link) =
				StorageValueRef::persistent(&link_key(cursor.next)).get::<H256>().ok().flatten()
			else {
				break;
			};
			let Some((encoded, _)) = read_record(cursor.next, &link) else { break };
			let Ok(record) = MovementRecord::<T::AccountId>::decode(&mut &encoded[..]) else {
				log::warn!(target: LOG_TARGET, "record {} does not decode", cursor.next);
				break;
			};
			if u64::from(record.block).saturating_add(lag) > block {
				break;
			}
			let mut findings = Self::sanctions_hits(&record);
			findings.extend(rules::screen(&params, &mut store, &record));
			for finding in findings {
				found += 1;
				outbox.push(Self::pending(finding, &record));
			}
			cursor = Cursor { next: cursor.next + 1, link };
			StorageValueRef::persistent(CURSOR_KEY).set(&cursor);
			screened += 1;
		}
		if screened > 0 {
			log::debug!(
				target: LOG_TARGET,
				"screened {screened} record(s) to {} in {} ms",
				cursor.next,
				sp_io::offchain::timestamp().diff(&started).millis()
			);
		}
		found
	}

	/// A movement involving a sanctioned account: critical, it freezes at once.
	fn sanctions_hits(record: &MovementRecord<T::AccountId>) -> Vec<Finding<T::AccountId>> {
		let accounts = record.kind.accounts();
		accounts
			.iter()
			.filter(|who| Sanctioned::<T>::contains_key(**who))
			.map(|who| Finding {
				rule: AmlRule::SanctionsHit,
				severity: Severity::Critical,
				subject: (*who).clone(),
				related: accounts
					.iter()
					.filter(|other| *other != who)
					.map(|a| (*a).clone())
					.collect(),
				evidence: alloc::vec![record.id],
			})
			.collect()
	}

	/// A finding with its evidence ids resolved to where they happened.
	fn pending(
		finding: Finding<T::AccountId>,
		record: &MovementRecord<T::AccountId>,
	) -> PendingAlert<T::AccountId> {
		let max = T::MaxEvidence::get() as usize;
		let evidence = finding
			.evidence
			.iter()
			.take(max)
			.filter_map(|id| Self::evidence_of(*id, record))
			.collect();
		let mut related = finding.related;
		related.truncate(max);
		PendingAlert {
			subject: finding.subject,
			rule: finding.rule,
			severity: finding.severity,
			related,
			evidence,
		}
	}

	/// Record `id` as evidence (the current record, or an earlier one through the link cache).
	fn evidence_of(id: u64, current: &MovementRecord<T::AccountId>) -> Option<EvidenceRef> {
		if id == current.id {
			return Some(current.evidence());
		}
		let link = StorageValueRef::persistent(&link_key(id)).get::<H256>().ok().flatten()?;
		let (encoded, _) = read_record(id, &link)?;
		MovementRecord::<T::AccountId>::decode(&mut &encoded[..])
			.ok()
			.map(|r| r.evidence())
	}
}
