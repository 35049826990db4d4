//! The off-chain worker against a scripted bank: the node's keystore holds the dev oracle key,
//! which attests alone (1 of 1) for the primary, whose endpoint is [`PRIMARY_URL`].
//!
//! The SDK's `TestOffchainExt` answers every request with 200, so these tests bring their own
//! offchain externalities ([`FakeBank`]): each request must be the next one expected (method,
//! URL and, where given, body), or the test fails; an answer is a status and a body, or none
//! at all (the deadline passes). A fake pool can refuse transactions. Every run happens at a
//! block of the test chain and returns the transactions it submitted, each checked as signed
//! by the oracle key with consecutive nonces; [`Worker::include`] applies them as a block
//! would.

use super::{rates::quote, *};
use codec::Decode;
use frame_support::{
	assert_ok,
	traits::{Hooks, UnfilteredDispatchable},
	BoundedVec,
};
use genex_offchain::bridge::{self as bank, hex, reference_hash, DepositCursor};
use genex_primitives::{dev, oracle::ORACLE_KEY_TYPE};
use pallet_compliance::KycLevel;
use sp_core::{
	offchain::{
		DbExternalities, Externalities, HttpError, HttpRequestId, HttpRequestStatus, OffchainDbExt,
		OffchainWorkerExt, OpaqueNetworkState, StorageKind, Timestamp, TransactionPool,
		TransactionPoolExt,
	},
	OpaquePeerId,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::traits::{Checkable, IdentityLookup};
use std::{
	collections::{BTreeMap, VecDeque},
	sync::{Arc, Mutex},
};

/// The worker's account: the dev oracle key's.
const WORKER: AccountId = dev::ORACLE.address;
/// Where the primary's API answers.
const PRIMARY_URL: &str = "http://bank.test/banks/primary_bank";
/// Where the backup's answers (its genesis endpoint).
const BACKUP_URL: &str = "http://127.0.0.1:9960/banks/backup_processor";
/// The bank account withdrawals pay (its hash).
const BANK_ACCOUNT: H256 = H256::repeat_byte(0xBA);
const SECOND: Moment = 1_000;

// ------------------------------------------------------------------------- the fake bank

/// A scripted answer.
#[derive(Clone, Debug)]
enum Reply {
	/// A status and a body.
	Answer(u16, Vec<u8>),
	/// Nothing before the deadline.
	NoAnswer,
}

fn answer(status: u16, body: impl Into<Vec<u8>>) -> Reply {
	Reply::Answer(status, body.into())
}

#[derive(Debug)]
struct Expected {
	method: &'static str,
	url: String,
	body: Option<String>,
	reply: Reply,
}

/// A request the worker sent.
#[derive(Clone, Debug, Default)]
struct Sent {
	method: String,
	url: String,
	headers: Vec<(String, String)>,
	body: Vec<u8>,
}

struct Open {
	sent: Sent,
	reply: Option<Reply>,
	read: usize,
}

#[derive(Default)]
struct BankState {
	expected: VecDeque<Expected>,
	sent: Vec<Sent>,
	open: BTreeMap<u16, Open>,
	next_id: u16,
	now: Moment,
	storage: BTreeMap<Vec<u8>, Vec<u8>>,
}

/// Offchain externalities whose HTTP requests a script answers, with persistent storage.
#[derive(Clone, Default)]
struct FakeBank(Arc<Mutex<BankState>>);

impl FakeBank {
	fn state(&self) -> std::sync::MutexGuard<'_, BankState> {
		self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	fn expect(&self, method: &'static str, url: String, body: Option<String>, reply: Reply) {
		self.state().expected.push_back(Expected { method, url, body, reply });
	}

	fn assert_done(&self) {
		let state = self.state();
		assert!(state.expected.is_empty(), "requests not made: {:?}", state.expected);
	}

	/// Every request sent so far, in order.
	fn sent(&self) -> Vec<Sent> {
		self.state().sent.clone()
	}
}

impl Externalities for FakeBank {
	fn is_validator(&self) -> bool {
		true
	}
	fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
		Ok(OpaqueNetworkState { peer_id: Default::default(), external_addresses: vec![] })
	}
	fn timestamp(&mut self) -> Timestamp {
		Timestamp::from_unix_millis(self.state().now)
	}
	fn sleep_until(&mut self, deadline: Timestamp) {
		self.state().now = deadline.unix_millis();
	}
	fn random_seed(&mut self) -> [u8; 32] {
		[7; 32]
	}
	fn http_request_start(
		&mut self,
		method: &str,
		uri: &str,
		_: &[u8],
	) -> Result<HttpRequestId, ()> {
		let mut state = self.state();
		let id = state.next_id;
		state.next_id += 1;
		let sent = Sent { method: method.into(), url: uri.into(), ..Default::default() };
		state.open.insert(id, Open { sent, reply: None, read: 0 });
		Ok(HttpRequestId(id))
	}
	fn http_request_add_header(
		&mut self,
		id: HttpRequestId,
		name: &str,
		value: &str,
	) -> Result<(), ()> {
		let mut state = self.state();
		let open = state.open.get_mut(&id.0).ok_or(())?;
		open.sent.headers.push((name.into(), value.into()));
		Ok(())
	}
	fn http_request_write_body(
		&mut self,
		id: HttpRequestId,
		chunk: &[u8],
		_: Option<Timestamp>,
	) -> Result<(), HttpError> {
		let mut state = self.state();
		if !chunk.is_empty() {
			let open = state.open.get_mut(&id.0).ok_or(HttpError::IoError)?;
			open.sent.body.extend_from_slice(chunk);
			return Ok(());
		}
		let sent = state.open.get(&id.0).ok_or(HttpError::IoError)?.sent.clone();
		let body = String::from_utf8_lossy(&sent.body).into_owned();
		let Some(expected) = state.expected.pop_front() else {
			drop(state);
			panic!("unexpected request: {} {} {body}", sent.method, sent.url);
		};
		let matches = expected.method == sent.method
			&& expected.url == sent.url
			&& expected.body.as_ref().is_none_or(|expected| *expected == body);
		if !matches {
			drop(state);
			panic!("expected {expected:?}, got {} {} {body}", sent.method, sent.url);
		}
		state.open.get_mut(&id.0).expect("open").reply = Some(expected.reply);
		state.sent.push(sent);
		Ok(())
	}
	fn http_response_wait(
		&mut self,
		ids: &[HttpRequestId],
		_: Option<Timestamp>,
	) -> Vec<HttpRequestStatus> {
		let state = self.state();
		ids.iter()
			.map(|id| match state.open.get(&id.0).and_then(|open| open.reply.as_ref()) {
				Some(Reply::Answer(status, _)) => HttpRequestStatus::Finished(*status),
				Some(Reply::NoAnswer) => HttpRequestStatus::DeadlineReached,
				None => HttpRequestStatus::Invalid,
			})
			.collect()
	}
	fn http_response_headers(&mut self, _: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		vec![(b"Content-Type".to_vec(), b"application/json".to_vec())]
	}
	fn http_response_read_body(
		&mut self,
		id: HttpRequestId,
		buffer: &mut [u8],
		_: Option<Timestamp>,
	) -> Result<usize, HttpError> {
		let mut state = self.state();
		let open = state.open.get_mut(&id.0).ok_or(HttpError::IoError)?;
		let Some(Reply::Answer(_, body)) = &open.reply else { return Err(HttpError::IoError) };
		let read = buffer.len().min(body.len() - open.read);
		buffer[..read].copy_from_slice(&body[open.read..open.read + read]);
		open.read += read;
		if read == 0 {
			state.open.remove(&id.0);
		}
		Ok(read)
	}
	fn set_authorized_nodes(&mut self, _: Vec<OpaquePeerId>, _: bool) {
		unimplemented!("not used by the worker")
	}
}

