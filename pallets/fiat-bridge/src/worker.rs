//! The attestors' off-chain worker (runs in the node's off-chain worker, never on chain).
//!
//! On every block, for each oracle key of the node's keystore (`T::AttestorSigner`) and each
//! provider it attests for that has an endpoint (`ProviderEndpoints`), one run at a time per
//! (provider, attestor) (a `StorageLock`), skipped while the key's earlier transactions may still
//! be in the pool (`genex_primitives::oracle::signer_busy`). A run speaks the bank HTTP contract
//! of `genex_offchain::bridge`, every request with a deadline of `BankTimeout`:
//!
//! 1. **Deposits**: lists the deposits after its cursor (at most `MaxDepositsPerRun`), plans them
//!    (each reference once, those the chain has from this attestor skipped) and attests each:
//!    USD at par as the first bridged stablecoin; another currency at its latest quote while it
//!    is live (or at the quote the deposit was first attested with), else the run stops there.
//!    The cursor (one per provider: one attestor key per provider on a node) is stored past the
//!    deposits attested, never past one still to attest; an attestation the chain does not show
//!    once the key is free again (lost with a restarted pool, or refused in its block) has the
//!    bank listed again from before it; a new endpoint is listed from the start.
//! 2. **Payouts**: for at most `MaxPayoutsPerRun` withdrawals pending at the provider whose
//!    current attempt this attestor has not reported definitely, sends the payout (or, after an
//!    answer that was not definite, first asks what became of it) under the withdrawal's
//!    idempotency key, stores the attempt's state, then reports: paid, failed definitely (only
//!    the bank's explicit refusal), or not definitely (once per attempt the chain counts). A
//!    bank that does not answer holds the run's other payouts until the next run.
//! 3. **Reserves**: every `ReserveReadInterval` (at once for a new endpoint; a minute after a
//!    failed read), reads the provider's reserves and reports them for each bridged stablecoin
//!    (a statement the chain has already is not reported again).
//!
//! The worker is an untrusted helper: every call is checked on chain. Before submitting it,
//! the worker applies the call to its own state (a throwaway copy of the chain's, rolled back
//! when the worker returns) exactly as a block would: a call the chain would refuse is not sent,
//! and the next checks of the run see the effects of those sent (a provider's allowance
//! drained by the deposits before). A deposit refused for a reason that passes (an allowance
//! or a daily total exhausted, no live quote) stops the cursor before it; one refused for good
//! (above the per-deposit cap, below the minimum) is logged as an error and passed over.
//!
//! Never a second payout: the idempotency key is the same on every retry at every provider, a
//! timeout is never a definite failure, the attempt's state is stored before anything is
//! reported, and once an answer is known a lost report is recovered by asking the bank
//! (`GET payouts/<key>`), never by sending the payout again.

