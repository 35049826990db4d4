//! Unit tests of the paymaster and its extension against the mock runtime.

use crate::{mock::*, pallet::*, types::*, ChargeSponsored};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchInfo, PostDispatchInfo},
	pallet_prelude::{DispatchClass, Pays, TransactionSource, Weight},
	traits::fungible::Inspect,
};
use pallet_compliance::KycLevel;
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension, TxBaseImplication},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError,
};

const LEN: usize = 100;
const CALL_WEIGHT: u64 = 1_000_000;

fn transfer(value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death { dest: OTHER, value })
}

fn info_of(call: &RuntimeCall) -> DispatchInfo {
	DispatchInfo {
		call_weight: Weight::from_parts(CALL_WEIGHT, 0),
		extension_weight: ChargeSponsored::<Test>::from(0).weight(call),
		class: DispatchClass::Normal,
		pays_fee: Pays::Yes,
	}
}

fn fee_of(call: &RuntimeCall) -> Balance {
	TransactionPayment::compute_fee(LEN as u32, &info_of(call), 0)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

/// Validate as the pool does.
fn validate(
	who: AccountId,
	call: &RuntimeCall,
	tip: Balance,
) -> Result<(), TransactionValidityError> {
	ChargeSponsored::<Test>::from(tip)
		.validate_only(
			RuntimeOrigin::signed(who),
			call,
			&info_of(call),
			LEN,
			TransactionSource::External,
			0,
		)
		.map(|_| ())
}

/// Validate, prepare, dispatch for real and post-dispatch, as a block does.
fn apply(who: AccountId, call: RuntimeCall, tip: Balance) -> Result<(), TransactionValidityError> {
	let info = info_of(&call);
	ChargeSponsored::<Test>::from(tip)
		.dispatch_transaction(RuntimeOrigin::signed(who), call, &info, LEN, 0)
		.map(|_| ())
}

/// As `apply`, but the call is replaced by one that used `actual` of its weight.
fn apply_using(
	who: AccountId,
	call: RuntimeCall,
	actual: u64,
) -> Result<(), TransactionValidityError> {
	let info = info_of(&call);
	let post = PostDispatchInfo {
		actual_weight: Some(Weight::from_parts(actual, 0)),
		pays_fee: Pays::Yes,
	};
	ChargeSponsored::<Test>::from(0)
		.test_run(RuntimeOrigin::signed(who), &call, &info, LEN, 0, |_| Ok(post))
		.map(|_| ())
}

fn sponsored_events() -> Vec<(AccountId, Balance)> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Paymaster(Event::FeeSponsored { who, fee }) => Some((who, fee)),
			_ => None,
		})
		.collect()
}

fn custom(code: u8) -> TransactionValidityError {
	InvalidTransaction::Custom(code).into()
}

fn end(check: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		check();
		Paymaster::do_try_state().unwrap();
	});
}

#[test]
fn an_eligible_account_pays_nothing_and_the_paymaster_pays_the_fee() {
	end(|| {
		let call = transfer(5_000);
		let fee = fee_of(&call);
		let treasury = free(TreasuryAccount::get());
		assert_ok!(apply(USER, call, 0));
		// The user lost only what it sent; the paymaster paid exactly the fee, to the treasury.
		assert_eq!(free(USER), ENDOWMENT - 5_000);
		assert_eq!(free(paymaster()), ENDOWMENT - fee);
		assert_eq!(free(TreasuryAccount::get()), treasury + fee);
		assert_eq!(sponsored_events(), vec![(USER, fee)]);
		let usage = Quotas::<Test>::get(USER).unwrap();
		assert_eq!((usage.window_start, usage.transactions, usage.fees), (1, 1, fee));
	});
}

#[test]
fn accounts_that_are_not_eligible_pay_their_own_fees() {
	end(|| {
		let call = transfer(5_000);
		let fee = fee_of(&call);
		// No KYC, and KYC L3 but sanctioned or frozen.
		for who in [NO_KYC, BLOCKED_USER] {
			assert_ok!(apply(who, call.clone(), 0));
			assert_eq!(free(who), ENDOWMENT - 5_000 - fee);
		}
		assert_eq!(free(paymaster()), ENDOWMENT);
		assert!(sponsored_events().is_empty());
		assert_eq!(
			Paymaster::eligibility(&NO_KYC),
			Eligibility::KycTooLow { required: KycLevel::L1, actual: KycLevel::L0 }
		);
		assert_eq!(Paymaster::eligibility(&BLOCKED_USER), Eligibility::Blocked);
		assert_eq!(Paymaster::eligibility(&USER), Eligibility::Eligible);
	});
}

