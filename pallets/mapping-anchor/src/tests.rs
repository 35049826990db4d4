//! Tests of the mapping anchor pallet: 2-of-3 finality, conflicts, confirmations, epochs moving
//! forward, the missing-epoch watch, and proofs verified against final roots.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use genex_primitives::{
	mapping::{MappingLeaf, MappingTree},
	AccountId20,
};
use sp_core::H256;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn anchor(n: u8, leaf_count: u32) -> Anchor {
	Anchor { root: H256::repeat_byte(n), leaf_count }
}

fn submit(who: AccountId, epoch: EpochIndex, anchor: Anchor) -> sp_runtime::DispatchResult {
	MappingAnchor::submit_root(signed(who), epoch, anchor.root, anchor.leaf_count)
}

fn has_event(event: Event<Test>) -> bool {
	System::events()
		.iter()
		.any(|record| record.event == RuntimeEvent::MappingAnchor(event.clone()))
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::MappingAnchor(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Runs the block hook at `now`, as the next block would.
fn next_block_at(now: u64) {
	let block = System::block_number() + 1;
	System::set_block_number(block);
	Timestamp::set_timestamp(now);
	MappingAnchor::on_initialize(block);
}

fn check_invariants() {
	MappingAnchor::do_try_state().unwrap();
}

#[test]
fn two_of_three_agreeing_make_a_root_final() {
	new_test_ext().execute_with(|| {
		let root = anchor(7, 10_000);
		assert_ok!(submit(SERVER, EPOCH, root));
		assert!(has_event(Event::RootSubmitted { epoch: EPOCH, party: SERVER, anchor: root }));
		assert_eq!(LatestFinal::<Test>::get(), None);
		assert_eq!(Epochs::<Test>::get(EPOCH).unwrap().finalized, None);

		assert_ok!(submit(HSM, EPOCH, root));
		assert!(has_event(Event::RootFinalized { epoch: EPOCH, anchor: root, late: false }));
		assert_eq!(LatestFinal::<Test>::get(), Some(FinalRoot { epoch: EPOCH, anchor: root }));
		let record = Epochs::<Test>::get(EPOCH).unwrap();
		assert_eq!(record.finalized, Some(root));
		assert!(!record.contested);

		// The audit node confirms later: recorded, not finalized twice.
		assert_ok!(submit(AUDIT, EPOCH, root));
		assert!(has_event(Event::RootConfirmed { epoch: EPOCH, party: AUDIT }));
		assert_eq!(events().iter().filter(|e| matches!(e, Event::RootFinalized { .. })).count(), 1);
		assert_eq!(Epochs::<Test>::get(EPOCH).unwrap().submissions.len(), 3);
		check_invariants();
	});
}

#[test]
fn the_same_root_with_another_row_count_is_a_different_anchor() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(SERVER, EPOCH, anchor(7, 10_000)));
		assert_ok!(submit(HSM, EPOCH, anchor(7, 10_001)));
		assert_eq!(LatestFinal::<Test>::get(), None);
		assert!(Epochs::<Test>::get(EPOCH).unwrap().contested);
		check_invariants();
	});
}

#[test]
fn a_dissenting_party_contests_the_epoch() {
	new_test_ext().execute_with(|| {
		// Before finality: the HSM disagrees with the server; the audit node sides with the
		// server, which makes the server's root final, and the epoch stays contested.
		assert_ok!(submit(SERVER, EPOCH, anchor(1, 100)));
		assert_ok!(submit(HSM, EPOCH, anchor(2, 100)));
		assert!(has_event(Event::RootConflict {
			epoch: EPOCH,
			party: HSM,
			anchor: anchor(2, 100),
			other: anchor(1, 100),
		}));
		assert_eq!(LatestFinal::<Test>::get(), None);
		assert_ok!(submit(AUDIT, EPOCH, anchor(1, 100)));
		let record = Epochs::<Test>::get(EPOCH).unwrap();
		assert_eq!(record.finalized, Some(anchor(1, 100)));
		assert!(record.contested);
		// The audit node's agreeing root also differs from the HSM's: a conflict is reported.
		assert!(has_event(Event::RootConflict {
			epoch: EPOCH,
			party: AUDIT,
			anchor: anchor(1, 100),
			other: anchor(2, 100),
		}));
		check_invariants();
	});
	new_test_ext().execute_with(|| {
		// After finality: the third party's different root contests the final one.
		assert_ok!(submit(SERVER, EPOCH, anchor(1, 100)));
		assert_ok!(submit(HSM, EPOCH, anchor(1, 100)));
		assert_ok!(submit(AUDIT, EPOCH, anchor(3, 100)));
		assert!(has_event(Event::RootConflict {
			epoch: EPOCH,
			party: AUDIT,
			anchor: anchor(3, 100),
			other: anchor(1, 100),
		}));
		let record = Epochs::<Test>::get(EPOCH).unwrap();
		assert_eq!(record.finalized, Some(anchor(1, 100)), "2 of 3 still decide");
		assert!(record.contested);
		check_invariants();
	});
}