use crate::{pallet::*, types::*};
use alloc::{string::String, vec::Vec};
use codec::Encode;
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::{Get, UnfilteredDispatchable},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use genex_offchain::bridge::{
	self as bank, Backoff, BankDeposit, BankRequest, DepositCursor, Indefinite, PayoutAttempts,
	PayoutCall, PayoutInstruction, PayoutStep, PayoutVerdict,
};
use genex_primitives::oracle::{self, SubmitSigned};
use sp_core::H256;
use sp_runtime::{
	offchain::{
		http,
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::UniqueSaturatedInto,
	DispatchError,
};

/// Log target of the worker.
const LOG_TARGET: &str = "genex::bridge";
/// Offchain-storage key prefix of the lock of a (provider, attestor) run.
const LOCK_PREFIX: &[u8] = b"genex/bridge/lock/";
/// Offchain-storage key prefix of when a (provider, attestor) reads the reserves next (ms),
/// and at which endpoint (its hash).
const RESERVES_DUE_PREFIX: &[u8] = b"genex/bridge/reserves-due/";
/// Offchain-storage key prefix of the hash of the endpoint a provider's deposit cursor is of.
const ENDPOINT_PREFIX: &[u8] = b"genex/bridge/deposit-endpoint/";
/// Offchain-storage key prefix of the deposits a (provider, attestor) attested in its last run
/// (reference hash and cursor), until the chain shows them.
const UNCONFIRMED_PREFIX: &[u8] = b"genex/bridge/unconfirmed/";
/// Blocks a submission may stay in the pool, plus one per transaction, before the worker
/// counts it lost and signs again.
const BUSY_BLOCKS: u64 = 3;
/// How long a quote must stay live after the worker picks it for a new deposit (ms): the
/// attestation lands in a later block, and the chain checks the quote as of that block.
const QUOTE_MARGIN_MS: Moment = 60_000;
/// When reading the reserves failed, how soon to try again at most (ms).
const RESERVES_RETRY_MS: Moment = 60_000;
/// Slack of a run's lock beyond its requests' deadlines (ms).
const LOCK_SLACK_MS: u64 = 10_000;
/// Bytes read from a body at a time.
const CHUNK: usize = 4_096;

/// The node's wall clock (ms).
fn wall_clock() -> Moment {
	sp_io::offchain::timestamp().unix_millis()
}

/// Sends `request` with a deadline of `BankTimeout` and reads at most `limit` bytes of the
/// answer (one more when it is longer, so a parser bounded at `limit` refuses it). `None`:
/// no complete answer (no connection, the deadline passed, the body broke off).
fn fetch<T: Config>(request: &BankRequest, limit: usize) -> Option<(u16, Vec<u8>)> {
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(T::BankTimeout::get()));
	let method = match request.method {
		bank::Method::Get => http::Method::Get,
		bank::Method::Post => http::Method::Post,
	};
	// An empty chunk ends a request's body: a GET writes none.
	let chunks: Vec<&[u8]> =
		if request.body.is_empty() { Vec::new() } else { alloc::vec![&request.body[..]] };
	let verb = request.method.as_str();
	let mut builder = http::Request::post(&request.url, chunks).method(method).deadline(deadline);
	if let Some(content_type) = request.content_type() {
		builder = builder.add_header("Content-Type", content_type);
	}
	// Without it the node's HTTP client sends the body chunked, which banks' gateways (and
	// the simulator) need not accept.
	let length = alloc::format!("{}", request.body.len());
	if !request.body.is_empty() {
		builder = builder.add_header("Content-Length", &length);
	}
	let pending = match builder.send() {
		Ok(pending) => pending,
		Err(error) => {
			log::debug!(target: LOG_TARGET, "{verb} {}: not sent ({error:?})", request.url);
			return None;
		},
	};
	let response = match pending.try_wait(deadline) {
		Ok(Ok(response)) => response,
		other => {
			log::debug!(target: LOG_TARGET, "{verb} {}: no answer ({other:?})", request.url);
			return None;
		},
	};
	let mut body = Vec::new();
	let mut chunk = [0u8; CHUNK];
	loop {
		match sp_io::offchain::http_response_read_body(response.id, &mut chunk, Some(deadline)) {
			Ok(0) => break,
			Ok(read) => {
				body.extend_from_slice(&chunk[..(read as usize).min(CHUNK)]);
				if body.len() > limit {
					break;
				}
			},
			// The body iterator would just stop here: a broken body looks complete.
			Err(error) => {
				log::debug!(target: LOG_TARGET, "{}: body broke off ({error:?})", request.url);
				return None;
			},
		}
	}
	Some((response.code, body))
}

/// What became of a call the worker meant to submit.
enum Submission {
	/// Signed and in the pool.
	Sent,
	/// Not sent: the chain would refuse it now.
	Refused(DispatchError),
	/// Not sent, and nothing more is sent this run: the pool or the signer refused, or another
	/// run signs with the key.
	Halted,
}

/// What became of a deposit to attest.
enum Attested {
	/// The attestation was submitted.
	Sent,
	/// Not attested, and never will be by this attestor: the chain has it, or refuses it for
	/// good.
	Passed,
	/// Not attested yet: the run stops before it.
	Stop,
}

/// Why the chain would refuse a deposit's attestation.
enum Refusal {
	/// It has this attestor's attestation already, or the deposit is settled.
	Known,
	/// For a reason that passes (the allowance, the daily total, the quote, the attestor's
	/// standing): try again later, the cursor stays before it.
	Later,
	/// For good (the data is invalid as the chain sees it: above the per-deposit cap, below
	/// the minimum): logged for governance, passed over.
	ForGood,
}