#[test]
fn governance_calls_and_categories_switched_off_are_not_sponsored() {
	end(|| {
		// A call with no category: the signer pays (and governance refuses it anyway).
		let governance = RuntimeCall::Paymaster(Call::set_category {
			category: Category::CouponTrading,
			sponsored: false,
		});
		let fee = fee_of(&governance);
		assert_ok!(apply(USER, governance, 0));
		assert_eq!(free(USER), ENDOWMENT - fee);
		assert_eq!(free(paymaster()), ENDOWMENT);

		// Stablecoin transfers switched off: the signer pays.
		assert_ok!(Paymaster::set_category(
			RuntimeOrigin::root(),
			Category::StablecoinTransfers,
			false
		));
		let call = transfer(5_000);
		let fee2 = fee_of(&call);
		assert_ok!(apply(USER, call, 0));
		assert_eq!(free(USER), ENDOWMENT - fee - 5_000 - fee2);
		assert_eq!(free(paymaster()), ENDOWMENT);

		// Another category is still on.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		assert_ok!(apply(USER, remark, 0));
		assert_eq!(sponsored_events().len(), 1);

		// Off entirely: nobody is sponsored.
		let mut policy = test_policy();
		policy.enabled = false;
		assert_ok!(Paymaster::set_policy(RuntimeOrigin::root(), policy));
		assert_eq!(Paymaster::eligibility(&USER), Eligibility::Disabled);
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![2] });
		let before = free(USER);
		let fee3 = fee_of(&remark);
		assert_ok!(apply(USER, remark, 0));
		assert_eq!(free(USER), before - fee3);
	});
}

#[test]
fn a_spent_transaction_quota_is_refused_at_validation_and_changes_nothing() {
	end(|| {
		for value in 1..=3 {
			assert_ok!(apply(USER, transfer(1_000 + value), 0));
		}
		let call = transfer(2_000);
		assert_eq!(validate(USER, &call, 0), Err(custom(QUOTA_TRANSACTIONS_SPENT)));
		// Also refused in the block, and nobody is charged.
		let (user, paymaster_balance, usage) =
			(free(USER), free(paymaster()), Quotas::<Test>::get(USER));
		assert_eq!(apply(USER, call, 0), Err(custom(QUOTA_TRANSACTIONS_SPENT)));
		assert_eq!(free(USER), user);
		assert_eq!(free(paymaster()), paymaster_balance);
		assert_eq!(Quotas::<Test>::get(USER), usage);
		assert_eq!(Paymaster::status(&USER).transactions_left, 0);
		// An account without KYC is not affected by quotas at all.
		assert_ok!(validate(NO_KYC, &transfer(2_000), 0));
	});
}

#[test]
fn the_fee_quota_and_the_cap_per_transaction_are_enforced() {
	end(|| {
		let call = transfer(5_000);
		let fee = fee_of(&call);
		let mut policy = test_policy();
		policy.max_transactions = 100;
		policy.max_fees = 2 * fee + fee / 2;
		policy.max_fee_per_transaction = fee;
		assert_ok!(Paymaster::set_policy(RuntimeOrigin::root(), policy));
		assert_ok!(apply(USER, call.clone(), 0));
		assert_ok!(apply(USER, call.clone(), 0));
		assert_eq!(validate(USER, &call, 0), Err(custom(QUOTA_FEES_SPENT)));

		// A fee above the cap is refused even with quota left.
		policy.max_fees = 100 * fee;
		policy.max_fee_per_transaction = fee - 1;
		assert_ok!(Paymaster::set_policy(RuntimeOrigin::root(), policy));
		assert_eq!(validate(USER, &call, 0), Err(custom(FEE_ABOVE_CAP)));
		assert_eq!(sponsored_events().len(), 2);
	});
}

#[test]
fn the_window_resets_after_its_blocks() {
	end(|| {
		for value in 1..=3 {
			assert_ok!(apply(USER, transfer(1_000 + value), 0));
		}
		let status = Paymaster::status(&USER);
		assert_eq!(status.window_resets_at, Some(11));
		assert_eq!((status.transactions_used, status.transactions_left), (3, 0));
		System::set_block_number(10);
		assert_eq!(validate(USER, &transfer(2_000), 0), Err(custom(QUOTA_TRANSACTIONS_SPENT)));
		System::set_block_number(11);
		assert_eq!(Paymaster::status(&USER).window_resets_at, None);
		assert_eq!(Paymaster::status(&USER).transactions_left, 3);
		assert_ok!(apply(USER, transfer(2_000), 0));
		let usage = Quotas::<Test>::get(USER).unwrap();
		assert_eq!((usage.window_start, usage.transactions), (11, 1));
		assert_eq!(Paymaster::status(&USER).window_resets_at, Some(21));
	});
}

