//! The sanctions sync worker (runs in the node's off-chain worker, never on chain): when a sync
//! is due and this node holds a sanctions-oracle key, it fetches the feed's primary source
//! (then the backup), streams the body through `genex-offchain`'s parser, checks the list and
//! plans the difference with `genex_offchain::sanctions::sync`, and submits the parts or the
//! failure reports as ordinary signed transactions. Everything it submits is checked again on
//! chain (`feed.rs`).
//!
//! A worker runs on every new best block, in parallel with the previous one: a time lock keeps
//! one sync at a time, and an "in flight until block N" marker in the node's offchain storage
//! keeps the next runs from submitting again while the parts are in the pool.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use genex_offchain::sanctions::{self as lists, sync::SyncPlan, Limits, ListParser, ParseError};
use genex_primitives::oracle::{self, SubmitSigned};
use sp_core::{offchain::HttpError, H256};
use sp_runtime::{
	offchain::{
		http,
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::UniqueSaturatedInto,
};

/// Offchain-storage key of the lock that keeps one sync running at a time.
const LOCK_KEY: &[u8] = b"genex/sanctions-sync/lock";
/// Offchain-storage key of the block until which submitted transactions count as in flight.
const IN_FLIGHT_KEY: &[u8] = b"genex/sanctions-sync/in-flight";
/// Blocks a submission stays in flight, plus one per transaction (a part per block at worst);
/// also how long the worker backs off when the pool refused its first transaction.
const IN_FLIGHT_BLOCKS: u64 = 5;
/// Log target of the worker.
const LOG_TARGET: &str = "genex::sanctions";

impl<T: Config> Pallet<T> {
	/// One run of the worker at block `block`.
	pub(crate) fn sanctions_worker(block: BlockNumberFor<T>) {
		let Some(feed) = SanctionsFeedConfig::<T>::get() else { return };
		let Some(oracle) = T::OracleSigner::local_accounts()
			.into_iter()
			.find(|who| Roles::<T>::contains_key(Role::SanctionsOracle, who))
		else {
			return;
		};
		let status = SanctionsFeedStatus::<T>::get();
		let now = Self::now();
		let unfinished = PendingSanctionsSync::<T>::exists();
		let last_failure = status.last_failure.map(|report| report.at);
		if !lists::sync::sync_due(feed.interval, status.last_sync, last_failure, unfinished, now) {
			return;
		}
		let block: u64 = block.unique_saturated_into();
		let in_flight = StorageValueRef::persistent(IN_FLIGHT_KEY);
		if in_flight.get::<u64>().ok().flatten().is_some_and(|until| block < until)
			|| oracle::signer_busy::<T>(&oracle, block)
		{
			return;
		}
		let mut lock = StorageLock::<Time>::with_deadline(
			LOCK_KEY,
			Duration::from_millis(T::ListFetchTimeout::get().saturating_add(60_000)),
		);
		let Ok(_guard) = lock.try_lock() else { return };

		let calls = Self::sanctions_sync_calls(&feed, &status, now);
		let attempted = !calls.is_empty();
		let nonce = oracle::account_nonce::<T>(&oracle);
		let mut submitted = 0u64;
		for call in calls {
			match T::OracleSigner::submit(&oracle, call) {
				Ok(()) => submitted += 1,
				Err(error) => {
					// The rest would carry nonces with a gap: stop, the next due run redoes it.
					log::warn!(target: LOG_TARGET, "submission stopped: {error:?}");
					break;
				},
			}
		}
		// Even when the pool refused everything (e.g. its earlier transactions still wait
		// there), back off rather than fetching the list again next block.
		if attempted {
			let until = block.saturating_add(IN_FLIGHT_BLOCKS + submitted);
			in_flight.set(&until);
			oracle::mark_signer_busy(&oracle, nonce.saturating_add(submitted), until);
		}
	}

	/// The calls one sync makes: a failure report for each source that failed, then the parts
	/// of a sync from the first source whose list the chain would accept.
	pub(crate) fn sanctions_sync_calls(
		feed: &SanctionsFeed<T::MaxUrlLength>,
		status: &FeedStatus,
		now: Moment,
	) -> Vec<Call<T>> {
		let mut calls = Vec::new();
		let sources = [
			(FeedSource::Primary, Some(&feed.primary)),
			(FeedSource::Backup, feed.backup.as_ref()),
		];
		for (kind, source) in sources {
			let Some(source) = source else { continue };
			let outcome = Self::fetch_list(source).and_then(|(list, modified)| {
				Self::plan_sync(feed, status, kind, list, modified, now)
			});
			match outcome {
				Ok(parts) => {
					calls.extend(parts);
					return calls;
				},
				Err(failure) => {
					log::warn!(target: LOG_TARGET, "{kind:?} source failed: {failure:?}");
					calls.push(Call::report_sanctions_failure { source: kind, failure });
				},
			}
		}
		calls
	}

	/// Fetches and parses one source within the fetch deadline; also gives its
	/// `Last-Modified` time.
	pub(crate) fn fetch_list(
		source: &ListSource<T::MaxUrlLength>,
	) -> Result<(lists::SanctionsList, Option<Moment>), FeedFailure> {
		let url = core::str::from_utf8(&source.url).map_err(|_| FeedFailure::Unreachable)?;
		let deadline =
			sp_io::offchain::timestamp().add(Duration::from_millis(T::ListFetchTimeout::get()));
		let pending = http::Request::get(url)
			.deadline(deadline)
			.send()
			.map_err(|_| FeedFailure::Unreachable)?;
		let mut response = match pending.try_wait(deadline) {
			Err(_) => return Err(FeedFailure::Timeout),
			Ok(Err(http::Error::DeadlineReached)) => return Err(FeedFailure::Timeout),
			Ok(Err(_)) => return Err(FeedFailure::Unreachable),
			Ok(Ok(response)) => response,
		};
		if response.code != 200 {
			return Err(FeedFailure::HttpStatus(response.code));
		}
		let headers = response.headers().raw.clone();
		let header = |name: &str| -> Option<&str> {
			headers.iter().find_map(|(key, value)| {
				key.eq_ignore_ascii_case(name.as_bytes())
					.then(|| core::str::from_utf8(value).ok())
					.flatten()
			})
		};
		let expected = header("content-length").and_then(|text| text.trim().parse::<u64>().ok());
		let modified = header("last-modified").and_then(genex_offchain::parse_http_date);

		let limits = Limits { max_entries: T::MaxListEntries::get(), ..Limits::default() };
		let mut parser = ListParser::new(parser_format(source.format), limits);
		let mut chunk = [0u8; 4096];
		let mut received = 0u64;
		loop {
			match sp_io::offchain::http_response_read_body(response.id, &mut chunk, Some(deadline))
			{
				Ok(0) => break,
				Ok(read) => {
					let read = (read as usize).min(chunk.len());
					received = received.saturating_add(read as u64);
					if expected.is_some_and(|expected| received > expected) {
						return Err(FeedFailure::Incomplete { expected, received });
					}
					parser.feed(&chunk[..read]).map_err(malformed)?;
				},
				Err(HttpError::DeadlineReached) => return Err(FeedFailure::Timeout),
				// The body iterator would just stop here: a broken body looks complete.
				Err(_) => return Err(FeedFailure::Incomplete { expected, received }),
			}
		}
		if expected.is_some_and(|expected| received != expected) {
			return Err(FeedFailure::Incomplete { expected, received });
		}
		let list = parser.finish().map_err(malformed)?;
		Ok((list, modified))
	}

	/// Checks a fetched list against the feed's state and plans its sync parts.
	fn plan_sync(
		feed: &SanctionsFeed<T::MaxUrlLength>,
		status: &FeedStatus,
		source: FeedSource,
		list: lists::SanctionsList,
		modified: Option<Moment>,
		now: Moment,
	) -> Result<Vec<Call<T>>, FeedFailure> {
		let published_at = list.published_at.or(modified).unwrap_or(now);
		let entries = list.addresses.len() as u32;
		let mut current: Vec<[u8; 20]> = Sanctioned::<T>::iter()
			.filter(|(_, entry)| entry.by_feed)
			.map(|(who, _)| who.into())
			.collect();
		current.sort_unstable();
		let applied = status.applied.map(|list| list.published_at);
		lists::sync::check_list(
			entries,
			published_at,
			current.len() as u32,
			applied,
			feed.max_shrink.deconstruct(),
		)
		.map_err(|refusal| match refusal {
			lists::sync::Refusal::Empty => FeedFailure::EmptyList,
			lists::sync::Refusal::Older { published_at, applied } => {
				FeedFailure::OlderThanApplied { published_at, applied }
			},
			lists::sync::Refusal::ShrankTooMuch { from, to } => {
				FeedFailure::ShrankTooMuch { from, to }
			},
		})?;
		if !list.bad_checksums.is_empty() {
			log::warn!(
				target: LOG_TARGET,
				"{} list values fail their EIP-55 checksum (blocked all the same), e.g. {:?}",
				list.bad_checksums.len(),
				list.bad_checksums.first().copied().map(T::AccountId::from),
			);
		}

		let plan = SyncPlan::new(&current, &list.addresses);
		let batch = T::MaxSanctionsBatch::get() as usize;
		let header = SyncHeader {
			list_hash: H256(list.list_hash()),
			published_at,
			entries,
			source,
			fetched_at: now,
			parts: plan.part_count(batch) as u16,
			additions: plan.additions.len() as u32,
			removals: plan.removals.len() as u32,
			bad_checksums: list.bad_checksums.len() as u32,
		};
		log::info!(
			target: LOG_TARGET,
			"{source:?} list {:?}: {entries} entries, +{} -{} in {} part(s)",
			header.list_hash,
			header.additions,
			header.removals,
			header.parts,
		);
		let accounts = |addresses: &[[u8; 20]]| {
			addresses.iter().map(|address| T::AccountId::from(*address)).collect::<Vec<_>>()
		};
		Ok(plan
			.parts(batch)
			.enumerate()
			.map(|(part, addresses)| Call::sync_sanctions {
				sync: header,
				part: part as u16,
				// Each slice holds at most `batch` = `MaxSanctionsBatch` addresses.
				add: accounts(addresses.add).try_into().unwrap_or_default(),
				remove: accounts(addresses.remove).try_into().unwrap_or_default(),
			})
			.collect())
	}
}

/// The parser for a source's format.
fn parser_format(format: ListFormat) -> lists::ListFormat {
	match format {
		ListFormat::AdvancedXml => lists::ListFormat::AdvancedXml,
		ListFormat::SdnXml => lists::ListFormat::SdnXml,
		ListFormat::Text => lists::ListFormat::Text,
		ListFormat::Json => lists::ListFormat::Json,
	}
}

/// A parse error as the failure the worker reports.
fn malformed(error: ParseError) -> FeedFailure {
	let (error, offset) = match error {
		ParseError::TooManyEntries => return FeedFailure::TooManyEntries,
		ParseError::Truncated => (ListError::Truncated, 0),
		ParseError::Syntax { offset } => (ListError::Syntax, offset),
		ParseError::UnexpectedDocument { offset } => (ListError::UnexpectedDocument, offset),
		ParseError::BadAddress { offset } => (ListError::BadAddress, offset),
		ParseError::TooLong { offset } => (ListError::TooLong, offset),
		ParseError::TooDeep { offset } => (ListError::TooDeep, offset),
		ParseError::InvalidUtf8 { offset } => (ListError::InvalidUtf8, offset),
	};
	FeedFailure::Malformed { error, offset }
}