impl Refusal {
	fn of<T: Config>(error: DispatchError) -> Self {
		let is = |e: Error<T>| error == DispatchError::from(e);
		if is(Error::<T>::AlreadyAttested) || is(Error::<T>::AlreadySettled) {
			Self::Known
		} else if [
			Error::<T>::NotBridged,
			Error::<T>::ZeroAmount,
			Error::<T>::BelowMinimum,
			Error::<T>::DepositTooLarge,
			Error::<T>::AmountMismatch,
			Error::<T>::InvalidCurrency,
			Error::<T>::QuoteRequired,
			Error::<T>::QuoteNotNeeded,
			Error::<T>::QuoteCurrencyMismatch,
			Error::<T>::Overflow,
		]
		.into_iter()
		.any(is)
		{
			Self::ForGood
		} else {
			// The allowance, the daily total, the quote, the attestor's standing, or anything
			// else: better a stuck cursor (visible, logged every run) than a deposit lost.
			Self::Later
		}
	}
}

/// One run of one attestor at one provider.
struct Run<T: Config> {
	attestor: T::AccountId,
	provider: ProviderId,
	/// The provider's base URL.
	base: String,
	/// `blake2_256` of it.
	endpoint: [u8; 32],
	block: u64,
	/// The attestor's nonce before the run's first transaction.
	nonce: u64,
	/// Transactions the run submitted.
	submitted: u64,
	/// Submit nothing more.
	halted: bool,
}

impl<T: Config> Run<T> {
	/// Applies `call` to the worker's state as a block would and, when the chain accepts it,
	/// signs it with the attestor's key and submits it.
	fn submit(&mut self, call: Call<T>) -> Submission {
		if self.halted {
			return Submission::Halted;
		}
		if self.submitted == 0 {
			// The requests took time: another run may have signed with the key since.
			if oracle::signer_busy::<T>(&self.attestor, self.block) {
				log::debug!(
					target: LOG_TARGET,
					"{:?}: the key is busy, submitting later",
					self.attestor,
				);
				self.halted = true;
				return Submission::Halted;
			}
			self.nonce = oracle::account_nonce::<T>(&self.attestor);
		}
		let origin: T::RuntimeOrigin = RawOrigin::Signed(self.attestor.clone()).into();
		let attestor = self.attestor.clone();
		let outcome = with_transaction::<_, DispatchError, _>(|| {
			if let Err(refused) = call.clone().dispatch_bypass_filter(origin) {
				return TransactionOutcome::Rollback(Ok(Err(Some(refused.error))));
			}
			match T::AttestorSigner::submit(&attestor, call) {
				Ok(()) => TransactionOutcome::Commit(Ok(Ok(()))),
				Err(error) => {
					log::warn!(target: LOG_TARGET, "{attestor:?}: submission stopped: {error:?}");
					TransactionOutcome::Rollback(Ok(Err(None)))
				},
			}
		});
		match outcome {
			Ok(Ok(())) => {
				self.submitted += 1;
				oracle::mark_signer_busy(
					&self.attestor,
					self.nonce.saturating_add(self.submitted),
					self.block.saturating_add(BUSY_BLOCKS + self.submitted),
				);
				Submission::Sent
			},
			Ok(Err(Some(refused))) => Submission::Refused(refused),
			Ok(Err(None)) | Err(_) => {
				self.halted = true;
				Submission::Halted
			},
		}
	}

	// ------------------------------------------------------------------------------ deposits

	/// Whether the chain has this attestor's attestation of deposit `reference`, or the deposit
	/// is settled.
	fn known(&self, reference: &H256) -> bool {
		Deposits::<T>::get(self.provider, reference).is_some_and(|record| {
			!record.state.is_open()
				|| record.attestations.iter().any(|a| a.attestor == self.attestor)
		})
	}