#[test]
fn tips_on_sponsored_transactions_are_refused() {
	end(|| {
		assert_eq!(validate(USER, &transfer(5_000), 1), Err(custom(TIP_ON_SPONSORED)));
		assert_eq!(apply(USER, transfer(5_000), 1), Err(custom(TIP_ON_SPONSORED)));
		// A signer who pays may tip.
		assert_ok!(apply(NO_KYC, transfer(5_000), 7));
		assert_eq!(free(USER), ENDOWMENT);
	});
}

#[test]
fn unused_fee_goes_back_to_the_paymaster_and_the_quota() {
	end(|| {
		let call = transfer(5_000);
		let estimated = fee_of(&call);
		assert_ok!(apply_using(USER, call.clone(), CALL_WEIGHT / 10));
		let info = info_of(&call);
		// What the block accounts: the call's actual weight plus the extension's.
		let post = PostDispatchInfo {
			actual_weight: Some(Weight::from_parts(CALL_WEIGHT / 10, 0) + info.extension_weight),
			pays_fee: Pays::Yes,
		};
		let actual = TransactionPayment::compute_actual_fee(LEN as u32, &info, &post, 0);
		assert!(actual < estimated);
		assert_eq!(free(paymaster()), ENDOWMENT - actual);
		assert_eq!(Quotas::<Test>::get(USER).unwrap().fees, actual);
		assert_eq!(sponsored_events(), vec![(USER, actual)]);
		// The unused weight is back in the block's budget.
		assert_eq!(
			SponsoredThisBlock::<Test>::get().ref_time,
			info.total_weight().ref_time() - (CALL_WEIGHT - CALL_WEIGHT / 10)
		);
	});
}

#[test]
fn a_failed_dispatch_still_counts_and_is_paid_by_the_paymaster() {
	end(|| {
		// More than the user has: the transfer fails.
		let call = transfer(ENDOWMENT * 2);
		let fee = fee_of(&call);
		let info = info_of(&call);
		let result = ChargeSponsored::<Test>::from(0)
			.dispatch_transaction(RuntimeOrigin::signed(USER), call, &info, LEN, 0)
			.unwrap();
		assert!(result.is_err());
		assert_eq!(free(USER), ENDOWMENT);
		assert_eq!(free(paymaster()), ENDOWMENT - fee);
		assert_eq!(Quotas::<Test>::get(USER).unwrap().transactions, 1);
		assert_eq!(sponsored_events(), vec![(USER, fee)]);
	});
}

#[test]
fn an_empty_paymaster_lets_the_signer_pay_or_refuses_clearly() {
	end(|| {
		// Empty the paymaster (it keeps its existential deposit).
		let spendable = Paymaster::balance();
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(paymaster()),
			OTHER,
			spendable
		));
		assert_eq!(Paymaster::status(&USER).paymaster_balance, 0);
		let call = transfer(5_000);
		let fee = fee_of(&call);
		assert_ok!(apply(USER, call, 0));
		assert_eq!(free(USER), ENDOWMENT - 5_000 - fee);
		assert!(sponsored_events().is_empty());
		assert_eq!(Quotas::<Test>::get(USER), None);

		// A signer who cannot pay either is refused with the paymaster's code.
		let poor = 50;
		set_kyc(poor, KycLevel::L2);
		assert_eq!(validate(poor, &transfer(1), 0), Err(custom(PAYMASTER_EMPTY)));
	});
}

#[test]
fn the_block_budget_defers_sponsored_transactions_to_the_next_block() {
	end(|| {
		let call = transfer(5_000);
		let weight = info_of(&call).total_weight().ref_time();
		let mut policy = test_policy();
		policy.block_weight_budget = weight + weight / 2;
		assert_ok!(Paymaster::set_policy(RuntimeOrigin::root(), policy));
		assert_ok!(apply(USER, call.clone(), 0));
		// The pool still takes it; the block does not, and does not ban it.
		assert_ok!(validate(USER, &call, 0));
		let before = free(paymaster());
		assert_eq!(apply(USER, call.clone(), 0), Err(InvalidTransaction::ExhaustsResources.into()));
		assert_eq!(free(paymaster()), before);
		assert_eq!(Quotas::<Test>::get(USER).unwrap().transactions, 1);
		System::set_block_number(2);
		assert_ok!(apply(USER, call, 0));
		assert_eq!(Quotas::<Test>::get(USER).unwrap().transactions, 2);
	});
}

