//! The sanctions feed: its configuration, the checks every sync part passes on chain, hand
//! listings beside the feed's, delisting, the staleness alarm, and the off-chain worker run
//! with the SDK's offchain test externalities (HTTP answers, a transaction pool, a keystore
//! holding the oracle key).

use super::{h, has_event, signed, Event};
use crate::{mock::*, pallet::*, traits::*, types::*, Error};
use frame_support::{
	assert_noop, assert_ok, assert_storage_noop,
	traits::{Hooks, UnfilteredDispatchable},
	BoundedVec,
};
use frame_system::RawOrigin;
use genex_offchain::sanctions::{self as lists, fixtures};
use genex_primitives::{dev, oracle::ORACLE_KEY_TYPE, AccountId20};
use sp_core::{
	offchain::{
		testing::{self, OffchainState, PoolState},
		OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
	},
	H256,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{DispatchError, Permill};
use std::sync::Arc;

type Feed = SanctionsFeed<<Test as Config>::MaxUrlLength>;
type Shared<T> = Arc<parking_lot::RwLock<T>>;

const PRIMARY: &str = "http://127.0.0.1:9960/lists/primary.txt";
const BACKUP: &str = "http://127.0.0.1:9960/lists/backup.json";
const MINUTE: u64 = 60_000;
const HOUR: u64 = 3_600_000;

fn source(url: &str, format: ListFormat) -> ListSource<<Test as Config>::MaxUrlLength> {
	ListSource { url: BoundedVec::truncate_from(url.as_bytes().to_vec()), format }
}

fn feed(format: ListFormat, backup: bool) -> Feed {
	SanctionsFeed {
		primary: source(PRIMARY, format),
		backup: backup.then(|| source(BACKUP, ListFormat::Json)),
		interval: MINUTE,
		max_age: HOUR,
		max_shrink: Permill::from_percent(10),
	}
}

fn set_feed(feed: Feed) {
	assert_ok!(Compliance::set_sanctions_feed(RawOrigin::Root.into(), Some(feed)));
}

/// The real OFAC list: 152 Ethereum addresses, as written.
fn ofac_addresses() -> Vec<String> {
	// Read when the test runs, not baked in at build time: a target directory shared by two
	// checkouts keeps test binaries built in the other one.
	let manifest = std::env::var("CARGO_MANIFEST_DIR")
		.unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
	let path = format!("{manifest}/../../../shared/testdata/ofac/sanctioned_addresses_ETH.txt");
	std::fs::read_to_string(path)
		.expect("shared/testdata/ofac beside the project")
		.lines()
		.map(|line| line.trim().to_string())
		.filter(|line| !line.is_empty())
		.collect()
}

fn bytes_of(text: &str) -> [u8; 20] {
	text.parse::<AccountId20>().map(|a| a.0).unwrap_or_else(|_| {
		// Bad-checksum values are still addresses: read the hex.
		let mut out = [0u8; 20];
		for (i, byte) in out.iter_mut().enumerate() {
			*byte = u8::from_str_radix(&text[2 + 2 * i..4 + 2 * i], 16).unwrap();
		}
		out
	})
}

fn sorted(texts: &[String]) -> Vec<AccountId> {
	let mut out: Vec<AccountId> = texts.iter().map(|t| AccountId20(bytes_of(t))).collect();
	out.sort();
	out.dedup();
	out
}

fn text_list(addresses: &[String]) -> Vec<u8> {
	let mut body = b"# OFAC SDN: Digital Currency Address - ETH\r\n".to_vec();
	for address in addresses {
		body.extend_from_slice(address.as_bytes());
		body.extend_from_slice(b"\r\n");
	}
	body
}

fn json_list(addresses: &[String]) -> Vec<u8> {
	serde_json::to_vec(addresses).unwrap()
}

fn advanced_xml(addresses: &[String], (year, month, day): (u32, u32, u32)) -> Vec<u8> {
	let entries: Vec<(String, String)> =
		addresses.iter().map(|a| ("ETH".to_string(), a.clone())).collect();
	fixtures::render(
		lists::ListFormat::AdvancedXml,
		&entries,
		fixtures::Published { year, month, day },
		true,
	)
}

/// An answer of the test HTTP server: `body` with a `Content-Length` of `length`.
fn answer(url: &str, body: Vec<u8>, length: usize) -> testing::PendingRequest {
	testing::PendingRequest {
		method: "GET".into(),
		uri: url.into(),
		sent: true,
		response: Some(body),
		response_headers: vec![("Content-Length".into(), length.to_string())],
		..Default::default()
	}
}

/// The test externalities with the oracle key in the keystore, an HTTP stand-in and a pool.
struct Worker {
	ext: sp_io::TestExternalities,
	http: Shared<OffchainState>,
	pool: Shared<PoolState>,
}

impl Worker {
	fn new() -> Self {
		let mut ext = new_test_ext();
		let (offchain, http) = testing::TestOffchainExt::new();
		let (pool_ext, pool) = testing::TestTransactionPoolExt::new();
		let keystore = MemoryKeystore::new();
		keystore
			.ecdsa_generate_new(ORACLE_KEY_TYPE, Some(dev::ORACLE.private_key))
			.unwrap();
		ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
		ext.register_extension(OffchainDbExt::new(offchain));
		ext.register_extension(TransactionPoolExt::new(pool_ext));
		ext.register_extension(KeystoreExt(Arc::new(keystore)));
		http.write().timestamp = sp_core::offchain::Timestamp::from_unix_millis(NOW);
		Self { ext, http, pool }
	}

	fn expect(&self, request: testing::PendingRequest) {
		self.http.write().expect_request(request);
	}

	fn run<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(|| {
			let result = f();
			Compliance::do_try_state().expect("invariants hold");
			result
		})
	}

	/// Runs the worker at `block` and returns the transactions it submitted, each checked: a
	/// valid signature of the oracle key, nonces following the oracle's account nonce.
	fn work(&mut self, block: u64) -> Vec<Call<Test>> {
		let pool = self.pool.clone();
		self.run(|| {
			let mut nonce = System::account_nonce(ORACLE);
			super::worker_calls(block, &pool)
				.into_iter()
				.map(|(used, call)| {
					assert_eq!(used, nonce, "consecutive nonces");
					nonce += 1;
					call
				})
				.collect()
		})
	}

	/// Applies `calls` as the oracle's transactions would be in a block.
	fn include(&mut self, calls: Vec<Call<Test>>) {
		self.run(|| {
			for call in calls {
				System::inc_account_nonce(ORACLE);
				assert_ok!(call.dispatch_bypass_filter(signed(ORACLE)));
			}
		})
	}

	fn set_time(&mut self, now: u64) {
		self.http.write().timestamp = sp_core::offchain::Timestamp::from_unix_millis(now);
		self.run(|| pallet_timestamp::Now::<Test>::put(now));
	}
}