	/// Attests the deposits the bank listed after the cursor; stores the cursor past those
	/// attested.
	fn deposits(&mut self) {
		let limit = T::MaxDepositsPerRun::get().min(bank::MAX_PAGE_LIMIT);
		let cursor_key = bank::deposit_cursor_key(self.provider);
		let store = StorageValueRef::persistent(&cursor_key);
		let mut cursor: DepositCursor = store.get().ok().flatten().unwrap_or_default();
		// Another bank's cursors say nothing about this one's: list it from the start (what the
		// chain has is skipped).
		let endpoint_key = (ENDPOINT_PREFIX, self.provider).encode();
		let endpoint = StorageValueRef::persistent(&endpoint_key);
		if endpoint.get::<[u8; 32]>().ok().flatten() != Some(self.endpoint) {
			cursor = DepositCursor::default();
			store.set(&cursor);
			endpoint.set(&self.endpoint);
		}
		// The attestations of the run before are in blocks by now (the key is not busy): one
		// the chain does not have was lost (a restarted pool) or refused in its block, so the
		// bank's listing is read again from before it.
		let sent_key = (UNCONFIRMED_PREFIX, self.provider, &self.attestor).encode();
		let mut sent_store = StorageValueRef::persistent(&sent_key);
		let unconfirmed: Vec<(H256, u64)> = sent_store.get().ok().flatten().unwrap_or_default();
		if let Some(lost) = unconfirmed
			.iter()
			.filter(|(reference, _)| !self.known(reference))
			.map(|(_, at)| *at)
			.min()
		{
			let after = lost.saturating_sub(1).min(cursor.after);
			log::warn!(
				target: LOG_TARGET,
				"provider {}: an attestation is not on chain: listing again after {after}",
				self.provider,
			);
			cursor = DepositCursor { after };
			store.set(&cursor);
		}
		if !unconfirmed.is_empty() {
			sent_store.clear();
		}

		let Ok(request) = cursor.request(&self.base, limit) else { return };
		let page = match fetch::<T>(&request, bank::page_body_limit(limit)) {
			Some((200, body)) => match cursor.parse(&body, limit) {
				Ok(page) => page,
				Err(error) => {
					log::warn!(
						target: LOG_TARGET,
						"provider {}: deposit page refused: {error}",
						self.provider,
					);
					return;
				},
			},
			Some((status, _)) => {
				log::warn!(
					target: LOG_TARGET,
					"provider {}: deposits: HTTP {status}",
					self.provider,
				);
				return;
			},
			None => {
				log::warn!(target: LOG_TARGET, "provider {}: deposits: no answer", self.provider);
				return;
			},
		};
		let plan = bank::plan_deposits(&page, cursor, |reference| self.known(reference));
		for reference in &plan.conflicting {
			log::error!(
				target: LOG_TARGET,
				"provider {}: deposit {reference} listed with different data: not attested",
				self.provider,
			);
		}
		let mut next = plan.cursor;
		let mut sent = Vec::new();
		for deposit in &plan.attest {
			match self.attest(deposit) {
				Attested::Sent => sent.push((deposit.reference_hash, deposit.cursor)),
				Attested::Passed => {},
				Attested::Stop => {
					// Listings are in ascending cursor order: the next page starts with this one.
					next =
						DepositCursor { after: deposit.cursor.saturating_sub(1).max(cursor.after) };
					break;
				},
			}
		}
		log::debug!(
			target: LOG_TARGET,
			"provider {}: {} listed, {} repeated, {} known, {} attested, cursor {} -> {}",
			self.provider,
			page.deposits.len(),
			plan.repeated,
			plan.known,
			sent.len(),
			cursor.after,
			next.after,
		);
		if !sent.is_empty() {
			sent_store.set(&sent);
		}
		if next != cursor {
			store.set(&next);
		}
	}