#[test]
fn only_anchor_parties_submit_once_per_epoch() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(OUTSIDER, EPOCH, anchor(1, 1)), Error::<Test>::NotAnchorParty);
		assert_noop!(
			MappingAnchor::submit_root(RuntimeOrigin::root(), EPOCH, H256::zero(), 1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			MappingAnchor::submit_root(RuntimeOrigin::none(), EPOCH, H256::zero(), 1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(submit(SERVER, EPOCH, anchor(1, 1)));
		assert_noop!(submit(SERVER, EPOCH, anchor(1, 1)), Error::<Test>::AlreadySubmitted);
		assert_noop!(submit(SERVER, EPOCH, anchor(2, 1)), Error::<Test>::AlreadySubmitted);
		assert_noop!(submit(HSM, EPOCH, anchor(1, 0)), Error::<Test>::EmptyTable);
		check_invariants();
	});
}

#[test]
fn epochs_only_move_forward() {
	new_test_ext().execute_with(|| {
		// The next hour has not begun.
		assert_noop!(submit(SERVER, EPOCH + 1, anchor(1, 1)), Error::<Test>::EpochInFuture);
		// An earlier epoch may still be anchored while nothing later is final…
		assert_ok!(submit(SERVER, EPOCH - 2, anchor(1, 1)));
		assert_ok!(submit(SERVER, EPOCH, anchor(2, 1)));
		assert_ok!(submit(HSM, EPOCH, anchor(2, 1)));
		// …but not once a later epoch is final.
		assert_noop!(submit(HSM, EPOCH - 2, anchor(1, 1)), Error::<Test>::EpochSuperseded);
		assert_noop!(submit(AUDIT, EPOCH - 1, anchor(1, 1)), Error::<Test>::EpochSuperseded);
		// The final epoch itself still takes confirmations, and the next hour its own root.
		assert_ok!(submit(AUDIT, EPOCH, anchor(2, 1)));
		Timestamp::set_timestamp(NOW + HOUR);
		assert_ok!(submit(SERVER, EPOCH + 1, anchor(3, 2)));
		assert_ok!(submit(AUDIT, EPOCH + 1, anchor(3, 2)));
		assert_eq!(
			LatestFinal::<Test>::get(),
			Some(FinalRoot { epoch: EPOCH + 1, anchor: anchor(3, 2) })
		);
		check_invariants();
	});
}

#[test]
fn submissions_are_bounded() {
	new_test_ext().execute_with(|| {
		// Governance made more parties than an epoch holds: the sixth is refused.
		for who in 4..=6 {
			add_party(who);
		}
		for (i, who) in [1, 2, 3, 4, 5].into_iter().enumerate() {
			assert_ok!(submit(who, EPOCH, anchor(i as u8 + 1, 1)));
		}
		assert_noop!(submit(6, EPOCH, anchor(1, 1)), Error::<Test>::TooManySubmissions);
		check_invariants();
	});
}

#[test]
fn a_missing_epoch_is_reported_once_and_late_confirmation_still_counts() {
	new_test_ext().execute_with(|| {
		// The first hook run starts the watch at the current epoch.
		next_block_at(NOW);
		assert_eq!(WatchCursor::<Test>::get(), Some(EPOCH));
		// The epoch is due at 10:00; until 12:00 nothing is missing.
		next_block_at(EPOCH * HOUR + 2 * HOUR - 1);
		assert!(events().iter().all(|e| !matches!(e, Event::EpochMissing { .. })));
		assert_ok!(submit(SERVER, EPOCH, anchor(5, 9)));
		next_block_at(EPOCH * HOUR + 2 * HOUR);
		assert!(has_event(Event::EpochMissing { epoch: EPOCH }));
		assert_eq!(WatchCursor::<Test>::get(), Some(EPOCH + 1));
		// Reported once only.
		next_block_at(EPOCH * HOUR + 2 * HOUR + 1_000);
		assert_eq!(events().iter().filter(|e| matches!(e, Event::EpochMissing { .. })).count(), 1);
		// A late second party still finalizes it, flagged late.
		assert_ok!(submit(HSM, EPOCH, anchor(5, 9)));
		assert!(has_event(Event::RootFinalized { epoch: EPOCH, anchor: anchor(5, 9), late: true }));
		// A final epoch is not reported: epoch + 1 is final in time.
		Timestamp::set_timestamp((EPOCH + 1) * HOUR + 60_000);
		assert_ok!(submit(SERVER, EPOCH + 1, anchor(6, 9)));
		assert_ok!(submit(AUDIT, EPOCH + 1, anchor(6, 9)));
		next_block_at((EPOCH + 1) * HOUR + 2 * HOUR);
		assert!(!has_event(Event::EpochMissing { epoch: EPOCH + 1 }));
		assert_eq!(WatchCursor::<Test>::get(), Some(EPOCH + 2));
		check_invariants();
	});
}

