//! AML screening: the movement log and its chain links, the checks `report_screening` makes,
//! critical alerts opening cases and freezing, governance's parameters, and the screening
//! worker run with the SDK's offchain test externalities (the offchain index, a transaction
//! pool, a keystore holding the monitor key): alerts filed once, resumed after a restart,
//! bounded runs, records of other forks ignored.

use super::{has_event, signed, Event};
use crate::{mock::*, pallet::*, traits::*, types::*, Error};
use codec::{Decode, Encode};
use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
use frame_system::RawOrigin;
use genex_primitives::{
	aml::{chain_link, movement_key, MovementKind, MovementRecord},
	dev,
	oracle::ORACLE_KEY_TYPE,
};
use sp_core::{
	offchain::{
		testing::{self, PoolState},
		OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
	},
	H256,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::DispatchError;
use std::sync::Arc;

type Shared<T> = Arc<parking_lot::RwLock<T>>;

fn transfer(from: AccountId, to: AccountId, amount: u128) -> MovementKind<AccountId> {
	MovementKind::StablecoinTransfer { from, to, asset: 1, amount }
}

/// `n` records of `kind` at block `block`.
fn record_at(block: u64, kinds: Vec<MovementKind<AccountId>>) -> Vec<u64> {
	System::set_block_number(block);
	Timestamp::set_timestamp(NOW + block * 2_000);
	kinds.into_iter().map(Compliance::do_record_movement).collect()
}

fn evidence(ids: &[u64]) -> BoundedVec<EvidenceRef, <Test as Config>::MaxEvidence> {
	BoundedVec::truncate_from(
		ids.iter()
			.map(|&movement| EvidenceRef { movement, block: 1, extrinsic: 0, at: NOW, amount: 1 })
			.collect(),
	)
}

fn report(
	subject: AccountId,
	rule: AmlRule,
	severity: Severity,
	ids: &[u64],
) -> sp_runtime::DispatchResult {
	Compliance::report_screening(
		signed(ORACLE),
		subject,
		rule,
		severity,
		BoundedVec::new(),
		evidence(ids),
	)
}

// ---------------------------------------------------------------- on chain

#[test]
fn the_log_links_each_record_to_the_one_before() {
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		record_at(1, vec![transfer(ALICE, BOB, 1), transfer(BOB, CAROL, 2)]);
		record_at(2, vec![transfer(CAROL, ALICE, 3)]);
		assert_eq!(MovementLogHead::<Test>::get().next, 3);
	});
	ext.persist_offchain_overlay();
	let db = ext.offchain_db();
	ext.execute_with(|| {
		// Walk back from the head: every record is under its id and link, and names the link
		// before it; the links chain from zero.
		let head = MovementLogHead::<Test>::get();
		let mut link = head.link;
		let mut seen = Vec::new();
		for id in (0..head.next).rev() {
			let raw = db.get(&movement_key(id, &link)).expect("record under its link");
			let (encoded, previous) = <(Vec<u8>, H256)>::decode(&mut &raw[..]).unwrap();
			assert_eq!(chain_link(&previous, &encoded), link);
			let record = MovementRecord::<AccountId>::decode(&mut &encoded[..]).unwrap();
			assert_eq!(record.id, id);
			seen.push(record);
			link = previous;
		}
		assert_eq!(link, H256::zero());
		seen.reverse();
		assert_eq!(seen[0].kind, transfer(ALICE, BOB, 1));
		assert_eq!((seen[0].block, seen[2].block), (1, 2));
		assert_eq!(seen[2].at, NOW + 4_000);
	});
}