impl DbExternalities for FakeBank {
	fn local_storage_set(&mut self, _: StorageKind, key: &[u8], value: &[u8]) {
		self.state().storage.insert(key.to_vec(), value.to_vec());
	}
	fn local_storage_clear(&mut self, _: StorageKind, key: &[u8]) {
		self.state().storage.remove(key);
	}
	fn local_storage_compare_and_set(
		&mut self,
		_: StorageKind,
		key: &[u8],
		old: Option<&[u8]>,
		new: &[u8],
	) -> bool {
		let mut state = self.state();
		if state.storage.get(key).map(Vec::as_slice) != old {
			return false;
		}
		state.storage.insert(key.to_vec(), new.to_vec());
		true
	}
	fn local_storage_get(&mut self, _: StorageKind, key: &[u8]) -> Option<Vec<u8>> {
		self.state().storage.get(key).cloned()
	}
}

/// A transaction pool that takes `accept` more transactions, then refuses.
#[derive(Clone, Default)]
struct FakePool(Arc<Mutex<(Vec<Vec<u8>>, Option<usize>)>>);

impl TransactionPool for FakePool {
	fn submit_transaction(&mut self, extrinsic: Vec<u8>) -> Result<(), ()> {
		let mut pool = self.0.lock().unwrap();
		match &mut pool.1 {
			Some(0) => return Err(()),
			Some(left) => *left -= 1,
			None => {},
		}
		pool.0.push(extrinsic);
		Ok(())
	}
}

// ------------------------------------------------------------------------- the harness

fn endpoint(url: &str) -> EndpointOf<Test> {
	BoundedVec::truncate_from(url.as_bytes().to_vec())
}

fn attestors(list: &[AccountId]) -> AttestorsOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

/// The test chain with the worker's offchain externalities, pool and keystore.
struct Worker {
	ext: sp_io::TestExternalities,
	bank: FakeBank,
	pool: FakePool,
}

impl Worker {
	/// A node holding the dev oracle key, the primary's only attestor.
	fn new() -> Self {
		let keystore = MemoryKeystore::new();
		keystore
			.ecdsa_generate_new(ORACLE_KEY_TYPE, Some(dev::ORACLE.private_key))
			.unwrap();
		Self::with_keystore(keystore)
	}

	/// A node without any oracle key.
	fn keyless() -> Self {
		Self::with_keystore(MemoryKeystore::new())
	}

