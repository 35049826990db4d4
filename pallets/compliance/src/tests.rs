//! Unit tests of the compliance pallet against the mock runtime.

mod sanctions_feed;
mod screening;

use crate::{
	mock::*, pallet::*, traits::*, types::*, CheckCompliance, Error, FROZEN_SENDER,
	SANCTIONED_SENDER,
};
use frame_support::{
	assert_noop, assert_ok, assert_storage_noop,
	dispatch::DispatchInfo,
	parameter_types,
	traits::{Contains, EnsureOrigin},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::{
	traits::DispatchTransaction,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	DispatchError,
};

type Event = crate::Event<Test>;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Runs the off-chain workers at `block` as a node does (what they write to the chain's state
/// is discarded, their offchain storage stays) and returns what they submitted to `pool`: each
/// transaction checked as signed by the oracle key, with its nonce and compliance call.
fn worker_calls(
	block: u64,
	pool: &std::sync::Arc<parking_lot::RwLock<sp_core::offchain::testing::PoolState>>,
) -> Vec<(u32, Call<Test>)> {
	use codec::Decode;
	use frame_support::traits::Hooks;
	use sp_runtime::traits::{Checkable, IdentityLookup};
	System::set_block_number(block);
	frame_support::storage::with_transaction(|| {
		Compliance::offchain_worker(block);
		sp_runtime::TransactionOutcome::Rollback(Ok::<(), DispatchError>(()))
	})
	.unwrap();
	let submitted: Vec<Vec<u8>> = std::mem::take(&mut pool.write().transactions);
	submitted
		.iter()
		.map(|bytes| {
			let xt = Extrinsic::decode(&mut &bytes[..]).expect("a transaction");
			let checked = xt
				.check(&IdentityLookup::<AccountId>::default())
				.expect("signed by the oracle key, verifies");
			let nonce = match checked.format {
				sp_runtime::generic::ExtrinsicFormat::Signed(who, extension) => {
					assert_eq!(who, ORACLE);
					extension.0
				},
				_ => panic!("a signed transaction"),
			};
			match checked.function {
				RuntimeCall::Compliance(call) => (nonce, call),
				other => panic!("not a compliance call: {other:?}"),
			}
		})
		.collect()
}

fn h(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn has_event(event: Event) -> bool {
	System::events()
		.iter()
		.any(|record| record.event == RuntimeEvent::Compliance(event.clone()))
}

fn kyc(who: AccountId, level: KycLevel) {
	assert_ok!(Compliance::set_kyc(signed(KYC_PROVIDER), who, level, NOW + 365 * DAY, h(7)));
}

fn sanctions(
	list: u8,
	part: u16,
	parts: u16,
	add: Vec<AccountId>,
	remove: Vec<AccountId>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Compliance::update_sanctions(
		signed(ORACLE),
		h(list),
		BoundedVec::truncate_from(b"OFAC SDN".to_vec()),
		part,
		parts,
		BoundedVec::truncate_from(add),
		BoundedVec::truncate_from(remove),
	)
}

fn transfer(from: AccountId, to: AccountId, value: u128, data: bool) -> Result<(), Denial> {
	Compliance::check_transfer(&Movement {
		from: Some(&from),
		to: Some(&to),
		class: Some(7),
		issuer: Some(&ISSUER),
		value,
		travel_rule_data: data,
	})
}

fn freeze_account(who: AccountId) {
	FROZEN_ACCOUNTS.with(|set| set.borrow_mut().insert(who));
}

// ---------------------------------------------------------------- roles

#[test]
fn governance_assigns_and_removes_roles() {
	test(|| {
		assert_noop!(
			Compliance::assign_role(signed(OFFICER), Role::Guardian, ALICE),
			DispatchError::BadOrigin
		);
		for role in Role::ALL {
			assert_ok!(Compliance::assign_role(RawOrigin::Root.into(), role, ALICE));
			assert!(has_event(Event::RoleAssigned { role, who: ALICE }));
			assert!(Compliance::has_role(role, &ALICE));
		}
		assert_noop!(
			Compliance::assign_role(RawOrigin::Root.into(), Role::Guardian, ALICE),
			Error::<Test>::AlreadyHasRole
		);
		assert_eq!(Compliance::role_count(Role::ComplianceOfficer), 2);
		assert_ok!(Compliance::remove_role(RawOrigin::Root.into(), Role::Guardian, ALICE));
		assert!(has_event(Event::RoleRemoved { role: Role::Guardian, who: ALICE }));
		assert!(!Compliance::has_role(Role::Guardian, &ALICE));
		assert_noop!(
			Compliance::remove_role(RawOrigin::Root.into(), Role::Guardian, ALICE),
			Error::<Test>::NoSuchRole
		);
		assert_noop!(
			Compliance::remove_role(signed(ALICE), Role::Arbitrator, ALICE),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn every_call_is_refused_without_its_role() {
	test(|| {
		let list = || BoundedVec::truncate_from(vec![BOB]);
		let refusals: Vec<(AccountId, Box<dyn Fn(RuntimeOrigin) -> sp_runtime::DispatchResult>)> = vec![
			(OFFICER, Box::new(|o| Compliance::set_kyc(o, BOB, KycLevel::L1, NOW + DAY, h(1)))),
			(ORACLE, Box::new(|o| Compliance::revoke_kyc(o, BOB))),
			(
				KYC_PROVIDER,
				Box::new(move |o| {
					Compliance::update_sanctions(
						o,
						h(1),
						BoundedVec::new(),
						0,
						1,
						list(),
						BoundedVec::new(),
					)
					.map(|_| ())
					.map_err(|e| e.error)
				}),
			),
			(
				KYC_PROVIDER,
				Box::new(|o| Compliance::file_alert(o, BOB, AmlRule::Manual, Severity::Low, h(1))),
			),
			(
				ORACLE,
				Box::new(|o| Compliance::open_case(o, BOB, BoundedVec::truncate_from(vec![0]))),
			),
			(
				ORACLE,
				Box::new(|o| Compliance::set_case_status(o, 0, CaseStatus::UnderReview, None)),
			),
		];
		for (holder_of_another_role, call) in refusals {
			for who in [holder_of_another_role, ALICE] {
				assert_noop!(call(signed(who)), Error::<Test>::MissingRole);
			}
			assert_noop!(call(RawOrigin::None.into()), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn ensure_role_origin_checks_the_role() {
	test(|| {
		parameter_types! { pub const Officer: Role = Role::ComplianceOfficer; }
		type IsOfficer = crate::EnsureRole<Test, Officer>;
		assert_eq!(IsOfficer::try_origin(signed(OFFICER)).ok(), Some(OFFICER));
		assert!(IsOfficer::try_origin(signed(ALICE)).is_err());
		assert!(IsOfficer::try_origin(RawOrigin::Root.into()).is_err());
	});
}

// ---------------------------------------------------------------- KYC

#[test]
fn kyc_levels_expire_and_can_be_revoked() {
	test(|| {
		assert_eq!(Compliance::kyc_level(&ALICE), KycLevel::L0);
		assert_ok!(Compliance::set_kyc(signed(KYC_PROVIDER), ALICE, KycLevel::L2, NOW + DAY, h(9)));
		assert!(has_event(Event::KycSet {
			who: ALICE,
			level: KycLevel::L2,
			expires_at: NOW + DAY,
			provider: KYC_PROVIDER
		}));
		assert_eq!(Compliance::kyc_level(&ALICE), KycLevel::L2);
		assert_eq!(Kyc::<Test>::get(ALICE).unwrap().attestation, h(9));
		// One millisecond before expiry it counts; at expiry it is L0.
		pallet_timestamp::Now::<Test>::put(NOW + DAY - 1);
		assert_eq!(Compliance::kyc_level(&ALICE), KycLevel::L2);
		pallet_timestamp::Now::<Test>::put(NOW + DAY);
		assert_eq!(Compliance::kyc_level(&ALICE), KycLevel::L0);
		assert_noop!(
			Compliance::set_kyc(signed(KYC_PROVIDER), ALICE, KycLevel::L3, NOW + DAY, h(9)),
			Error::<Test>::KycExpiryInPast
		);
		assert_ok!(Compliance::set_kyc(
			signed(KYC_PROVIDER),
			ALICE,
			KycLevel::L3,
			NOW + 9 * DAY,
			h(9)
		));
		assert_ok!(Compliance::revoke_kyc(signed(OFFICER), ALICE));
		assert!(has_event(Event::KycRevoked { who: ALICE, by: OFFICER }));
		assert_eq!(Compliance::kyc_level(&ALICE), KycLevel::L0);
		assert_noop!(Compliance::revoke_kyc(signed(KYC_PROVIDER), ALICE), Error::<Test>::NoKyc);
	});
}

// ---------------------------------------------------------------- sanctions

#[test]
fn sanctions_parts_apply_once_and_freeze_holders() {
	test(|| {
		HOLDERS.with(|set| set.borrow_mut().insert(BOB));
		assert_ok!(sanctions(1, 0, 2, vec![ALICE, BOB], vec![]));
		assert!(Compliance::is_sanctioned(&ALICE) && Compliance::is_sanctioned(&BOB));
		assert!(has_event(Event::SanctionsUpdated {
			list_hash: h(1),
			part: 0,
			parts: 2,
			added: 2,
			removed: 0
		}));
		// Bob held value: frozen at once, with an event; Alice held nothing.
		assert!(has_event(Event::SanctionedHolderFrozen { who: BOB, list_hash: h(1) }));
		assert!(MockFreezes::account_frozen(&BOB));
		assert!(!MockFreezes::account_frozen(&ALICE));
		// The same part again changes nothing, whatever it carries.
		assert_storage_noop!(sanctions(1, 0, 2, vec![CAROL], vec![ALICE]).unwrap());
		assert!(!Compliance::is_sanctioned(&CAROL));
		// The next part adds and removes.
		assert_ok!(sanctions(1, 1, 2, vec![CAROL], vec![ALICE]));
		assert!(Compliance::is_sanctioned(&CAROL) && !Compliance::is_sanctioned(&ALICE));
		assert_eq!(SanctionedCount::<Test>::get(), 2);
		let batch = SanctionsBatches::<Test>::get(h(1), 1).unwrap();
		assert_eq!((batch.added, batch.removed, batch.submitted_by), (1, 1, ORACLE));
		assert_eq!(batch.source.to_vec(), b"OFAC SDN".to_vec());
		// A new list may sanction an address again; compliance officers may submit too.
		assert_ok!(Compliance::update_sanctions(
			signed(OFFICER),
			h(2),
			BoundedVec::new(),
			0,
			1,
			BoundedVec::truncate_from(vec![ALICE]),
			BoundedVec::new(),
		));
		assert!(Compliance::is_sanctioned(&ALICE));
	});
}

#[test]
fn sanctions_batches_are_bounded_and_well_formed() {
	test(|| {
		let too_many: Result<BoundedVec<AccountId, <Test as Config>::MaxSanctionsBatch>, _> =
			BoundedVec::try_from((0..201).map(account).collect::<Vec<AccountId>>());
		assert!(too_many.is_err(), "at most 200 addresses a call");
		let full: Vec<AccountId> = (1_000..1_200).map(account).collect();
		assert_ok!(sanctions(3, 0, 1, full, vec![]));
		assert_eq!(SanctionedCount::<Test>::get(), 200);
		assert_noop!(sanctions(4, 1, 1, vec![ALICE], vec![]), Error::<Test>::InvalidListPart);
		assert_noop!(sanctions(4, 0, 0, vec![ALICE], vec![]), Error::<Test>::InvalidListPart);
		assert_noop!(
			sanctions(4, 0, 1, vec![ALICE, ALICE], vec![]),
			Error::<Test>::DuplicateAddress
		);
		assert_noop!(sanctions(4, 0, 1, vec![ALICE], vec![ALICE]), Error::<Test>::DuplicateAddress);
	});
}

// ---------------------------------------------------------------- Travel Rule

#[test]
fn travel_rule_records_hold_identity_hashes_only() {
	test(|| {
		assert_eq!(<Compliance as TravelRuleRecorder<AccountId>>::threshold(), 3_000 * DOLLAR);
		let id = <Compliance as TravelRuleRecorder<AccountId>>::record(
			&ALICE,
			&BOB,
			h(1),
			h(2),
			5_000 * DOLLAR,
			true,
		)
		.unwrap();
		assert_eq!(id, 0);
		let record = TravelRuleRecords::<Test>::get(0).unwrap();
		assert_eq!(
			record,
			TravelRuleRecord {
				originator: ALICE,
				beneficiary: BOB,
				originator_identity: h(1),
				beneficiary_identity: h(2),
				value: 5_000 * DOLLAR,
				beneficiary_off_platform: true,
				at: NOW,
			}
		);
		assert!(has_event(Event::TravelRuleRecorded {
			id: 0,
			originator: ALICE,
			beneficiary: BOB
		}));
		assert_eq!(
			<Compliance as TravelRuleRecorder<AccountId>>::record(
				&BOB,
				&ALICE,
				h(3),
				h(4),
				1,
				false
			),
			Ok(1)
		);
	});
}

// ---------------------------------------------------------------- AML

#[test]
fn aml_cases_move_open_review_closed_or_reported() {
	test(|| {
		assert_ok!(Compliance::file_alert(
			signed(ORACLE),
			ALICE,
			AmlRule::FanOut,
			Severity::High,
			h(1)
		));
		assert!(has_event(Event::AlertFiled {
			id: 0,
			subject: ALICE,
			rule: AmlRule::FanOut,
			severity: Severity::High
		}));
		assert_ok!(Compliance::file_alert(
			signed(OFFICER),
			ALICE,
			AmlRule::Structuring,
			Severity::Critical,
			h(2)
		));
		assert_ok!(Compliance::file_alert(
			signed(OFFICER),
			BOB,
			AmlRule::Manual,
			Severity::Low,
			h(3)
		));

		let alerts = |ids: Vec<AlertId>| BoundedVec::truncate_from(ids);
		assert_noop!(
			Compliance::open_case(signed(OFFICER), ALICE, alerts(vec![])),
			Error::<Test>::EmptyCase
		);
		assert_noop!(
			Compliance::open_case(signed(OFFICER), ALICE, alerts(vec![9])),
			Error::<Test>::UnknownAlert
		);
		assert_noop!(
			Compliance::open_case(signed(OFFICER), ALICE, alerts(vec![0, 2])),
			Error::<Test>::AlertSubjectMismatch
		);
		assert_ok!(Compliance::open_case(signed(OFFICER), ALICE, alerts(vec![0, 1])));
		assert!(has_event(Event::CaseOpened { id: 0, subject: ALICE, alerts: 2 }));
		assert_eq!(Alerts::<Test>::get(1).unwrap().case, Some(0));
		assert_noop!(
			Compliance::open_case(signed(OFFICER), ALICE, alerts(vec![1])),
			Error::<Test>::AlertInCase
		);

		let status =
			|case, status, note| Compliance::set_case_status(signed(OFFICER), case, status, note);
		assert_noop!(
			status(0, CaseStatus::Closed, Some(h(5))),
			Error::<Test>::InvalidCaseTransition
		);
		assert_noop!(
			status(0, CaseStatus::Reported, Some(h(5))),
			Error::<Test>::InvalidCaseTransition
		);
		assert_noop!(status(7, CaseStatus::UnderReview, None), Error::<Test>::UnknownCase);
		assert_ok!(status(0, CaseStatus::UnderReview, None));
		assert_noop!(status(0, CaseStatus::Open, None), Error::<Test>::InvalidCaseTransition);
		assert_noop!(status(0, CaseStatus::Reported, None), Error::<Test>::ResolutionRequired);
		assert_ok!(status(0, CaseStatus::Reported, Some(h(8))));
		assert!(has_event(Event::CaseStatusChanged { id: 0, status: CaseStatus::Reported }));
		assert_eq!(Cases::<Test>::get(0).unwrap().resolution, Some(h(8)));
		assert_noop!(
			status(0, CaseStatus::Closed, Some(h(9))),
			Error::<Test>::InvalidCaseTransition
		);

		assert_ok!(Compliance::open_case(signed(OFFICER), BOB, alerts(vec![2])));
		assert_ok!(status(1, CaseStatus::UnderReview, None));
		assert_ok!(status(1, CaseStatus::Closed, Some(h(6))));
	});
}

#[test]
fn case_transitions_table() {
	use CaseStatus::*;
	let all = [Open, UnderReview, Closed, Reported];
	for from in all {
		for to in all {
			let expected = matches!(
				(from, to),
				(Open, UnderReview) | (UnderReview, Closed) | (UnderReview, Reported)
			);
			assert_eq!(from.can_move_to(to), expected, "{from:?} -> {to:?}");
		}
	}
}

// ---------------------------------------------------------------- the gate

#[test]
fn gate_transfer_answers_every_path() {
	test(|| {
		kyc(ALICE, KycLevel::L1);
		kyc(BOB, KycLevel::L1);
		assert_eq!(transfer(ALICE, BOB, 100 * DOLLAR, false), Ok(()));
		// Sender below the transfer level.
		assert_eq!(
			transfer(CAROL, BOB, DOLLAR, false),
			Err(Denial::KycTooLow { required: KycLevel::L1, actual: KycLevel::L0 })
		);
		// The Travel Rule threshold ($3,000): both sides need L2, then the data.
		assert_eq!(transfer(ALICE, BOB, 2_999_999_999, false), Ok(()));
		assert_eq!(
			transfer(ALICE, BOB, 3_000 * DOLLAR, true),
			Err(Denial::KycTooLow { required: KycLevel::L2, actual: KycLevel::L1 })
		);
		kyc(ALICE, KycLevel::L2);
		assert_eq!(
			transfer(ALICE, BOB, 3_000 * DOLLAR, true),
			Err(Denial::KycTooLow { required: KycLevel::L2, actual: KycLevel::L1 })
		);
		kyc(BOB, KycLevel::L3);
		assert_eq!(
			transfer(ALICE, BOB, 3_000 * DOLLAR, false),
			Err(Denial::TravelRuleDataRequired)
		);
		assert_eq!(transfer(ALICE, BOB, 3_000 * DOLLAR, true), Ok(()));
		// Frozen class, frozen issuer, sanctioned issuer.
		FROZEN_CLASSES.with(|set| set.borrow_mut().insert(7));
		assert_eq!(transfer(ALICE, BOB, DOLLAR, false), Err(Denial::ClassFrozen));
		FROZEN_CLASSES.with(|set| set.borrow_mut().clear());
		FROZEN_ISSUERS.with(|set| set.borrow_mut().insert(ISSUER));
		assert_eq!(transfer(ALICE, BOB, DOLLAR, false), Err(Denial::IssuerFrozen));
		FROZEN_ISSUERS.with(|set| set.borrow_mut().clear());
		// Frozen or sanctioned on either side.
		freeze_account(BOB);
		assert_eq!(transfer(ALICE, BOB, DOLLAR, false), Err(Denial::AccountFrozen));
		assert_eq!(transfer(BOB, ALICE, DOLLAR, false), Err(Denial::AccountFrozen));
		FROZEN_ACCOUNTS.with(|set| set.borrow_mut().clear());
		assert_ok!(sanctions(1, 0, 1, vec![BOB], vec![]));
		assert_eq!(transfer(ALICE, BOB, DOLLAR, false), Err(Denial::Sanctioned));
		assert_eq!(transfer(BOB, ALICE, DOLLAR, false), Err(Denial::Sanctioned));
		// Transfers paused: nothing moves.
		PAUSED.with(|set| set.borrow_mut().insert(MarketScope::Transfers));
		assert_eq!(
			transfer(ALICE, CAROL, DOLLAR, false),
			Err(Denial::MarketPaused(MarketScope::Transfers))
		);
		// Trading still works.
		assert_eq!(Compliance::check_trade(&ALICE, 7, &ISSUER), Ok(()));
	});
}

#[test]
fn gate_trade_redeem_and_issue_answer_every_path() {
	test(|| {
		// Trading needs L1; redemption needs nothing beyond not being blocked.
		assert_eq!(
			Compliance::check_trade(&ALICE, 7, &ISSUER),
			Err(Denial::KycTooLow { required: KycLevel::L1, actual: KycLevel::L0 })
		);
		assert_eq!(Compliance::check_redeem(&ALICE, &CAROL, 7, &ISSUER), Ok(()));
		kyc(ALICE, KycLevel::L1);
		assert_eq!(Compliance::check_trade(&ALICE, 7, &ISSUER), Ok(()));
		assert_eq!(Compliance::check_issue(&ISSUER, Some(7)), Ok(()));

		FROZEN_CLASSES.with(|set| set.borrow_mut().insert(7));
		assert_eq!(Compliance::check_trade(&ALICE, 7, &ISSUER), Err(Denial::ClassFrozen));
		assert_eq!(Compliance::check_redeem(&ALICE, &CAROL, 7, &ISSUER), Err(Denial::ClassFrozen));
		assert_eq!(Compliance::check_issue(&ISSUER, Some(7)), Err(Denial::ClassFrozen));
		assert_eq!(Compliance::check_issue(&ISSUER, None), Ok(()));
		FROZEN_CLASSES.with(|set| set.borrow_mut().clear());

		FROZEN_ISSUERS.with(|set| set.borrow_mut().insert(ISSUER));
		assert_eq!(Compliance::check_trade(&ALICE, 7, &ISSUER), Err(Denial::IssuerFrozen));
		assert_eq!(Compliance::check_redeem(&ALICE, &CAROL, 7, &ISSUER), Err(Denial::IssuerFrozen));
		assert_eq!(Compliance::check_issue(&ISSUER, None), Err(Denial::IssuerFrozen));
		FROZEN_ISSUERS.with(|set| set.borrow_mut().clear());

		freeze_account(ALICE);
		assert_eq!(Compliance::check_trade(&ALICE, 7, &ISSUER), Err(Denial::AccountFrozen));
		assert_eq!(
			Compliance::check_redeem(&ALICE, &CAROL, 7, &ISSUER),
			Err(Denial::AccountFrozen)
		);
		freeze_account(ISSUER);
		assert_eq!(Compliance::check_issue(&ISSUER, None), Err(Denial::AccountFrozen));
		FROZEN_ACCOUNTS.with(|set| set.borrow_mut().clear());
		// A frozen store redeems nothing either.
		freeze_account(CAROL);
		assert_eq!(
			Compliance::check_redeem(&ALICE, &CAROL, 7, &ISSUER),
			Err(Denial::AccountFrozen)
		);
		FROZEN_ACCOUNTS.with(|set| set.borrow_mut().clear());

		assert_ok!(sanctions(1, 0, 1, vec![ALICE, ISSUER], vec![]));
		assert_eq!(Compliance::check_trade(&ALICE, 7, &ISSUER), Err(Denial::Sanctioned));
		assert_eq!(Compliance::check_redeem(&BOB, &CAROL, 7, &ISSUER), Err(Denial::Sanctioned));
		assert_eq!(Compliance::check_issue(&ISSUER, None), Err(Denial::Sanctioned));
		assert_ok!(sanctions(2, 0, 1, vec![], vec![ALICE, ISSUER]));

		for (scope, check) in [
			(MarketScope::Trading, Compliance::check_trade(&ALICE, 7, &ISSUER)),
			(MarketScope::Redemption, Compliance::check_redeem(&ALICE, &CAROL, 7, &ISSUER)),
		] {
			assert_eq!(check, Ok(()));
			PAUSED.with(|set| set.borrow_mut().insert(scope));
		}
		assert_eq!(
			Compliance::check_trade(&ALICE, 7, &ISSUER),
			Err(Denial::MarketPaused(MarketScope::Trading))
		);
		assert_eq!(
			Compliance::check_redeem(&ALICE, &CAROL, 7, &ISSUER),
			Err(Denial::MarketPaused(MarketScope::Redemption))
		);
	});
}

#[test]
fn denials_become_typed_errors() {
	test(|| {
		let cases = [
			(Denial::Sanctioned, Error::<Test>::Sanctioned),
			(Denial::AccountFrozen, Error::<Test>::AccountFrozen),
			(Denial::ClassFrozen, Error::<Test>::ClassFrozen),
			(Denial::IssuerFrozen, Error::<Test>::IssuerFrozen),
			(
				Denial::MarketPaused(MarketScope::Trading),
				Error::<Test>::MarketPaused { scope: MarketScope::Trading },
			),
			(
				Denial::KycTooLow { required: KycLevel::L2, actual: KycLevel::L1 },
				Error::<Test>::KycTooLow { required: KycLevel::L2, actual: KycLevel::L1 },
			),
			(Denial::TravelRuleDataRequired, Error::<Test>::TravelRuleDataRequired),
		];
		for (denial, error) in cases {
			assert_eq!(Compliance::denial_error(denial), DispatchError::from(error));
		}
		assert_eq!(
			Compliance::ensure_can_trade(&ALICE, 1, &ISSUER),
			Err(Error::<Test>::KycTooLow { required: KycLevel::L1, actual: KycLevel::L0 }.into())
		);
	});
}

// ---------------------------------------------------------------- the transaction extension

/// Calls a frozen account may still make in this test: `System::remark`.
pub struct RemarkExempt;
impl Contains<RuntimeCall> for RemarkExempt {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::System(frame_system::Call::remark { .. }))
	}
}

fn validate(who: Option<AccountId>, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
	let origin: RuntimeOrigin = RawOrigin::Signed(who.expect("a signer")).into();
	CheckCompliance::<Test, RemarkExempt>::new()
		.validate_only(origin, call, &DispatchInfo::default(), 0, TransactionSource::External, 0)
		.map(|_| ())
}

#[test]
fn extension_refuses_sanctioned_and_frozen_senders() {
	test(|| {
		let call = RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 1 });
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_eq!(validate(Some(ALICE), &call), Ok(()));
		freeze_account(ALICE);
		assert_eq!(
			validate(Some(ALICE), &call),
			Err(InvalidTransaction::Custom(FROZEN_SENDER).into())
		);
		// An exempt call still passes for a frozen (not sanctioned) sender.
		assert_eq!(validate(Some(ALICE), &remark), Ok(()));
		assert_ok!(sanctions(1, 0, 1, vec![BOB], vec![]));
		assert_eq!(
			validate(Some(BOB), &remark),
			Err(InvalidTransaction::Custom(SANCTIONED_SENDER).into())
		);
		assert_eq!(validate(Some(CAROL), &call), Ok(()));
		// Unsigned transactions are not this extension's business.
		use sp_runtime::traits::{TransactionExtension, TxBaseImplication};
		assert!(CheckCompliance::<Test, RemarkExempt>::new()
			.validate(
				RawOrigin::None.into(),
				&call,
				&DispatchInfo::default(),
				0,
				(),
				&TxBaseImplication(&call),
				TransactionSource::External,
			)
			.is_ok());
	});
}