#[test]
fn a_screening_alert_is_checked_and_filed_once() {
	test(|| {
		record_at(1, vec![transfer(ALICE, BOB, 1), transfer(ALICE, CAROL, 1)]);
		// Only the AML monitor files screening alerts.
		assert_noop!(
			Compliance::report_screening(
				signed(OFFICER),
				ALICE,
				AmlRule::FanOut,
				Severity::High,
				BoundedVec::new(),
				evidence(&[0])
			),
			Error::<Test>::MissingRole
		);
		assert_noop!(
			report(ALICE, AmlRule::FanOut, Severity::High, &[]),
			Error::<Test>::NoEvidence
		);
		assert_noop!(
			report(ALICE, AmlRule::FanOut, Severity::High, &[1, 0]),
			Error::<Test>::EvidenceOutOfOrder
		);
		assert_noop!(
			report(ALICE, AmlRule::FanOut, Severity::High, &[0, 0]),
			Error::<Test>::EvidenceOutOfOrder
		);
		assert_noop!(
			report(ALICE, AmlRule::FanOut, Severity::High, &[0, 2]),
			Error::<Test>::UnknownMovement
		);
		let mut future = evidence(&[0]);
		future[0].block = 5;
		assert_noop!(
			Compliance::report_screening(
				signed(ORACLE),
				ALICE,
				AmlRule::FanOut,
				Severity::High,
				BoundedVec::new(),
				future
			),
			Error::<Test>::EvidenceFromFuture
		);

		assert_ok!(report(ALICE, AmlRule::FanOut, Severity::High, &[0, 1]));
		let alert = Alerts::<Test>::get(0).unwrap();
		assert_eq!(
			(alert.rule, alert.severity, alert.filed_by),
			(AmlRule::FanOut, Severity::High, ORACLE)
		);
		assert_eq!(AlertEvidence::<Test>::get(0).unwrap().records.len(), 2);
		// High: no case, no freeze.
		assert!(Cases::<Test>::get(0).is_none());
		assert!(!MockFreezes::account_frozen(&ALICE));
		// The same alert again (a worker that restarted): refused, nothing changes.
		assert_noop!(
			report(ALICE, AmlRule::FanOut, Severity::High, &[0, 1]),
			Error::<Test>::AlreadyReported
		);
		// Other evidence, another rule or subject: a new alert.
		assert_ok!(report(ALICE, AmlRule::FanOut, Severity::High, &[1]));
		assert_ok!(report(BOB, AmlRule::FanOut, Severity::High, &[0, 1]));
		assert_eq!(NextAlertId::<Test>::get(), 3);
	});
}

#[test]
fn a_critical_alert_opens_a_case_and_freezes_the_subject() {
	test(|| {
		record_at(1, vec![transfer(ALICE, BOB, 2_600 * DOLLAR); 3]);
		assert_ok!(report(ALICE, AmlRule::Structuring, Severity::Critical, &[0, 1, 2]));
		let case = Cases::<Test>::get(0).expect("a case");
		assert_eq!((case.subject, case.status, case.opened_by), (ALICE, CaseStatus::Open, ORACLE));
		assert_eq!(case.alerts.to_vec(), vec![0]);
		assert_eq!(Alerts::<Test>::get(0).unwrap().case, Some(0));
		assert!(MockFreezes::account_frozen(&ALICE));
		assert!(has_event(Event::FrozenForReview { who: ALICE, case: 0, alert: 0 }));
		// The officer takes it from there.
		assert_ok!(Compliance::set_case_status(signed(OFFICER), 0, CaseStatus::UnderReview, None));
	});
}