	fn with_keystore(keystore: MemoryKeystore) -> Self {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			healthy_reserves();
			assert_ok!(FiatBridge::set_provider_attestors(
				root(),
				PRIMARY,
				attestors(&[WORKER]),
				1
			));
			assert_ok!(FiatBridge::set_provider_endpoint(
				root(),
				PRIMARY,
				Some(endpoint(PRIMARY_URL))
			));
			System::reset_events();
		});
		let bank = FakeBank::default();
		bank.state().now = NOW;
		let pool = FakePool::default();
		ext.register_extension(OffchainWorkerExt::new(bank.clone()));
		ext.register_extension(OffchainDbExt::new(bank.clone()));
		ext.register_extension(TransactionPoolExt::new(pool.clone()));
		ext.register_extension(KeystoreExt(Arc::new(keystore)));
		Self { ext, bank, pool }
	}

	fn run<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(|| {
			let result = f();
			FiatBridge::do_try_state().expect("invariants hold");
			result
		})
	}

	fn expect(&self, method: &'static str, path: &str, body: Option<String>, reply: Reply) {
		self.bank.expect(method, format!("{PRIMARY_URL}{path}"), body, reply);
	}

	/// The bank lists `entries` after `after`.
	fn expect_deposits(&self, after: u64, entries: &[String], next: u64) {
		let body = format!(r#"{{"deposits":[{}],"next":{next}}}"#, entries.join(","));
		self.expect("GET", &format!("/deposits?after={after}&limit=50"), None, answer(200, body));
	}

	/// The bank lists nothing new after `after`.
	fn expect_no_deposits(&self, after: u64) {
		self.expect_deposits(after, &[], after);
	}

	/// The bank's reserves as of `as_of`.
	fn expect_reserves(&self, as_of: Moment, usdc: Balance, usdt: Balance) {
		let body = format!(r#"{{"as_of":{as_of},"reserves":{{"USDC":"{usdc}","USDT":"{usdt}"}}}}"#);
		self.expect("GET", "/reserves", None, answer(200, body));
	}

	/// The statement the chain has already (`healthy_reserves`): read, nothing to report.
	fn expect_reserves_unchanged(&self) {
		self.expect_reserves(NOW, AMPLE_RESERVES, AMPLE_RESERVES);
	}

	/// Runs the worker at `block` as a node does and returns what it submitted, each checked
	/// as signed by the oracle key, nonces following its account nonce; checks that the bank
	/// got every request expected.
	fn work(&mut self, block: u64) -> Vec<Call<Test>> {
		let pool = self.pool.clone();
		let calls = self.run(|| {
			System::set_block_number(block);
			FiatBridge::offchain_worker(block);
			let mut nonce = System::account_nonce(WORKER);
			let submitted = std::mem::take(&mut pool.0.lock().unwrap().0);
			submitted
				.iter()
				.map(|bytes| {
					let xt = Extrinsic::decode(&mut &bytes[..]).expect("a transaction");
					let checked = xt
						.check(&IdentityLookup::<AccountId>::default())
						.expect("signed by the oracle key, verifies");
					match checked.format {
						sp_runtime::generic::ExtrinsicFormat::Signed(who, extension) => {
							assert_eq!(who, WORKER);
							assert_eq!(extension.0, nonce, "consecutive nonces");
							nonce += 1;
						},
						_ => panic!("a signed transaction"),
					}
					match checked.function {
						RuntimeCall::FiatBridge(call) => call,
						other => panic!("not a bridge call: {other:?}"),
					}
				})
				.collect()
		});
		self.bank.assert_done();
		calls
	}

	/// Applies the worker's transactions as a block would.
	fn include(&mut self, calls: Vec<Call<Test>>) {
		self.run(|| {
			for call in calls {
				System::inc_account_nonce(WORKER);
				assert_ok!(call.dispatch_bypass_filter(signed(WORKER)));
			}
		})
	}

	/// Sets the wall clock and the chain's time.
	fn set_time(&mut self, now: Moment) {
		self.bank.state().now = now;
		self.run(|| pallet_timestamp::Now::<Test>::put(now));
	}

	/// The worker's deposit cursor for `provider`.
	fn cursor(&mut self, provider: ProviderId) -> Option<DepositCursor> {
		let raw = self.bank.state().storage.get(&bank::deposit_cursor_key(provider)).cloned()?;
		Some(DepositCursor::decode(&mut &raw[..]).expect("a cursor"))
	}

	/// `who` withdraws `base` units of USDC as USD to `BANK_ACCOUNT`; the withdrawal's id.
	fn withdraw(&mut self, who: AccountId, base: Balance) -> WithdrawalId {
		self.run(|| {
			let id = NextWithdrawalId::<Test>::get();
			assert_ok!(FiatBridge::request_withdrawal(
				signed(who),
				USDC,
				base,
				BANK_ACCOUNT,
				USD,
				None,
				None
			));
			id
		})
	}
}

/// A deposit as the bank lists it.
fn listed(cursor: u64, reference: &str, account: AccountId, currency: &str, minor: u128) -> String {
	format!(
		r#"{{"cursor":{cursor},"reference":"{reference}","account":"{}","currency":"{currency}","amount_minor":"{minor}","received_at":{NOW}}}"#,
		hex(&account.0)
	)
}

fn attestation(reference: &str, deposit: DepositDataOf<Test>) -> Call<Test> {
	Call::attest_deposit { provider: PRIMARY, reference: reference_hash(reference), deposit }
}

fn usd_data(account: AccountId, minor: u128) -> DepositDataOf<Test> {
	DepositData {
		account,
		asset: USDC,
		amount: minor * 10_000,
		fiat_currency: USD,
		fiat_amount: minor,
		quote: None,
	}
}

/// The contract's payout instruction for withdrawal `id` of `minor` US cents.
fn payout_body(id: WithdrawalId, minor: u128) -> String {
	format!(
		r#"{{"key":"{}","bank_account":"{}","currency":"USD","amount_minor":"{minor}"}}"#,
		hex(idempotency_key(id).as_bytes()),
		hex(BANK_ACCOUNT.as_bytes())
	)
}

fn paid_body(id: WithdrawalId, reference: &str) -> String {
	format!(
		r#"{{"key":"{}","status":"paid","reference":"{reference}"}}"#,
		hex(idempotency_key(id).as_bytes())
	)
}

fn status_path(id: WithdrawalId) -> String {
	format!("/payouts/{}", hex(idempotency_key(id).as_bytes()))
}

fn report(id: WithdrawalId, outcome: PayoutOutcome) -> Call<Test> {
	Call::report_payout { withdrawal: id, provider: PRIMARY, outcome }
}

const TIMEOUT: PayoutOutcome = PayoutOutcome::Failed { definite: false };
const REFUSED: PayoutOutcome = PayoutOutcome::Failed { definite: true };

fn paid(reference: &str) -> PayoutOutcome {
	PayoutOutcome::Paid { provider_reference: reference_hash(reference) }
}

fn withdrawal_state(id: WithdrawalId) -> WithdrawalState {
	Withdrawals::<Test>::get(id).expect("a withdrawal").state
}

/// How many payouts the worker posted to `url`.
fn posts(bank: &FakeBank, url: &str) -> usize {
	bank.sent()
		.iter()
		.filter(|sent| sent.method == "POST" && sent.url == url)
		.count()
}

// ------------------------------------------------------------------------------ deposits

#[test]
fn deposits_are_attested_once_with_the_exact_data() {
	let mut worker = Worker::new();
	let (first, second) = ("primary_bank-000001", "primary_bank-000002");
	// The first deposit is notified twice in the page.
	worker.expect_deposits(
		0,
		&[
			listed(1, first, ALICE, "USD", 10_000),
			listed(2, second, BOB, "USD", 250),
			listed(3, first, ALICE, "USD", 10_000),
		],
		3,
	);
	worker.expect_reserves_unchanged();
	let calls = worker.work(2);
	assert_eq!(
		calls,
		vec![
			attestation(
				first,
				DepositData {
					account: ALICE,
					asset: USDC,
					amount: 100 * DOLLAR,
					fiat_currency: USD,
					fiat_amount: 10_000,
					quote: None,
				}
			),
			attestation(second, usd_data(BOB, 250)),
		]
	);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 3 }));
	worker.run(|| {
		assert!(
			Deposits::<Test>::get(PRIMARY, reference_hash(first)).is_none(),
			"what the worker applied to its own state is rolled back"
		);
	});
	// Its transactions may still be in the pool: the next block's run asks nothing.
	assert!(worker.work(3).is_empty());

	worker.include(calls);
	worker.run(|| {
		assert!(is_minted(PRIMARY, reference_hash(first)));
		assert!(is_minted(PRIMARY, reference_hash(second)));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 100 * DOLLAR);
		assert_eq!(balance(USDC, BOB), START_BALANCE + 2_500_000);
	});
	// The bank notifies the first deposit once more: the worker asks after its cursor and
	// attests nothing new.
	worker.expect_deposits(3, &[listed(4, first, ALICE, "USD", 10_000)], 4);
	assert!(worker.work(4).is_empty());
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 4 }));
	worker.expect_no_deposits(4);
	assert!(worker.work(5).is_empty());
	worker.run(|| assert_eq!(balance(USDC, ALICE), START_BALANCE + 100 * DOLLAR));
}