#[test]
fn a_low_paymaster_raises_one_event_until_refilled() {
	end(|| {
		let low_events = || {
			System::events()
				.into_iter()
				.filter(|record| {
					matches!(record.event, RuntimeEvent::Paymaster(Event::PaymasterLow { .. }))
				})
				.count()
		};
		let mut policy = test_policy();
		policy.max_transactions = 10;
		policy.low_balance = Paymaster::balance();
		assert_ok!(Paymaster::set_policy(RuntimeOrigin::root(), policy));
		assert_ok!(apply(USER, transfer(1_001), 0));
		assert_eq!(low_events(), 1);
		assert!(LowRaised::<Test>::get());
		assert_ok!(apply(USER, transfer(1_002), 0));
		assert_eq!(low_events(), 1);
		// Refilled above the mark, it rearms; falling below again raises it again.
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(NO_KYC),
			paymaster(),
			100_000_000_000
		));
		assert_ok!(apply(USER, transfer(1_003), 0));
		assert!(!LowRaised::<Test>::get());
		assert_eq!(low_events(), 1);
		policy.low_balance = Paymaster::balance();
		assert_ok!(Paymaster::set_policy(RuntimeOrigin::root(), policy));
		assert_ok!(apply(USER, transfer(1_004), 0));
		assert_eq!(low_events(), 2);
	});
}

#[test]
fn only_governance_sets_a_valid_policy() {
	end(|| {
		assert_noop!(
			Paymaster::set_policy(RuntimeOrigin::signed(USER), test_policy()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Paymaster::set_category(RuntimeOrigin::signed(USER), Category::Refunds, false),
			DispatchError::BadOrigin
		);
		let mut policy = test_policy();
		policy.window = 0;
		assert_noop!(
			Paymaster::set_policy(RuntimeOrigin::root(), policy),
			Error::<Test>::InvalidPolicy
		);
		policy = test_policy();
		policy.max_fee_per_transaction = policy.max_fees + 1;
		assert_noop!(
			Paymaster::set_policy(RuntimeOrigin::root(), policy),
			Error::<Test>::InvalidPolicy
		);
		// An off policy needs nothing else.
		policy.enabled = false;
		policy.window = 0;
		assert_ok!(Paymaster::set_policy(RuntimeOrigin::root(), policy));
		assert_eq!(CurrentPolicy::<Test>::get(), policy);
	});
}

#[test]
fn priority_is_as_if_the_fee_were_paid_and_sponsored_transactions_expire_sooner() {
	end(|| {
		let call = transfer(5_000);
		let info = info_of(&call);
		let (sponsored, _, _) = ChargeSponsored::<Test>::from(0)
			.validate_only(
				RuntimeOrigin::signed(USER),
				&call,
				&info,
				LEN,
				TransactionSource::External,
				0,
			)
			.unwrap();
		let (paid, _, _) = ChargeSponsored::<Test>::from(0)
			.validate_only(
				RuntimeOrigin::signed(NO_KYC),
				&call,
				&info,
				LEN,
				TransactionSource::External,
				0,
			)
			.unwrap();
		assert_eq!(sponsored.priority, paid.priority);
		assert!(sponsored.priority > 0);
		assert_eq!(sponsored.longevity, 16);
		// The extension adds no signed data beyond the tip, encoded as ChargeTransactionPayment.
		assert_eq!(
			codec::Encode::encode(&ChargeSponsored::<Test>::from(300)),
			codec::Encode::encode(
				&pallet_transaction_payment::ChargeTransactionPayment::<Test>::from(300)
			)
		);
		assert_eq!(
			<ChargeSponsored<Test> as TransactionExtension<RuntimeCall>>::IDENTIFIER,
			"ChargeTransactionPayment"
		);
	});
}

#[test]
fn only_calls_that_may_be_sponsored_carry_the_sponsored_weight() {
	end(|| {
		let ext = ChargeSponsored::<Test>::from(0);
		assert_eq!(ext.weight(&transfer(1)), <() as crate::WeightInfo>::charge_sponsored());
		let governance = RuntimeCall::Paymaster(Call::set_category {
			category: Category::Refunds,
			sponsored: true,
		});
		assert_eq!(
			ext.weight(&governance),
			<() as pallet_transaction_payment::WeightInfo>::charge_transaction_payment()
		);
	});
}

#[test]
fn unsigned_transactions_pass_through() {
	end(|| {
		let call = transfer(5_000);
		let info = info_of(&call);
		let (_, val, _) = ChargeSponsored::<Test>::from(0)
			.validate(
				RuntimeOrigin::none(),
				&call,
				&info,
				LEN,
				(),
				&TxBaseImplication(()),
				TransactionSource::External,
			)
			.unwrap();
		assert!(matches!(val, crate::extension::Val::SignerPays(_)));
		assert_eq!(free(paymaster()), ENDOWMENT);
	});
}