/// The parts of a sync among `calls`: (header, part, add, remove).
fn parts(calls: &[Call<Test>]) -> Vec<(SyncHeader, u16, Vec<AccountId>, Vec<AccountId>)> {
	calls
		.iter()
		.filter_map(|call| match call {
			Call::sync_sanctions { sync, part, add, remove } => {
				Some((*sync, *part, add.to_vec(), remove.to_vec()))
			},
			_ => None,
		})
		.collect()
}

fn reports(calls: &[Call<Test>]) -> Vec<(FeedSource, FeedFailure)> {
	calls
		.iter()
		.filter_map(|call| match call {
			Call::report_sanctions_failure { source, failure } => Some((*source, *failure)),
			_ => None,
		})
		.collect()
}

// ---------------------------------------------------------------- the worker

#[test]
fn the_worker_syncs_the_real_list_in_one_signed_part() {
	let mut worker = Worker::new();
	let list = ofac_addresses();
	worker.run(|| set_feed(feed(ListFormat::Text, false)));
	let body = text_list(&list);
	worker.expect(answer(PRIMARY, body.clone(), body.len()));
	let calls = worker.work(2);
	assert_eq!(calls.len(), 1);
	let parts = parts(&calls);
	let (header, part, add, remove) = &parts[0];
	assert_eq!((*part, header.parts, header.entries), (0, 1, 152));
	assert_eq!((header.additions, header.removals, header.source), (152, 0, FeedSource::Primary));
	assert_eq!(*add, sorted(&list));
	assert!(remove.is_empty());
	let expected_hash = lists::parse(lists::ListFormat::Text, &body, Default::default())
		.unwrap()
		.list_hash();
	assert_eq!(header.list_hash, H256(expected_hash));
	// A text list has no date and the answer no Last-Modified: the fetch time counts.
	assert_eq!((header.published_at, header.fetched_at), (NOW, NOW));

	worker.include(calls);
	worker.run(|| {
		assert_eq!(SanctionedCount::<Test>::get(), 152);
		assert_eq!(FeedSanctionedCount::<Test>::get(), 152);
		for address in sorted(&list) {
			let entry = Sanctioned::<Test>::get(address).unwrap();
			assert!(entry.by_feed && !entry.by_hand);
		}
		let status = Compliance::sanctions_status();
		assert_eq!(status.status.applied.unwrap().list_hash, H256(expected_hash));
		assert_eq!(status.status.last_sync, Some(NOW));
		assert!(status.pending.is_none());
		assert!(has_event(Event::SanctionsSynced {
			list_hash: H256(expected_hash),
			entries: 152,
			added: 152,
			removed: 0,
			source: FeedSource::Primary,
			bad_checksums: 0,
		}));
	});
}