#[test]
fn a_deposit_in_another_currency_waits_for_a_live_quote() {
	let mut worker = Worker::new();
	worker.expect_deposits(
		0,
		&[
			listed(1, "b-1", ALICE, "USD", 500),
			listed(2, "b-2", BOB, "EUR", 10_000),
			listed(3, "b-3", ALICE, "USD", 700),
		],
		3,
	);
	worker.expect_reserves_unchanged();
	// The genesis EUR rate is only a reference, never live: the run stops before b-2.
	let calls = worker.work(2);
	assert_eq!(calls, vec![attestation("b-1", usd_data(ALICE, 500))]);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 1 }));
	worker.include(calls);

	// The rate oracle quotes EUR: b-2 converts at that quote.
	let eur = worker.run(|| quote(*b"EUR", eur_rate()));
	worker.expect_deposits(
		1,
		&[listed(2, "b-2", BOB, "EUR", 10_000), listed(3, "b-3", ALICE, "USD", 700)],
		3,
	);
	let calls = worker.work(3);
	let converted = fiat_to_base(10_000, eur_rate()).unwrap();
	assert_eq!(converted, 108 * DOLLAR);
	assert_eq!(
		calls,
		vec![
			attestation(
				"b-2",
				DepositData {
					account: BOB,
					asset: USDC,
					amount: converted,
					fiat_currency: *b"EUR",
					fiat_amount: 10_000,
					quote: Some(eur),
				}
			),
			attestation("b-3", usd_data(ALICE, 700)),
		]
	);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 3 }));
	worker.include(calls);
	worker.run(|| {
		assert_eq!(balance(USDC, BOB), START_BALANCE + 108 * DOLLAR);
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 12 * DOLLAR);
	});

	// A quote about to expire is not picked for a new deposit.
	worker.set_time(NOW + 15 * MINUTE - SECOND);
	worker.expect_deposits(3, &[listed(4, "b-4", BOB, "EUR", 100)], 4);
	worker.expect_reserves_unchanged();
	assert!(worker.work(4).is_empty());
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 3 }));
}