	/// Attests one deposit.
	fn attest(&mut self, deposit: &BankDeposit) -> Attested {
		let reference = deposit.reference_hash;
		let record = Deposits::<T>::get(self.provider, reference);
		let now = Pallet::<T>::now().max(wall_clock());
		let Some(data) = Self::deposit_data(deposit, record.as_ref(), now) else {
			log::info!(
				target: LOG_TARGET,
				"provider {}: deposit {} in {}: no live quote, waiting",
				self.provider,
				deposit.reference,
				String::from_utf8_lossy(&deposit.currency),
			);
			return Attested::Stop;
		};
		let call = Call::attest_deposit { provider: self.provider, reference, deposit: data };
		match self.submit(call) {
			Submission::Sent => {
				log::info!(
					target: LOG_TARGET,
					"provider {}: attested deposit {} ({reference:?})",
					self.provider,
					deposit.reference,
				);
				Attested::Sent
			},
			Submission::Halted => Attested::Stop,
			Submission::Refused(error) => match Refusal::of::<T>(error) {
				Refusal::Known => Attested::Passed,
				Refusal::Later => {
					log::info!(
						target: LOG_TARGET,
						"provider {}: deposit {} waits: {error:?}",
						self.provider,
						deposit.reference,
					);
					Attested::Stop
				},
				Refusal::ForGood => {
					log::error!(
						target: LOG_TARGET,
						"provider {}: deposit {} refused by the chain ({error:?}): not attested, \
						 for governance to look at",
						self.provider,
						deposit.reference,
					);
					Attested::Passed
				},
			},
		}
	}

	/// The data to attest of a deposit listed by the bank: at par for USD; at the quote the
	/// deposit was first attested with, else the currency's latest quote while live, for
	/// another currency (`None`: no such quote).
	fn deposit_data(
		deposit: &BankDeposit,
		record: Option<&DepositRecordOf<T>>,
		now: Moment,
	) -> Option<DepositDataOf<T>> {
		let asset = *T::Stablecoins::get().first()?;
		let fiat_amount = deposit.amount_minor;
		let (amount, quote) = if deposit.currency == USD {
			(bank::usd_minor_to_base(fiat_amount)?, None)
		} else {
			// The chain checks the conversion as of the first attestation: agree on its quote.
			let first = record
				.filter(|record| record.data.fiat_currency == deposit.currency)
				.and_then(|record| record.data.quote);
			let id = first.or_else(|| {
				LatestQuote::<T>::get(deposit.currency).filter(|id| {
					Quotes::<T>::get(id).is_some_and(|quote| {
						quote.is_live_at(now)
							&& quote.is_live_at(now.saturating_add(QUOTE_MARGIN_MS))
					})
				})
			})?;
			let rate = Quotes::<T>::get(id)?.usd_per_unit;
			(fiat_to_base(fiat_amount, rate)?, Some(id))
		};
		Some(DepositData {
			account: T::AccountId::from(deposit.account.0),
			asset,
			amount,
			fiat_currency: deposit.currency,
			fiat_amount,
			quote,
		})
	}

	// ------------------------------------------------------------------------------- payouts

	/// Pays out (or asks after) the withdrawals pending at the provider that are due, and
	/// reports what the bank said.
	fn payouts(&mut self) {
		let backoff = Backoff::default();
		let mut ids: Vec<WithdrawalId> =
			PendingPayouts::<T>::iter_key_prefix(self.provider).collect();
		ids.sort_unstable();
		let mut handled = 0u32;
		for id in ids {
			if handled >= T::MaxPayoutsPerRun::get() || self.halted {
				break;
			}
			let Some(withdrawal) = Withdrawals::<T>::get(id) else { continue };
			match withdrawal.state {
				WithdrawalState::Pending { provider, .. } if provider == self.provider => {},
				_ => continue,
			}
			let reported = withdrawal
				.reports
				.iter()
				.find(|report| report.attestor == self.attestor)
				.map(|report| report.outcome);
			if reported.is_some_and(|outcome| outcome.is_definite()) {
				continue;
			}
			let key = bank::payout_attempts_key(&withdrawal.key);
			let store = StorageValueRef::persistent(&key);
			let mut attempts = PayoutAttempts::resume(store.get().ok().flatten(), self.provider);
			let Some(call) = attempts.next_call(wall_clock()) else { continue };
			handled += 1;
			let instruction = PayoutInstruction {
				key: withdrawal.key,
				bank_account: withdrawal.bank_account,
				currency: withdrawal.fiat_currency,
				amount_minor: withdrawal.fiat_amount,
			};
			let Some(verdict) = self.pay(&instruction, &mut attempts, call, &backoff, &store)
			else {
				continue;
			};
			let outcome = match &verdict {
				PayoutVerdict::Paid { reference } => {
					log::info!(
						target: LOG_TARGET,
						"withdrawal {id}: paid by provider {} ({reference})",
						self.provider,
					);
					verdict
						.paid_reference_hash()
						.map(|provider_reference| PayoutOutcome::Paid { provider_reference })
				},
				PayoutVerdict::FailedDefinitely { reason } => {
					log::warn!(
						target: LOG_TARGET,
						"withdrawal {id}: refused by provider {}: {reason}",
						self.provider,
					);
					Some(PayoutOutcome::Failed { definite: true })
				},
				// The bank never took the key and it could not be sent: nothing happened.
				PayoutVerdict::Indefinite(Indefinite::UnknownKey) => None,
				PayoutVerdict::Indefinite(cause) => {
					if *cause == Indefinite::Conflict {
						log::error!(
							target: LOG_TARGET,
							"withdrawal {id}: provider {} holds its key with other parameters: \
							 for governance to look at",
							self.provider,
						);
					} else {
						log::warn!(
							target: LOG_TARGET,
							"withdrawal {id}: provider {}: {cause:?}, retrying later",
							self.provider,
						);
					}
					// Once per attempt: the chain counts an attempt when k attestors report it.
					reported.is_none().then_some(PayoutOutcome::Failed { definite: false })
				},
			};
			if let Some(outcome) = outcome {
				let call = Call::report_payout { withdrawal: id, provider: self.provider, outcome };
				if let Submission::Refused(error) = self.submit(call) {
					log::warn!(
						target: LOG_TARGET,
						"withdrawal {id}: report refused by the chain: {error:?}",
					);
				}
			}
			if verdict == PayoutVerdict::Indefinite(Indefinite::NoResponse) {
				log::info!(
					target: LOG_TARGET,
					"provider {} does not answer: other payouts wait",
					self.provider,
				);
				break;
			}
		}
	}