#[test]
fn governance_sets_the_rules_parameters_and_nonsense_is_refused() {
	test(|| {
		assert_eq!(AmlParameters::<Test>::get(), AmlParams::default());
		let mut params = AmlParams::default();
		params.fan_out_recipients = 20;
		assert_noop!(
			Compliance::set_aml_params(signed(OFFICER), params.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Compliance::set_aml_params(RawOrigin::Root.into(), params.clone()));
		assert_eq!(AmlParameters::<Test>::get().fan_out_recipients, 20);
		let mut empty_band = params;
		empty_band.structuring_min = empty_band.structuring_max;
		assert_noop!(
			Compliance::set_aml_params(RawOrigin::Root.into(), empty_band),
			Error::<Test>::InvalidAmlParams
		);
	});
}

// ---------------------------------------------------------------- the worker

/// The test externalities with the monitor key in the keystore and a pool; the offchain
/// index the chain writes is the store the worker reads, as on a node.
struct Screener {
	ext: sp_io::TestExternalities,
	pool: Shared<PoolState>,
}

impl Screener {
	fn new() -> Self {
		let mut ext = new_test_ext();
		let (offchain, _http) = testing::TestOffchainExt::with_offchain_db(ext.offchain_db());
		let (pool_ext, pool) = testing::TestTransactionPoolExt::new();
		let keystore = MemoryKeystore::new();
		keystore
			.ecdsa_generate_new(ORACLE_KEY_TYPE, Some(dev::ORACLE.private_key))
			.unwrap();
		ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
		ext.register_extension(OffchainDbExt::new(offchain));
		ext.register_extension(TransactionPoolExt::new(pool_ext));
		ext.register_extension(KeystoreExt(Arc::new(keystore)));
		Self { ext, pool }
	}

	/// Runs `f` on chain; what it indexes reaches the offchain store, as block import does.
	fn chain<R>(&mut self, f: impl FnOnce() -> R) -> R {
		let result = self.ext.execute_with(|| {
			let result = f();
			Compliance::do_try_state().expect("invariants hold");
			result
		});
		self.ext.persist_offchain_overlay();
		result
	}

	/// Runs the worker at `block`; returns the calls it submitted (signed by the monitor key).
	fn work(&mut self, block: u64) -> Vec<Call<Test>> {
		let pool = self.pool.clone();
		self.ext.execute_with(|| {
			super::worker_calls(block, &pool).into_iter().map(|(_, call)| call).collect()
		})
	}

	/// Applies the worker's calls as the monitor (the block that includes them: each
	/// transaction also takes the monitor key's next nonce).
	fn apply(&mut self, calls: Vec<Call<Test>>) -> Vec<sp_runtime::DispatchResult> {
		use frame_support::traits::UnfilteredDispatchable;
		self.chain(|| {
			calls
				.into_iter()
				.map(|call| {
					System::inc_account_nonce(ORACLE);
					call.dispatch_bypass_filter(signed(ORACLE)).map(|_| ()).map_err(|e| e.error)
				})
				.collect()
		})
	}

	fn cursor(&mut self) -> u64 {
		self.ext.execute_with(|| Compliance::screening_cursor().next)
	}
}

fn rules_of(calls: &[Call<Test>]) -> Vec<(AccountId, AmlRule, Severity, Vec<u64>)> {
	calls
		.iter()
		.map(|call| match call {
			Call::report_screening { subject, rule, severity, evidence, .. } => {
				(*subject, *rule, *severity, evidence.iter().map(|e| e.movement).collect())
			},
			other => panic!("not an alert: {other:?}"),
		})
		.collect()
}

#[test]
fn structuring_is_found_filed_once_and_freezes() {
	let mut screener = Screener::new();
	screener.chain(|| {
		record_at(1, vec![transfer(ALICE, BOB, 2_600 * DOLLAR)]);
		record_at(2, vec![transfer(ALICE, CAROL, 2_600 * DOLLAR)]);
		record_at(3, vec![transfer(ALICE, BOB, 2_600 * DOLLAR)]);
	});
	// Two blocks behind best: at block 4 only the records of blocks 1 and 2 are deep enough.
	assert!(screener.work(4).is_empty());
	assert_eq!(screener.cursor(), 2);
	let calls = screener.work(5);
	assert_eq!(
		rules_of(&calls),
		vec![(ALICE, AmlRule::Structuring, Severity::Critical, vec![0, 1, 2])]
	);
	match &calls[0] {
		Call::report_screening { evidence, .. } => {
			assert_eq!(evidence[2].block, 3);
			assert_eq!(evidence[2].amount, 2_600 * DOLLAR);
		},
		_ => unreachable!(),
	}
	assert_eq!(screener.apply(calls), vec![Ok(())]);
	screener.chain(|| {
		assert!(MockFreezes::account_frozen(&ALICE));
		assert_eq!(Cases::<Test>::get(0).unwrap().subject, ALICE);
	});
	// Nothing new: nothing more is filed, however often the worker runs.
	for block in 6..12 {
		assert!(screener.work(block).is_empty());
	}
}

#[test]
fn an_alert_whose_transaction_was_lost_is_filed_again_but_only_once() {
	let mut screener = Screener::new();
	screener.chain(|| {
		record_at(1, vec![transfer(ALICE, BOB, 2_600 * DOLLAR); 3]);
	});
	let first = screener.work(5);
	assert_eq!(first.len(), 1);
	// The transaction never made it into a block. While it may still be in the pool the
	// worker waits (same key, same nonce); then it submits the alert again.
	assert!(screener.work(6).is_empty());
	let again = screener.work(9);
	assert_eq!(rules_of(&again), rules_of(&first));
	// Both copies reach a block: the second is refused on chain.
	let results = screener.apply(again.into_iter().chain(first).collect());
	assert_eq!(results, vec![Ok(()), Err(Error::<Test>::AlreadyReported.into())]);
	assert!(screener.work(20).is_empty());
	screener.chain(|| assert_eq!(NextAlertId::<Test>::get(), 1));
}

#[test]
fn a_restarted_worker_resumes_at_its_cursor() {
	let mut screener = Screener::new();
	screener.chain(|| {
		record_at(1, vec![transfer(ALICE, BOB, 2_600 * DOLLAR); 2]);
	});
	assert!(screener.work(5).is_empty());
	assert_eq!(screener.cursor(), 2);
	// The node restarts: its offchain storage (cursor, windows) survives; the third transfer
	// completes the pattern with the two screened before.
	screener.chain(|| {
		record_at(6, vec![transfer(ALICE, BOB, 2_600 * DOLLAR)]);
	});
	let calls = screener.work(9);
	assert_eq!(
		rules_of(&calls),
		vec![(ALICE, AmlRule::Structuring, Severity::Critical, vec![0, 1, 2])]
	);
	assert_eq!(screener.cursor(), 3);
}

#[test]
fn runs_are_bounded_and_a_backlog_is_caught_up() {
	let mut screener = Screener::new();
	// 120 ordinary transfers between many accounts (MaxScreenedPerRun is 50 in the mock).
	screener.chain(|| {
		let kinds = (0..120u32).map(|i| transfer(account(i), account(i + 1000), DOLLAR)).collect();
		record_at(1, kinds);
	});
	assert!(screener.work(10).is_empty());
	assert_eq!(screener.cursor(), 50);
	assert!(screener.work(11).is_empty());
	assert_eq!(screener.cursor(), 100);
	assert!(screener.work(12).is_empty());
	assert_eq!(screener.cursor(), 120);
}

#[test]
fn a_run_stops_at_its_time_budget() {
	let mut screener = Screener::new();
	screener.chain(|| {
		let kinds = (0..3u32).map(|i| transfer(account(i), account(i + 1000), DOLLAR)).collect();
		record_at(1, kinds);
	});
	// The test clock stands still: with no budget, every run is past it after one record.
	crate::mock::ScreeningRunMillis::set(0);
	screener.work(10);
	assert_eq!(screener.cursor(), 1);
	screener.work(11);
	assert_eq!(screener.cursor(), 2);
	crate::mock::ScreeningRunMillis::set(1_500);
	screener.work(12);
	assert_eq!(screener.cursor(), 3);
}

#[test]
fn a_full_outbox_holds_the_cursor_and_no_finding_is_lost() {
	use crate::screening_worker::MAX_OUTBOX;
	let mut screener = Screener::new();
	// Each transfer is one large-amount finding, of its own sender.
	let total = MAX_OUTBOX as u32 + 60;
	screener.chain(|| {
		let kinds = (0..total)
			.map(|i| transfer(account(i), account(i + 100_000), 20_000 * DOLLAR))
			.collect();
		record_at(1, kinds);
	});
	// Nothing the worker files reaches a block: screening stops when the outbox is full.
	let mut block = 10;
	for _ in 0..30 {
		screener.work(block);
		block += 1;
	}
	assert_eq!(screener.cursor(), MAX_OUTBOX as u64);
	// Then its alerts land, a batch a block: the key is free again as soon as the last batch
	// is in (its nonce caught up); it screens on, and every finding is filed once.
	block += 30;
	let mut rounds = 0;
	while screener.chain(|| NextAlertId::<Test>::get()) < u64::from(total) {
		let calls = screener.work(block);
		assert!(!calls.is_empty(), "a batch at block {block}");
		let results = screener.apply(calls);
		assert!(results.iter().all(|result| result.is_ok()), "{results:?}");
		block += 1;
		rounds += 1;
		assert!(rounds <= 20, "the backlog is filed 64 a block");
	}
	assert_eq!(screener.cursor(), u64::from(total));
	screener.chain(|| {
		assert_eq!(NextAlertId::<Test>::get(), u64::from(total));
		assert_eq!(Alerts::<Test>::get(0).unwrap().subject, account(0));
	});
	assert!(screener.work(block).is_empty());
}

#[test]
fn a_movement_with_a_sanctioned_account_is_critical() {
	let mut screener = Screener::new();
	screener.chain(|| {
		assert_ok!(Compliance::update_sanctions(
			signed(OFFICER),
			H256::repeat_byte(5),
			BoundedVec::truncate_from(b"test".to_vec()),
			0,
			1,
			BoundedVec::truncate_from(vec![CAROL]),
			BoundedVec::new(),
		));
		record_at(1, vec![transfer(CAROL, BOB, DOLLAR)]);
	});
	let calls = screener.work(5);
	assert_eq!(rules_of(&calls), vec![(CAROL, AmlRule::SanctionsHit, Severity::Critical, vec![0])]);
	match &calls[0] {
		Call::report_screening { related, .. } => assert_eq!(related.to_vec(), vec![BOB]),
		_ => unreachable!(),
	}
}

#[test]
fn records_another_fork_wrote_are_not_screened() {
	let mut screener = Screener::new();
	screener.chain(|| {
		record_at(1, vec![transfer(ALICE, BOB, 2_600 * DOLLAR); 2]);
		// A fork block at the same height wrote its own record 2 (never reverted in the
		// offchain index): it would complete the pattern, but this chain's record 2 is small.
		let head = MovementLogHead::<Test>::get();
		let fork = MovementRecord {
			id: 2,
			block: 2,
			extrinsic: 0,
			at: NOW + 4_000,
			kind: transfer(ALICE, BOB, 2_600 * DOLLAR),
		}
		.encode();
		let fork_link = chain_link(&head.link, &fork);
		sp_io::offchain_index::set(&movement_key(2, &fork_link), &(fork, head.link).encode());
		record_at(2, vec![transfer(ALICE, BOB, DOLLAR)]);
	});
	assert!(screener.work(10).is_empty(), "this chain's records do not structure");
	assert_eq!(screener.cursor(), 3);
}

#[test]
fn a_node_without_the_monitor_key_screens_nothing() {
	let mut ext = new_test_ext();
	let (offchain, _) = testing::TestOffchainExt::with_offchain_db(ext.offchain_db());
	let (pool_ext, pool) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool_ext));
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext.execute_with(|| {
		record_at(1, vec![transfer(ALICE, BOB, 2_600 * DOLLAR); 3]);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		Compliance::offchain_worker(10);
		assert_eq!(Compliance::screening_cursor().next, 0);
	});
	assert!(pool.read().transactions.is_empty());
}