#[test]
fn a_deposit_the_chain_cannot_take_yet_keeps_the_cursor_before_it() {
	let mut worker = Worker::new();
	worker.run(|| set_kyc(ALICE, KycLevel::L2));
	// Three deposits of $20,000: the primary's allowance holds $50,000.
	let big = |cursor: u64| listed(cursor, &format!("big-{cursor}"), ALICE, "USD", 2_000_000);
	worker.expect_deposits(0, &[big(1), big(2), big(3)], 3);
	worker.expect_reserves_unchanged();
	let calls = worker.work(2);
	assert_eq!(
		calls,
		vec![
			attestation("big-1", usd_data(ALICE, 2_000_000)),
			attestation("big-2", usd_data(ALICE, 2_000_000))
		],
		"the third would exceed the allowance the first two leave"
	);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 2 }));
	worker.include(calls);

	// 20 blocks later $20,000 more are available. A deposit above the per-deposit cap is
	// refused for good: passed over, never attested.
	worker.expect_deposits(
		2,
		&[
			big(3),
			listed(4, "huge", ALICE, "USD", 3_000_000),
			listed(5, "small", ALICE, "USD", 1_000),
		],
		5,
	);
	let calls = worker.work(22);
	assert_eq!(
		calls,
		vec![
			attestation("big-3", usd_data(ALICE, 2_000_000)),
			attestation("small", usd_data(ALICE, 1_000))
		]
	);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 5 }));
	worker.include(calls);
	worker.run(|| {
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 60_010 * DOLLAR);
		assert!(Deposits::<Test>::get(PRIMARY, reference_hash("huge")).is_none());
	});
}

#[test]
fn a_refused_submission_keeps_the_cursor_before_it() {
	let mut worker = Worker::new();
	worker.pool.0.lock().unwrap().1 = Some(1);
	worker.expect_deposits(
		0,
		&[
			listed(1, "r-1", ALICE, "USD", 100),
			listed(2, "r-2", BOB, "USD", 200),
			listed(3, "r-3", BOB, "USD", 300),
		],
		3,
	);
	// The pool refuses the second: the run stops there (no payouts, no reserves read).
	let calls = worker.work(2);
	assert_eq!(calls, vec![attestation("r-1", usd_data(ALICE, 100))]);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 1 }));
	worker.include(calls);

	worker.pool.0.lock().unwrap().1 = None;
	worker.expect_deposits(
		1,
		&[listed(2, "r-2", BOB, "USD", 200), listed(3, "r-3", BOB, "USD", 300)],
		3,
	);
	worker.expect_reserves_unchanged();
	let calls = worker.work(3);
	assert_eq!(
		calls,
		vec![attestation("r-2", usd_data(BOB, 200)), attestation("r-3", usd_data(BOB, 300))]
	);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 3 }));
}

#[test]
fn a_lost_attestation_is_attested_again() {
	let mut worker = Worker::new();
	worker.expect_deposits(0, &[listed(1, "l-1", ALICE, "USD", 100)], 1);
	worker.expect_reserves_unchanged();
	assert_eq!(worker.work(2), vec![attestation("l-1", usd_data(ALICE, 100))]);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 1 }));
	// The transaction never makes it into a block (say the node restarted). Once it counts as
	// lost (block 2 + 3 + 1), the chain does not have the attestation: the worker lists the
	// bank again from before it and attests it again.
	assert!(worker.work(5).is_empty());
	worker.expect_deposits(
		0,
		&[listed(1, "l-1", ALICE, "USD", 100), listed(2, "l-2", BOB, "USD", 200)],
		2,
	);
	let calls = worker.work(6);
	assert_eq!(
		calls,
		vec![attestation("l-1", usd_data(ALICE, 100)), attestation("l-2", usd_data(BOB, 200))]
	);
	worker.include(calls);
	// Both on chain: the cursor stays.
	worker.expect_no_deposits(2);
	assert!(worker.work(7).is_empty());
	worker.run(|| assert_eq!(balance(USDC, ALICE), START_BALANCE + DOLLAR));
}