	/// Makes the due payout request, then, when the bank said it does not know the key, sends
	/// the payout at once; stores the attempts' state after each answer. The last verdict
	/// (`None`: no request could be built).
	fn pay(
		&self,
		instruction: &PayoutInstruction,
		attempts: &mut PayoutAttempts,
		mut call: PayoutCall,
		backoff: &Backoff,
		store: &StorageValueRef,
	) -> Option<PayoutVerdict> {
		let mut verdict = None;
		for _ in 0..2 {
			let request = match call {
				PayoutCall::Submit => bank::payout_request(&self.base, instruction),
				PayoutCall::Lookup => Ok(bank::payout_status_request(&self.base, &instruction.key)),
			};
			let request = match request {
				Ok(request) => request,
				Err(error) => {
					log::error!(
						target: LOG_TARGET,
						"payout {:?}: no instruction: {error}",
						instruction.key,
					);
					return verdict;
				},
			};
			let reply = fetch::<T>(&request, bank::MAX_BODY_BYTES);
			let now = wall_clock();
			let answer = bank::classify_payout(
				call,
				&instruction.key,
				reply.as_ref().map(|(s, b)| (*s, &b[..])),
			);
			let step = attempts.record(call, &answer, now, backoff);
			if answer.is_definite() {
				// Known now: should the report get lost, the next run asks, never sends again.
				attempts.lookup_first = true;
				attempts.next_try_at = now;
			}
			// Stored before anything is reported.
			store.set(attempts);
			verdict = Some(answer);
			match step {
				PayoutStep::Retry { at, call: PayoutCall::Submit }
					if at <= now && call == PayoutCall::Lookup =>
				{
					call = PayoutCall::Submit
				},
				_ => break,
			}
		}
		verdict
	}

	// ------------------------------------------------------------------------------ reserves