#[test]
fn the_watch_catches_up_a_bounded_number_of_epochs_per_block() {
	new_test_ext().execute_with(|| {
		next_block_at(NOW);
		// The chain stood still for ten hours: four epochs a block are reported.
		let later = NOW + 10 * HOUR;
		next_block_at(later);
		assert_eq!(WatchCursor::<Test>::get(), Some(EPOCH + 4));
		next_block_at(later + 2_000);
		next_block_at(later + 4_000);
		// At `later` (10:15 ten hours on) epochs up to EPOCH + 8 are past their deadline.
		assert_eq!(WatchCursor::<Test>::get(), Some(EPOCH + 9));
		let missing: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::EpochMissing { epoch } => Some(epoch),
				_ => None,
			})
			.collect();
		assert_eq!(missing, (EPOCH..EPOCH + 9).collect::<Vec<_>>());
	});
}

fn table(rows: u32) -> MappingTree {
	MappingTree::new(
		(0..rows)
			.map(|n| {
				let mut address = [0u8; 20];
				address[..4].copy_from_slice(&n.to_be_bytes());
				MappingLeaf::new(b"salt", &format!("+1555{n:07}"), AccountId20(address))
			})
			.collect(),
	)
	.unwrap()
}

#[test]
fn proofs_verify_against_final_roots_only() {
	new_test_ext().execute_with(|| {
		let tree = table(101);
		let final_anchor = Anchor { root: tree.root(), leaf_count: tree.leaf_count() };
		let (leaf, index) = (tree.leaves()[100], 100);
		let proof = tree.proof(index).unwrap();
		assert_eq!(
			MappingAnchor::verify_proof(None, leaf, index, proof.clone()),
			Err(ProofError::NoFinalRoot)
		);
		assert_ok!(submit(SERVER, EPOCH, final_anchor));
		assert_eq!(
			MappingAnchor::verify_proof(Some(EPOCH), leaf, index, proof.clone()),
			Err(ProofError::EpochNotFinal)
		);
		assert_ok!(submit(AUDIT, EPOCH, final_anchor));
		let expected = FinalRoot { epoch: EPOCH, anchor: final_anchor };
		assert_eq!(MappingAnchor::verify_proof(None, leaf, index, proof.clone()), Ok(expected));
		assert_eq!(
			MappingAnchor::verify_proof(Some(EPOCH), leaf, index, proof.clone()),
			Ok(expected)
		);
		// The first row too.
		let first = tree.proof(0).unwrap();
		assert_eq!(MappingAnchor::verify_proof(None, tree.leaves()[0], 0, first), Ok(expected));
		// A row changed after anchoring, a wrong index, an index past the end, a long proof.
		let mut changed = leaf;
		changed.address.0[19] ^= 1;
		assert_eq!(
			MappingAnchor::verify_proof(None, changed, index, proof.clone()),
			Err(ProofError::RootMismatch)
		);
		assert_eq!(
			MappingAnchor::verify_proof(None, leaf, 99, proof.clone()),
			Err(ProofError::RootMismatch)
		);
		assert_eq!(
			MappingAnchor::verify_proof(None, leaf, 101, proof.clone()),
			Err(ProofError::LeafIndexOutOfRange)
		);
		assert_eq!(
			MappingAnchor::verify_proof(None, leaf, index, vec![H256::zero(); 33]),
			Err(ProofError::ProofTooLong)
		);
		assert_eq!(
			MappingAnchor::verify_proof(Some(EPOCH - 1), leaf, index, proof),
			Err(ProofError::EpochNotFinal)
		);
	});
}