#[test]
fn a_new_endpoint_is_listed_from_the_start_and_read_at_once() {
	let mut worker = Worker::new();
	worker.expect_deposits(0, &[listed(7, "n-1", ALICE, "USD", 100)], 7);
	worker.expect_reserves_unchanged();
	let calls = worker.work(2);
	assert_eq!(calls.len(), 1);
	worker.include(calls);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 7 }));
	// Governance moves the primary to another address (another ledger, its own cursors).
	const MOVED: &str = "http://moved.test/bank";
	worker.run(|| {
		assert_ok!(FiatBridge::set_provider_endpoint(root(), PRIMARY, Some(endpoint(MOVED))));
	});
	let page = format!(
		r#"{{"deposits":[{},{}],"next":2}}"#,
		listed(1, "n-1", ALICE, "USD", 100),
		listed(2, "n-2", BOB, "USD", 300)
	);
	worker.bank.expect(
		"GET",
		format!("{MOVED}/deposits?after=0&limit=50"),
		None,
		answer(200, page),
	);
	worker.bank.expect(
		"GET",
		format!("{MOVED}/reserves"),
		None,
		answer(200, format!(r#"{{"as_of":{NOW},"reserves":{{"USDC":"1","USDT":"1"}}}}"#)),
	);
	// n-1 is on chain already: only n-2 is attested.
	assert_eq!(worker.work(3), vec![attestation("n-2", usd_data(BOB, 300))]);
	assert_eq!(worker.cursor(PRIMARY), Some(DepositCursor { after: 2 }));
}

// ------------------------------------------------------------------------------- payouts

#[test]
fn payouts_carry_the_idempotency_key_and_a_paid_answer_is_reported() {
	let mut worker = Worker::new();
	// $123.45.
	let id = worker.withdraw(ALICE, 123_450_000);
	worker.run(|| {
		let withdrawal = Withdrawals::<Test>::get(id).unwrap();
		assert_eq!(withdrawal.key, idempotency_key(id));
		assert_eq!(withdrawal.fiat_amount, 12_345);
	});
	worker.expect_no_deposits(0);
	worker.expect(
		"POST",
		"/payouts",
		Some(payout_body(id, 12_345)),
		answer(200, paid_body(id, "primary_bank-P-000001")),
	);
	worker.expect_reserves_unchanged();
	let calls = worker.work(2);
	assert_eq!(calls, vec![report(id, paid("primary_bank-P-000001"))]);
	let post = worker.bank.sent().into_iter().find(|sent| sent.method == "POST").unwrap();
	let length = post.body.len().to_string();
	assert!(String::from_utf8(post.body)
		.unwrap()
		.contains(&hex(idempotency_key(id).as_bytes())));
	// With its length: the node's HTTP client would otherwise chunk it, which banks refuse.
	assert_eq!(
		post.headers,
		vec![
			("Content-Type".to_string(), "application/json".to_string()),
			("Content-Length".to_string(), length),
		]
	);

	worker.include(calls);
	worker.run(|| {
		assert!(matches!(
			withdrawal_state(id),
			WithdrawalState::Paid { provider: PRIMARY, provider_reference, .. }
				if provider_reference == reference_hash("primary_bank-P-000001")
		));
		assert_eq!(TotalBurned::<Test>::get(USDC), 123_450_000);
	});
	// Nothing is pending any more: no payout request.
	worker.expect_no_deposits(0);
	assert!(worker.work(3).is_empty());
	assert_eq!(posts(&worker.bank, &format!("{PRIMARY_URL}/payouts")), 1);
}

#[test]
fn a_lost_report_is_recovered_by_asking_the_bank_not_by_paying_again() {
	let mut worker = Worker::new();
	let id = worker.withdraw(ALICE, 40 * DOLLAR);
	worker.expect_no_deposits(0);
	worker.expect(
		"POST",
		"/payouts",
		Some(payout_body(id, 4_000)),
		answer(200, paid_body(id, "P-1")),
	);
	worker.expect_reserves_unchanged();
	assert_eq!(worker.work(2), vec![report(id, paid("P-1"))]);
	// The report never makes it into a block. While it may still be in the pool (until
	// block 2 + 3 + 1) the worker waits; then it asks what became of the key.
	assert!(worker.work(5).is_empty());
	worker.expect_no_deposits(0);
	worker.expect("GET", &status_path(id), None, answer(200, paid_body(id, "P-1")));
	let calls = worker.work(6);
	assert_eq!(calls, vec![report(id, paid("P-1"))]);
	worker.include(calls);
	worker.run(|| assert!(matches!(withdrawal_state(id), WithdrawalState::Paid { .. })));
	assert_eq!(posts(&worker.bank, &format!("{PRIMARY_URL}/payouts")), 1, "paid once");
}

#[test]
fn a_5xx_or_no_answer_is_retried_at_the_same_bank_never_failed_over() {
	let mut worker = Worker::new();
	let id = worker.withdraw(ALICE, 30 * DOLLAR);
	// The bank fails: an attempt that ended unknown.
	worker.expect_no_deposits(0);
	worker.expect("POST", "/payouts", Some(payout_body(id, 3_000)), answer(500, "oops"));
	worker.expect_reserves_unchanged();
	let calls = worker.work(2);
	assert_eq!(calls, vec![report(id, TIMEOUT)]);
	worker.include(calls);
	worker.run(|| {
		assert_eq!(
			withdrawal_state(id),
			WithdrawalState::Pending { provider: PRIMARY, attempts: 1 }
		);
		assert!(PendingPayouts::<Test>::get(BACKUP, id).is_none());
	});
	// Not before the backoff (6 s).
	worker.set_time(NOW + 5 * SECOND);
	worker.expect_no_deposits(0);
	assert!(worker.work(3).is_empty());
	// Then it asks about the key first, and gets no answer: another attempt counted.
	worker.set_time(NOW + 6 * SECOND);
	worker.expect_no_deposits(0);
	worker.expect("GET", &status_path(id), None, Reply::NoAnswer);
	let calls = worker.work(4);
	assert_eq!(calls, vec![report(id, TIMEOUT)]);
	worker.include(calls);
	// 12 s later: a 503.
	worker.set_time(NOW + 18 * SECOND);
	worker.expect_no_deposits(0);
	worker.expect("GET", &status_path(id), None, answer(503, ""));
	let calls = worker.work(5);
	assert_eq!(calls, vec![report(id, TIMEOUT)]);
	worker.include(calls);
	worker.run(|| {
		assert_eq!(
			withdrawal_state(id),
			WithdrawalState::Pending { provider: PRIMARY, attempts: 3 }
		);
	});
	// 24 s later the bank answers: it had paid.
	worker.set_time(NOW + 42 * SECOND);
	worker.expect_no_deposits(0);
	worker.expect("GET", &status_path(id), None, answer(200, paid_body(id, "late")));
	let calls = worker.work(6);
	assert_eq!(calls, vec![report(id, paid("late"))]);
	worker.include(calls);
	worker.run(|| {
		assert!(matches!(withdrawal_state(id), WithdrawalState::Paid { provider: PRIMARY, .. }))
	});
	assert_eq!(posts(&worker.bank, &format!("{PRIMARY_URL}/payouts")), 1, "one instruction");
	assert!(worker.bank.sent().iter().all(|sent| sent.url.starts_with(PRIMARY_URL)));
}

#[test]
fn a_bank_that_does_not_answer_holds_the_runs_other_payouts() {
	let mut worker = Worker::new();
	let first = worker.withdraw(ALICE, 10 * DOLLAR);
	let second = worker.withdraw(ALICE, 20 * DOLLAR);
	worker.expect_no_deposits(0);
	worker.expect("POST", "/payouts", Some(payout_body(first, 1_000)), Reply::NoAnswer);
	worker.expect_reserves_unchanged();
	// No request for the second withdrawal in this run.
	assert_eq!(worker.work(2), vec![report(first, TIMEOUT)]);
	worker.include(vec![report(first, TIMEOUT)]);
	// The next run sends the second; the first waits for its backoff.
	worker.expect_no_deposits(0);
	worker.expect(
		"POST",
		"/payouts",
		Some(payout_body(second, 2_000)),
		answer(200, paid_body(second, "P-2")),
	);
	assert_eq!(worker.work(3), vec![report(second, paid("P-2"))]);
}

#[test]
fn only_the_banks_explicit_failure_fails_over() {
	let mut worker = Worker::new();
	// Two attestors must agree: the worker's timeout report stays with the attempt.
	worker.run(|| {
		assert_ok!(FiatBridge::set_provider_attestors(
			root(),
			PRIMARY,
			attestors(&[WORKER, A2]),
			2
		));
	});
	let id = worker.withdraw(ALICE, 25 * DOLLAR);
	worker.expect_no_deposits(0);
	worker.expect("POST", "/payouts", Some(payout_body(id, 2_500)), answer(503, ""));
	worker.expect_reserves_unchanged();
	let calls = worker.work(2);
	assert_eq!(calls, vec![report(id, TIMEOUT)]);
	worker.include(calls);
	// A 500 to the lookup: no second report of the same attempt.
	worker.set_time(NOW + 6 * SECOND);
	worker.expect_no_deposits(0);
	worker.expect("GET", &status_path(id), None, answer(500, ""));
	assert!(worker.work(3).is_empty());
	// The bank does not know the key (the first instruction never reached it): only now is it
	// sent again, the same instruction, which the bank refuses for good.
	worker.set_time(NOW + 18 * SECOND);
	worker.expect_no_deposits(0);
	worker.expect("GET", &status_path(id), None, answer(404, r#"{"error":"unknown key"}"#));
	worker.expect(
		"POST",
		"/payouts",
		Some(payout_body(id, 2_500)),
		answer(
			200,
			format!(
				r#"{{"key":"{}","status":"failed","reason":"account closed"}}"#,
				hex(idempotency_key(id).as_bytes())
			),
		),
	);
	let calls = worker.work(4);
	assert_eq!(calls, vec![report(id, REFUSED)]);
	worker.include(calls);
	worker.run(|| {
		assert_eq!(
			withdrawal_state(id),
			WithdrawalState::Pending { provider: PRIMARY, attempts: 0 }
		);
		// The second attestor agrees: the withdrawal fails over, with the same key.
		assert_ok!(FiatBridge::report_payout(signed(A2), id, PRIMARY, REFUSED));
		assert_eq!(
			withdrawal_state(id),
			WithdrawalState::Pending { provider: BACKUP, attempts: 0 }
		);
		assert_eq!(Withdrawals::<Test>::get(id).unwrap().failed.to_vec(), vec![PRIMARY]);
	});
	// The worker does not attest for the backup: nothing more from it.
	worker.expect_no_deposits(0);
	assert!(worker.work(5).is_empty());
	let sent = worker.bank.sent();
	let payouts: Vec<_> = sent.iter().filter(|s| s.url.contains("/payouts")).collect();
	assert_eq!(
		payouts.iter().map(|s| s.method.as_str()).collect::<Vec<_>>(),
		["POST", "GET", "GET", "POST"]
	);
	assert_eq!(payouts[0].body, payouts[3].body, "the same instruction, the same key");
}

// ------------------------------------------------------------------------------ reserves

#[test]
fn reserves_are_read_at_the_interval_and_reported() {
	let mut worker = Worker::new();
	worker.expect_no_deposits(0);
	worker.expect_reserves(NOW + SECOND, 2_000_000 * DOLLAR, 3_000_000 * DOLLAR);
	let calls = worker.work(2);
	assert_eq!(
		calls,
		vec![
			Call::report_reserves {
				provider: PRIMARY,
				asset: USDC,
				amount: 2_000_000 * DOLLAR,
				as_of: NOW + SECOND
			},
			Call::report_reserves {
				provider: PRIMARY,
				asset: USDT,
				amount: 3_000_000 * DOLLAR,
				as_of: NOW + SECOND
			},
		]
	);
	worker.include(calls);
	worker.run(|| {
		assert_eq!(
			ReserveReports::<Test>::get(USDC, PRIMARY),
			Some(ReserveReport { amount: 2_000_000 * DOLLAR, as_of: NOW + SECOND })
		);
	});
	// Not again within the interval (a minute in the mock).
	worker.set_time(NOW + 30 * SECOND);
	worker.expect_no_deposits(0);
	assert!(worker.work(3).is_empty());
	// A minute on: read again, the new statement reported.
	worker.set_time(NOW + 60 * SECOND);
	worker.expect_no_deposits(0);
	worker.expect_reserves(NOW + 60 * SECOND, 2_500_000 * DOLLAR, 3_000_000 * DOLLAR);
	let calls = worker.work(4);
	assert_eq!(calls.len(), 2);
	assert_eq!(
		calls[0],
		Call::report_reserves {
			provider: PRIMARY,
			asset: USDC,
			amount: 2_500_000 * DOLLAR,
			as_of: NOW + 60 * SECOND
		}
	);
	worker.include(calls);
	// An unchanged statement is read but not reported again.
	worker.set_time(NOW + 120 * SECOND);
	worker.expect_no_deposits(0);
	worker.expect_reserves(NOW + 60 * SECOND, 2_500_000 * DOLLAR, 3_000_000 * DOLLAR);
	assert!(worker.work(5).is_empty());
	worker.run(|| {
		assert_eq!(
			ReserveReports::<Test>::get(USDC, PRIMARY),
			Some(ReserveReport { amount: 2_500_000 * DOLLAR, as_of: NOW + 60 * SECOND })
		);
	});
}

// ---------------------------------------------------------------------- who does nothing

#[test]
fn no_request_without_a_key_an_endpoint_or_the_attestor_role() {
	// A node without an oracle key: no request (the bank would fail the test), no transaction.
	let mut keyless = Worker::keyless();
	keyless.withdraw(ALICE, 10 * DOLLAR);
	assert!(keyless.work(2).is_empty());
	assert!(keyless.bank.sent().is_empty());

	// The key attests for the primary, which has no endpoint; the backup has one, but the
	// key does not attest for it.
	let mut worker = Worker::new();
	worker.run(|| {
		assert_ok!(FiatBridge::set_provider_endpoint(root(), PRIMARY, None));
	});
	worker.withdraw(ALICE, 10 * DOLLAR);
	assert!(worker.work(2).is_empty());
	assert!(worker.bank.sent().is_empty());

	// Made an attestor of the backup, it asks the backup.
	worker.run(|| {
		assert_ok!(FiatBridge::set_provider_attestors(root(), BACKUP, attestors(&[WORKER]), 1));
	});
	let deposits = format!("{BACKUP_URL}/deposits?after=0&limit=50");
	worker
		.bank
		.expect("GET", deposits.clone(), None, answer(200, r#"{"deposits":[],"next":0}"#));
	worker
		.bank
		.expect("GET", format!("{BACKUP_URL}/reserves"), None, Reply::NoAnswer);
	assert!(worker.work(3).is_empty());
	assert_eq!(worker.bank.sent().len(), 2);
	assert_eq!(worker.bank.sent()[0].url, deposits);
}