	/// Reads and reports the provider's reserves when due.
	fn reserves(&mut self) {
		let key = (RESERVES_DUE_PREFIX, self.provider, &self.attestor).encode();
		let store = StorageValueRef::persistent(&key);
		let now = wall_clock();
		let due = store.get::<(Moment, [u8; 32])>().ok().flatten();
		// A new endpoint is read at once.
		if due.is_some_and(|(due, endpoint)| endpoint == self.endpoint && now < due) {
			return;
		}
		let interval = T::ReserveReadInterval::get();
		let reading = match fetch::<T>(&bank::reserves_request(&self.base), bank::MAX_BODY_BYTES) {
			Some((200, body)) => {
				bank::parse_reserves(&body).map_err(|error| alloc::format!("{error}"))
			},
			Some((status, _)) => Err(alloc::format!("HTTP {status}")),
			None => Err(String::from("no answer")),
		};
		let reserves = match reading {
			Ok(reserves) => reserves,
			Err(why) => {
				log::warn!(target: LOG_TARGET, "provider {}: reserves: {why}", self.provider);
				store.set(&(now.saturating_add(interval.min(RESERVES_RETRY_MS)), self.endpoint));
				return;
			},
		};
		for asset in T::Stablecoins::get() {
			let Some(amount) = reserves.of_asset(asset) else { continue };
			let call = Call::report_reserves {
				provider: self.provider,
				asset,
				amount,
				as_of: reserves.as_of,
			};
			match self.submit(call) {
				Submission::Sent => log::info!(
					target: LOG_TARGET,
					"provider {}: reserves of asset {asset}: {amount} as of {}",
					self.provider,
					reserves.as_of,
				),
				// Reported already: the bank's statement has not changed.
				Submission::Refused(error)
					if error == Error::<T>::StaleReport.into()
						|| error == Error::<T>::AlreadyAttested.into() => {},
				Submission::Refused(error) => log::warn!(
					target: LOG_TARGET,
					"provider {}: reserves of asset {asset} as of {} refused by the chain: {error:?}",
					self.provider,
					reserves.as_of,
				),
				// Read again next run.
				Submission::Halted => return,
			}
		}
		store.set(&(now.saturating_add(interval), self.endpoint));
	}
}

impl<T: Config> Pallet<T> {
	/// One run of the worker at block `block`. What it does to the chain's state (it applies
	/// each call before submitting it) is rolled back; its offchain storage stays.
	pub(crate) fn bridge_worker(block: BlockNumberFor<T>) {
		let attestors = T::AttestorSigner::local_accounts();
		if attestors.is_empty() {
			return;
		}
		let block: u64 = block.unique_saturated_into();
		let _ = with_transaction(|| {
			Self::attestor_runs(&attestors, block);
			TransactionOutcome::Rollback(Ok::<(), DispatchError>(()))
		});
	}

	fn attestor_runs(attestors: &[T::AccountId], block: u64) {
		let mut providers: Vec<(ProviderId, ProviderOf<T>)> = Providers::<T>::iter().collect();
		providers.sort_unstable_by_key(|(id, _)| *id);
		for attestor in attestors {
			for (id, provider) in &providers {
				if !provider.is_attestor(attestor) {
					continue;
				}
				let Some(endpoint) = ProviderEndpoints::<T>::get(id) else { continue };
				let Ok(base) = core::str::from_utf8(&endpoint) else { continue };
				Self::run(attestor, *id, base, block);
			}
		}
	}

	/// Longest a run may take: its requests' deadlines, and some slack.
	fn run_bound() -> u64 {
		let requests = 3u64.saturating_add(2u64.saturating_mul(T::MaxPayoutsPerRun::get().into()));
		T::BankTimeout::get().saturating_mul(requests).saturating_add(LOCK_SLACK_MS)
	}

	/// One run of `attestor` at `provider`, whose API answers at `base`.
	fn run(attestor: &T::AccountId, provider: ProviderId, base: &str, block: u64) {
		if oracle::signer_busy::<T>(attestor, block) {
			return;
		}
		let lock_key = (LOCK_PREFIX, provider, attestor).encode();
		let mut lock =
			StorageLock::<Time>::with_deadline(&lock_key, Duration::from_millis(Self::run_bound()));
		let Ok(_guard) = lock.try_lock() else { return };
		let mut run = Run::<T> {
			attestor: attestor.clone(),
			provider,
			base: String::from(base),
			endpoint: sp_io::hashing::blake2_256(base.as_bytes()),
			block,
			nonce: 0,
			submitted: 0,
			halted: false,
		};
		run.deposits();
		if !run.halted {
			run.payouts();
		}
		if !run.halted {
			run.reserves();
		}
		if run.submitted > 0 {
			log::debug!(
				target: LOG_TARGET,
				"{attestor:?} at provider {provider}: {} transaction(s) submitted",
				run.submitted,
			);
		}
	}
}
