//! Unit tests of the freeze pallet, wired to the real compliance pallet as in the runtime.

use crate::{mock::*, pallet::*, types::*, Error};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use frame_system::RawOrigin;
use pallet_compliance::{ComplianceGate, Denial, FreezeInspect, Movement, Role};
use sp_core::H256;
use sp_runtime::DispatchError;

type Event = crate::Event<Test>;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn incident(text: &str) -> BoundedVec<u8, <Test as Config>::MaxIncidentLength> {
	BoundedVec::truncate_from(text.as_bytes().to_vec())
}

fn has_event(event: Event) -> bool {
	System::events()
		.iter()
		.any(|record| record.event == RuntimeEvent::Freeze(event.clone()))
}

fn freeze(by: AccountId, target: FreezeTarget<AccountId>) -> sp_runtime::DispatchResult {
	Freeze::freeze(signed(by), target, FreezeReason::Fraud, incident("INC-2026-0042"))
}

fn all_targets() -> [FreezeTarget<AccountId>; 6] {
	[
		FreezeTarget::Account(ALICE),
		FreezeTarget::Class(7),
		FreezeTarget::Issuer(ISSUER),
		FreezeTarget::Market(MarketScope::Trading),
		FreezeTarget::Market(MarketScope::Transfers),
		FreezeTarget::Market(MarketScope::Redemption),
	]
}

#[test]
fn one_guardian_freezes_anything_at_once() {
	new_test_ext().execute_with(|| {
		for target in all_targets() {
			assert_ok!(freeze(GUARDIAN_1, target.clone()));
			assert!(has_event(Event::Frozen {
				target: target.clone(),
				reason: FreezeReason::Fraud,
				incident: incident("INC-2026-0042"),
				by: Some(GUARDIAN_1),
			}));
			let record = Freezes::<Test>::get(&target).unwrap();
			assert_eq!((record.frozen_by, record.at), (Some(GUARDIAN_1), NOW));
			assert_noop!(freeze(GUARDIAN_2, target), Error::<Test>::AlreadyFrozen);
		}
		assert!(Freeze::account_frozen(&ALICE) && !Freeze::account_frozen(&BOB));
		assert!(Freeze::class_frozen(7) && !Freeze::class_frozen(8));
		assert!(Freeze::issuer_frozen(&ISSUER) && !Freeze::issuer_frozen(&ALICE));
		for scope in [MarketScope::Trading, MarketScope::Transfers, MarketScope::Redemption] {
			assert!(Freeze::market_paused(scope));
		}
		// The view function lists every freeze in force.
		assert_eq!(Freeze::current_freezes().len(), 6);
		assert_eq!(Freeze::freeze_of(FreezeTarget::Class(7)).unwrap().reason, FreezeReason::Fraud);
		assert!(Freeze::freeze_of(FreezeTarget::Class(8)).is_none());
	});
}

#[test]
fn only_guardians_and_governance_freeze() {
	new_test_ext().execute_with(|| {
		assert_noop!(freeze(ALICE, FreezeTarget::Account(BOB)), Error::<Test>::NotGuardian);
		assert_noop!(
			Freeze::freeze(
				RawOrigin::None.into(),
				FreezeTarget::Account(BOB),
				FreezeReason::Other,
				incident("x")
			),
			DispatchError::BadOrigin
		);
		assert_ok!(Freeze::freeze(
			RawOrigin::Root.into(),
			FreezeTarget::Account(BOB),
			FreezeReason::RegulatoryOrder,
			incident("ORDER-7")
		));
		assert_eq!(Freezes::<Test>::get(FreezeTarget::Account(BOB)).unwrap().frozen_by, None);
		// A guardian whose role is removed can no longer freeze.
		assert_ok!(pallet_compliance::Pallet::<Test>::remove_role(
			RawOrigin::Root.into(),
			Role::Guardian,
			GUARDIAN_3
		));
		assert_noop!(freeze(GUARDIAN_3, FreezeTarget::Class(1)), Error::<Test>::NotGuardian);
	});
}

#[test]
fn one_guardian_cannot_unfreeze_two_can() {
	new_test_ext().execute_with(|| {
		let target = FreezeTarget::Issuer(ISSUER);
		assert_ok!(freeze(GUARDIAN_1, target.clone()));
		assert_ok!(Freeze::approve_unfreeze(signed(GUARDIAN_1), target.clone()));
		assert!(has_event(Event::UnfreezeApproved {
			target: target.clone(),
			guardian: GUARDIAN_1,
			approvals: 1
		}));
		assert!(Freeze::issuer_frozen(&ISSUER), "one approval is not enough");
		assert_noop!(
			Freeze::approve_unfreeze(signed(GUARDIAN_1), target.clone()),
			Error::<Test>::AlreadyApproved
		);
		assert_noop!(
			Freeze::approve_unfreeze(signed(ALICE), target.clone()),
			Error::<Test>::NotGuardian
		);
		assert_ok!(Freeze::approve_unfreeze(signed(GUARDIAN_3), target.clone()));
		assert!(has_event(Event::Unfrozen { target: target.clone(), by_governance: false }));
		assert!(!Freeze::issuer_frozen(&ISSUER));
		assert_noop!(
			Freeze::approve_unfreeze(signed(GUARDIAN_2), target.clone()),
			Error::<Test>::NotFrozen
		);
		// Frozen again later: earlier approvals do not carry over.
		assert_ok!(freeze(GUARDIAN_2, target.clone()));
		assert_ok!(Freeze::approve_unfreeze(signed(GUARDIAN_1), target.clone()));
		assert!(Freeze::issuer_frozen(&ISSUER));
	});
}