#[test]
fn a_large_list_comes_in_ordered_parts_with_consecutive_nonces_and_is_not_sent_twice() {
	let mut worker = Worker::new();
	let list = fixtures::synthetic_addresses(450, 7);
	worker.run(|| set_feed(feed(ListFormat::Json, false)));
	let body = json_list(&list);
	worker.expect(answer(PRIMARY, body.clone(), body.len()));
	let calls = worker.work(2);
	let sent = parts(&calls);
	// 450 addresses in parts of at most 200: 200, 200, 50, in order.
	assert_eq!(
		sent.iter().map(|p| (p.1, p.2.len())).collect::<Vec<_>>(),
		[(0, 200), (1, 200), (2, 50)]
	);
	let all: Vec<AccountId> = sent.iter().flat_map(|p| p.2.clone()).collect();
	assert_eq!(all, sorted(&list));
	assert!(sent.iter().all(|p| p.0 == sent[0].0 && p.0.parts == 3));

	// The next blocks' workers see the parts in flight: no request, no transaction (an
	// unexpected HTTP request would fail the test).
	for block in 3..=6 {
		assert!(worker.work(block).is_empty());
	}
	// Two parts land; the third is lost (dropped from the pool).
	worker.include(calls[..2].to_vec());
	worker.run(|| {
		assert_eq!(FeedSanctionedCount::<Test>::get(), 400);
		assert!(Compliance::sanctions_status().status.applied.is_none());
		// A part applied again changes nothing.
		assert_storage_noop!(calls[0].clone().dispatch_bypass_filter(signed(ORACLE)).unwrap());
		// And parts only come in order.
		let (header, _, add, remove) = sent[2].clone();
		assert_noop!(
			Compliance::sync_sanctions(
				signed(ORACLE),
				SyncHeader { fetched_at: NOW + 1, ..header },
				2,
				BoundedVec::truncate_from(add),
				BoundedVec::truncate_from(remove),
			),
			Error::<Test>::PartOutOfOrder
		);
	});
	// Once no longer in flight, the unfinished sync is redone from what the chain holds: only
	// the 50 missing addresses, in a new sync.
	worker.expect(answer(PRIMARY, body.clone(), body.len()));
	let calls = worker.work(2 + 5 + 3);
	let redo = parts(&calls);
	assert_eq!(redo.len(), 1);
	assert_eq!(redo[0].2, sent[2].2);
	assert_eq!((redo[0].0.additions, redo[0].0.entries), (50, 450));
	worker.include(calls);
	worker.run(|| {
		assert_eq!(FeedSanctionedCount::<Test>::get(), 450);
		assert_eq!(SanctionedCount::<Test>::get(), 450);
		assert!(Compliance::sanctions_status().status.applied.is_some());
	});
	// Synced: nothing to do until the interval passes.
	assert!(worker.work(30).is_empty());
}

#[test]
fn an_unchanged_list_is_confirmed_and_a_changed_one_sends_exactly_the_difference() {
	let mut worker = Worker::new();
	let mut list = ofac_addresses();
	worker.run(|| set_feed(feed(ListFormat::Text, false)));
	let body = text_list(&list);
	worker.expect(answer(PRIMARY, body.clone(), body.len()));
	let calls = worker.work(2);
	worker.include(calls);

	// A minute later the same list: one empty part that confirms it.
	worker.set_time(NOW + MINUTE);
	worker.expect(answer(PRIMARY, body.clone(), body.len()));
	let calls = worker.work(40);
	let confirm = parts(&calls);
	assert_eq!(confirm.len(), 1);
	assert!(confirm[0].2.is_empty() && confirm[0].3.is_empty());
	worker.include(calls);
	worker.run(|| assert_eq!(SanctionsFeedStatus::<Test>::get().last_sync, Some(NOW + MINUTE)));

	// The list drops one address and adds one.
	let dropped = list.remove(5);
	let added = fixtures::synthetic_addresses(1, 99).remove(0);
	list.push(added.clone());
	worker.set_time(NOW + 2 * MINUTE);
	let body = text_list(&list);
	worker.expect(answer(PRIMARY, body.clone(), body.len()));
	let calls = worker.work(80);
	let change = parts(&calls);
	assert_eq!(change.len(), 1);
	assert_eq!(change[0].2, sorted(&[added.clone()]));
	assert_eq!(change[0].3, sorted(&[dropped.clone()]));
	assert_eq!(change[0].0.entries, 152);
	worker.include(calls);
	worker.run(|| {
		assert!(Compliance::is_sanctioned(&sorted(&[added])[0]));
		assert!(!Compliance::is_sanctioned(&sorted(&[dropped])[0]));
		assert_eq!(SanctionedCount::<Test>::get(), 152);
	});
}

#[test]
fn truncated_bodies_shrinking_and_older_lists_submit_only_a_report() {
	let mut worker = Worker::new();
	let list = ofac_addresses();
	worker.run(|| set_feed(feed(ListFormat::AdvancedXml, false)));
	let body = advanced_xml(&list, (2024, 5, 3));
	worker.expect(answer(PRIMARY, body.clone(), body.len()));
	let calls = worker.work(2);
	assert_eq!(parts(&calls)[0].0.published_at, 1_714_694_400_000);
	worker.include(calls);

	let cases: Vec<(testing::PendingRequest, FeedFailure)> = vec![
		// The connection closed early: fewer bytes than Content-Length.
		(
			answer(PRIMARY, body[..body.len() / 2].to_vec(), body.len()),
			FeedFailure::Incomplete {
				expected: Some(body.len() as u64),
				received: (body.len() / 2) as u64,
			},
		),
		// A lying server: the cut body with a matching Content-Length.
		(
			answer(PRIMARY, body[..body.len() / 2].to_vec(), body.len() / 2),
			FeedFailure::Malformed { error: ListError::Truncated, offset: 0 },
		),
		// 10 % of 152 may go (15): 20 is too many.
		(
			{
				let shrunk = advanced_xml(&list[..132], (2024, 5, 4));
				let length = shrunk.len();
				answer(PRIMARY, shrunk, length)
			},
			FeedFailure::ShrankTooMuch { from: 152, to: 132 },
		),
		// Published the day before the applied list.
		(
			{
				let older = advanced_xml(&list[..150], (2024, 5, 2));
				let length = older.len();
				answer(PRIMARY, older, length)
			},
			FeedFailure::OlderThanApplied {
				published_at: 1_714_608_000_000,
				applied: 1_714_694_400_000,
			},
		),
		(
			answer(PRIMARY, Vec::new(), 0),
			FeedFailure::Malformed { error: ListError::Truncated, offset: 0 },
		),
	];
	let mut now = NOW;
	let mut block = 10;
	for (request, failure) in cases {
		now += MINUTE;
		block += 20;
		worker.set_time(now);
		worker.expect(request);
		let calls = worker.work(block);
		assert!(parts(&calls).is_empty(), "{failure:?}: no sync part");
		assert_eq!(reports(&calls), vec![(FeedSource::Primary, failure)]);
		worker.include(calls);
		worker.run(|| {
			// The last good list stays; the status shows the failure.
			assert_eq!(SanctionedCount::<Test>::get(), 152);
			let status = SanctionsFeedStatus::<Test>::get();
			assert_eq!(status.applied.unwrap().entries, 152);
			assert_eq!(
				status.last_failure,
				Some(FailureReport { at: now, source: FeedSource::Primary, failure })
			);
			assert!(has_event(Event::SanctionsSyncFailed { source: FeedSource::Primary, failure }));
		});
	}
}