#[test]
fn governance_unfreezes_alone() {
	new_test_ext().execute_with(|| {
		let target = FreezeTarget::Market(MarketScope::Trading);
		assert_ok!(freeze(GUARDIAN_1, target.clone()));
		assert_noop!(
			Freeze::force_unfreeze(signed(GUARDIAN_1), target.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Freeze::force_unfreeze(RawOrigin::Root.into(), target.clone()));
		assert!(has_event(Event::Unfrozen { target: target.clone(), by_governance: true }));
		assert!(!Freeze::market_paused(MarketScope::Trading));
		assert_noop!(
			Freeze::force_unfreeze(RawOrigin::Root.into(), target),
			Error::<Test>::NotFrozen
		);
	});
}

#[test]
fn sanctioned_holders_are_frozen_through_the_compliance_pallet() {
	new_test_ext().execute_with(|| {
		assert_ok!(pallet_compliance::Pallet::<Test>::update_sanctions(
			signed(ORACLE),
			H256::repeat_byte(1),
			BoundedVec::new(),
			0,
			1,
			BoundedVec::truncate_from(vec![BOB]),
			BoundedVec::new(),
		));
		let record = Freezes::<Test>::get(FreezeTarget::Account(BOB)).unwrap();
		assert_eq!((record.reason, record.frozen_by), (FreezeReason::Sanctions, None));
		// A guardian freezes Alice for fraud; then both are sanctioned and delisted again.
		assert_ok!(freeze(GUARDIAN_1, FreezeTarget::Account(ALICE)));
		let both = || BoundedVec::truncate_from(vec![ALICE, BOB]);
		assert_ok!(pallet_compliance::Pallet::<Test>::update_sanctions(
			signed(ORACLE),
			H256::repeat_byte(2),
			BoundedVec::new(),
			0,
			1,
			both(),
			BoundedVec::new(),
		));
		assert_ok!(pallet_compliance::Pallet::<Test>::update_sanctions(
			signed(ORACLE),
			H256::repeat_byte(3),
			BoundedVec::new(),
			0,
			1,
			BoundedVec::new(),
			both(),
		));
		// Leaving the list lifts the freeze sanctioning made, and only that one: the
		// guardian's freeze of Alice stays until guardians lift it.
		assert!(!Freeze::account_frozen(&BOB));
		assert!(has_event(Event::Unfrozen {
			target: FreezeTarget::Account(BOB),
			by_governance: false
		}));
		assert!(Freeze::account_frozen(&ALICE));
		assert_eq!(
			Freezes::<Test>::get(FreezeTarget::Account(ALICE)).unwrap().frozen_by,
			Some(GUARDIAN_1)
		);
	});
}

#[test]
fn the_gate_sees_every_kind_of_freeze() {
	new_test_ext().execute_with(|| {
		type Gate = pallet_compliance::Pallet<Test>;
		let movement = |from, to| Movement {
			from: Some(from),
			to: Some(to),
			class: Some(7),
			issuer: Some(&ISSUER),
			value: 1,
			travel_rule_data: false,
		};
		assert_eq!(Gate::check_transfer(&movement(&ALICE, &BOB)), Ok(()));
		let cases = [
			(FreezeTarget::Account(BOB), Denial::AccountFrozen),
			(FreezeTarget::Class(7), Denial::ClassFrozen),
			(FreezeTarget::Issuer(ISSUER), Denial::IssuerFrozen),
			(
				FreezeTarget::Market(MarketScope::Transfers),
				Denial::MarketPaused(MarketScope::Transfers),
			),
		];
		for (target, denial) in cases {
			assert_ok!(freeze(GUARDIAN_1, target.clone()));
			assert_eq!(Gate::check_transfer(&movement(&ALICE, &BOB)), Err(denial));
			assert_ok!(Freeze::force_unfreeze(RawOrigin::Root.into(), target));
		}
		assert_ok!(freeze(GUARDIAN_1, FreezeTarget::Market(MarketScope::Redemption)));
		assert_eq!(
			Gate::check_redeem(&ALICE, &ALICE, 7, &ISSUER),
			Err(Denial::MarketPaused(MarketScope::Redemption))
		);
		assert_eq!(Gate::check_trade(&ALICE, 7, &ISSUER), Ok(()));
	});
}