#[test]
fn a_failing_primary_falls_back_to_the_backup() {
	let mut worker = Worker::new();
	let list = ofac_addresses();
	worker.run(|| set_feed(feed(ListFormat::Text, true)));
	let garbage: Vec<u8> =
		(0..3_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
	worker.expect(answer(PRIMARY, garbage.clone(), garbage.len()));
	let body = json_list(&list);
	worker.expect(answer(BACKUP, body.clone(), body.len()));
	let calls = worker.work(2);
	let failed = reports(&calls);
	assert_eq!(failed.len(), 1);
	assert_eq!(failed[0].0, FeedSource::Primary);
	assert!(matches!(failed[0].1, FeedFailure::Malformed { .. }), "{:?}", failed[0].1);
	let sent = parts(&calls);
	assert_eq!(sent.len(), 1);
	assert_eq!((sent[0].0.source, sent[0].0.entries), (FeedSource::Backup, 152));
	// The report comes first, then the part.
	assert!(matches!(calls[0], Call::report_sanctions_failure { .. }));
	worker.include(calls);
	worker.run(|| {
		assert_eq!(FeedSanctionedCount::<Test>::get(), 152);
		assert_eq!(SanctionsFeedStatus::<Test>::get().applied.unwrap().source, FeedSource::Backup);
	});
}

#[test]
fn no_worker_runs_without_a_feed_an_oracle_key_or_the_role() {
	let mut worker = Worker::new();
	// No feed: nothing fetched (an unexpected request would fail), nothing sent.
	assert!(worker.work(2).is_empty());
	worker.run(|| {
		set_feed(feed(ListFormat::Text, false));
		assert_ok!(Compliance::remove_role(RawOrigin::Root.into(), Role::SanctionsOracle, ORACLE));
	});
	// The node's key no longer holds the role.
	assert!(worker.work(3).is_empty());
	// A node without any oracle key.
	let mut keyless = new_test_ext();
	let (offchain, _) = testing::TestOffchainExt::new();
	let (pool_ext, pool) = testing::TestTransactionPoolExt::new();
	keyless.register_extension(OffchainWorkerExt::new(offchain.clone()));
	keyless.register_extension(OffchainDbExt::new(offchain));
	keyless.register_extension(TransactionPoolExt::new(pool_ext));
	keyless.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	keyless.execute_with(|| {
		set_feed(feed(ListFormat::Text, false));
		Compliance::offchain_worker(2);
	});
	assert!(pool.read().transactions.is_empty());
}

// ---------------------------------------------------------------- on chain

fn header(entries: u32, additions: u32, removals: u32) -> SyncHeader {
	SyncHeader {
		list_hash: h(9),
		published_at: NOW,
		entries,
		source: FeedSource::Primary,
		fetched_at: NOW,
		parts: 1,
		additions,
		removals,
		bad_checksums: 0,
	}
}

fn sync(
	header: SyncHeader,
	part: u16,
	add: Vec<AccountId>,
	remove: Vec<AccountId>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Compliance::sync_sanctions(
		signed(ORACLE),
		header,
		part,
		BoundedVec::truncate_from(add),
		BoundedVec::truncate_from(remove),
	)
}

fn accounts(range: core::ops::Range<u32>) -> Vec<AccountId> {
	range.map(account).collect()
}

#[test]
fn governance_sets_the_feed_within_bounds() {
	test(|| {
		let good = feed(ListFormat::Text, true);
		assert_noop!(
			Compliance::set_sanctions_feed(signed(OFFICER), Some(good.clone())),
			DispatchError::BadOrigin
		);
		let mut bad = good.clone();
		bad.backup = Some(source("ftp://lists.example/sdn.xml", ListFormat::SdnXml));
		assert_noop!(
			Compliance::set_sanctions_feed(RawOrigin::Root.into(), Some(bad)),
			Error::<Test>::InvalidSourceUrl
		);
		let mut bad = good.clone();
		bad.primary = source("http://a b/list.txt", ListFormat::Text);
		assert_noop!(
			Compliance::set_sanctions_feed(RawOrigin::Root.into(), Some(bad)),
			Error::<Test>::InvalidSourceUrl
		);
		let mut bad = good.clone();
		bad.interval = MinSyncInterval::get() - 1;
		assert_noop!(
			Compliance::set_sanctions_feed(RawOrigin::Root.into(), Some(bad)),
			Error::<Test>::InvalidSyncTiming
		);
		let mut bad = good.clone();
		bad.max_age = bad.interval - 1;
		assert_noop!(
			Compliance::set_sanctions_feed(RawOrigin::Root.into(), Some(bad)),
			Error::<Test>::InvalidSyncTiming
		);
		set_feed(good.clone());
		assert!(has_event(Event::SanctionsFeedChanged { interval: Some(MINUTE) }));
		assert_eq!(Compliance::sanctions_status().feed, Some(good));
		assert_eq!(SanctionsFeedStatus::<Test>::get().watching_since, Some(NOW));
		assert_ok!(Compliance::set_sanctions_feed(RawOrigin::Root.into(), None));
		assert!(has_event(Event::SanctionsFeedChanged { interval: None }));
		assert!(SanctionsFeedConfig::<Test>::get().is_none());
		// No feed: nothing to report or sync.
		assert_noop!(
			Compliance::report_sanctions_failure(
				signed(ORACLE),
				FeedSource::Primary,
				FeedFailure::Timeout
			),
			Error::<Test>::NoSanctionsFeed
		);
		assert_noop!(sync(header(1, 1, 0), 0, vec![ALICE], vec![]), Error::<Test>::NoSanctionsFeed);
	});
}

#[test]
fn sync_parts_are_checked_on_chain() {
	test(|| {
		set_feed(feed(ListFormat::Text, false));
		// Only the sanctions oracle syncs (not even a compliance officer).
		for who in [OFFICER, ALICE] {
			assert_noop!(
				Compliance::sync_sanctions(
					signed(who),
					header(1, 1, 0),
					0,
					BoundedVec::truncate_from(vec![ALICE]),
					BoundedVec::new()
				),
				Error::<Test>::MissingRole
			);
			assert_noop!(
				Compliance::report_sanctions_failure(
					signed(who),
					FeedSource::Primary,
					FeedFailure::Timeout
				),
				Error::<Test>::MissingRole
			);
		}
		assert_noop!(sync(header(0, 0, 0), 0, vec![], vec![]), Error::<Test>::EmptyList);
		assert_noop!(
			sync(header(10_001, 10_001, 0), 0, vec![], vec![]),
			Error::<Test>::TooManyEntries
		);
		assert_noop!(sync(header(2, 1, 0), 0, vec![ALICE], vec![]), Error::<Test>::SyncMismatch);
		assert_noop!(
			sync(SyncHeader { parts: 2, ..header(1, 1, 0) }, 0, vec![ALICE], vec![]),
			Error::<Test>::InvalidSyncParts
		);
		assert_noop!(sync(header(1, 1, 0), 1, vec![ALICE], vec![]), Error::<Test>::InvalidListPart);
		assert_noop!(
			sync(SyncHeader { parts: 2, ..header(300, 300, 0) }, 1, vec![], vec![]),
			Error::<Test>::PartOutOfOrder
		);
		assert_noop!(
			sync(header(1, 1, 0), 0, vec![ALICE, BOB], vec![]),
			Error::<Test>::PartExceedsSync
		);
		assert_noop!(sync(header(1, 1, 0), 0, vec![], vec![]), Error::<Test>::SyncIncomplete);
		assert_noop!(sync(header(1, 1, 1), 0, vec![ALICE], vec![BOB]), Error::<Test>::SyncMismatch);

		// A good sync of 250 addresses in two parts.
		let all = accounts(0..250);
		let two = SyncHeader { parts: 2, ..header(250, 250, 0) };
		assert_ok!(sync(two, 0, all[..200].to_vec(), vec![]));
		assert_eq!(Compliance::sanctions_status().pending.unwrap().parts_done, 1);
		// Part 0 again: no change.
		assert_storage_noop!(sync(two, 0, all[..200].to_vec(), vec![]).unwrap());
		assert_noop!(sync(two, 1, vec![all[0]], vec![]), Error::<Test>::AlreadyInFeed);
		assert_ok!(sync(two, 1, all[200..].to_vec(), vec![]));
		assert!(Compliance::sanctions_status().pending.is_none());
		assert_eq!(FeedSanctionedCount::<Test>::get(), 250);

		// Next list: older refused; shrinking more than 10 % refused; removing an address the
		// feed does not list refused.
		assert_noop!(
			sync(SyncHeader { published_at: NOW - 1, ..header(250, 0, 0) }, 0, vec![], vec![]),
			Error::<Test>::ListOlderThanApplied
		);
		assert_noop!(
			sync(header(224, 0, 26), 0, vec![], accounts(0..26)),
			Error::<Test>::ListShrankTooMuch
		);
		assert_noop!(sync(header(249, 0, 1), 0, vec![], vec![BOB]), Error::<Test>::NotInFeed);
		// 25 of 250 (10 %) may go.
		assert_ok!(sync(header(225, 0, 25), 0, vec![], accounts(0..25)));
		assert_eq!(SanctionedCount::<Test>::get(), 225);
	});
}

#[test]
fn hand_listings_stay_beside_the_feed_and_delisted_holders_are_released() {
	test(|| {
		// Any share of the feed's entries may go in one sync here.
		set_feed(SanctionsFeed { max_shrink: Permill::one(), ..feed(ListFormat::Text, false) });
		HOLDERS.with(|set| set.borrow_mut().extend([ALICE, BOB]));
		// A compliance officer lists Carol by hand.
		assert_ok!(super::sanctions(1, 0, 1, vec![CAROL], vec![]));
		// The feed lists Alice, Bob and Carol: the holders are frozen.
		assert_ok!(sync(header(3, 3, 0), 0, vec![ALICE, BOB, CAROL], vec![]));
		assert!(MockFreezes::account_frozen(&ALICE) && MockFreezes::account_frozen(&BOB));
		let carol = Sanctioned::<Test>::get(CAROL).unwrap();
		assert!(carol.by_feed && carol.by_hand);
		assert_eq!((SanctionedCount::<Test>::get(), FeedSanctionedCount::<Test>::get()), (3, 3));
		// A hand removal cannot lift the feed's listing of Bob.
		assert_ok!(super::sanctions(2, 0, 1, vec![], vec![BOB]));
		assert!(Compliance::is_sanctioned(&BOB));
		// The feed drops Bob and Carol: Bob is released (his sanctions freeze lifted), Carol
		// stays sanctioned by hand.
		assert_ok!(sync(
			SyncHeader { published_at: NOW + 1, ..header(1, 0, 2) },
			0,
			vec![],
			vec![BOB, CAROL]
		));
		assert!(!Compliance::is_sanctioned(&BOB));
		assert!(!MockFreezes::account_frozen(&BOB));
		assert!(has_event(Event::DelistedHolderReleased { who: BOB }));
		let carol = Sanctioned::<Test>::get(CAROL).unwrap();
		assert!(!carol.by_feed && carol.by_hand);
		assert!(Compliance::is_sanctioned(&ALICE) && MockFreezes::account_frozen(&ALICE));
		assert_eq!((SanctionedCount::<Test>::get(), FeedSanctionedCount::<Test>::get()), (2, 1));
		// The officer lifts Carol's hand listing.
		assert_ok!(super::sanctions(3, 0, 1, vec![], vec![CAROL]));
		assert!(!Compliance::is_sanctioned(&CAROL));
		assert_eq!(Compliance::sanction_of(ALICE).unwrap().list_hash, h(9));
	});
}

#[test]
fn the_staleness_alarm_rings_once_and_clears_with_a_sync() {
	test(|| {
		let stale = |now: u64| {
			pallet_timestamp::Now::<Test>::put(now);
			System::reset_events();
			Compliance::on_initialize(1);
			System::events().iter().any(|record| {
				matches!(record.event, RuntimeEvent::Compliance(Event::SanctionsListStale { .. }))
			})
		};
		// No feed, no alarm.
		assert!(!stale(NOW + 10 * HOUR));
		pallet_timestamp::Now::<Test>::put(NOW);
		set_feed(feed(ListFormat::Text, false));
		assert!(!stale(NOW + HOUR - 1));
		assert!(stale(NOW + HOUR));
		assert!(SanctionsFeedStatus::<Test>::get().stale);
		// Once.
		assert!(!stale(NOW + 2 * HOUR));
		// A completed sync clears it.
		assert_ok!(sync(header(1, 1, 0), 0, vec![ALICE], vec![]));
		assert!(has_event(Event::SanctionsListRecovered { list_hash: h(9) }));
		assert!(!SanctionsFeedStatus::<Test>::get().stale);
		assert_eq!(SanctionsFeedStatus::<Test>::get().last_sync, Some(NOW + 2 * HOUR));
		assert!(!stale(NOW + 3 * HOUR - 1));
		assert!(stale(NOW + 3 * HOUR));
		assert_eq!(
			System::events().last().map(|record| record.event.clone()),
			Some(RuntimeEvent::Compliance(Event::SanctionsListStale {
				last_sync: Some(NOW + 2 * HOUR)
			}))
		);
	});
}
