//! Deposits: k-of-n agreement, exactly-once minting, disputes, caps, allowance, daily total,
//! compliance holds.

use super::*;
use frame_support::{assert_noop, assert_ok};
use genex_primitives::aml::MovementKind;
use pallet_compliance::{Denial, KycLevel};
use sp_runtime::DispatchError;

fn mints() -> usize {
	movements()
		.iter()
		.filter(|m| matches!(m, MovementKind::FiatDeposit { .. }))
		.count()
}

#[test]
fn two_of_three_mint_exactly_once() {
	test(|| {
		let data = usd(ALICE, 250);
		let before = supply(USDC);
		assert_ok!(attest(A1, PRIMARY, reference(1), &data));
		assert_eq!(deposit_state(PRIMARY, reference(1)), DepositState::Pending);
		// The same attestor repeating itself changes nothing.
		assert_noop!(attest(A1, PRIMARY, reference(1), &data), Error::<Test>::AlreadyAttested);
		assert_noop!(attest(A1, PRIMARY, reference(1), &data), Error::<Test>::AlreadyAttested);
		assert_eq!(balance(USDC, ALICE), START_BALANCE);
		assert_ok!(attest(A2, PRIMARY, reference(1), &data));
		assert!(is_minted(PRIMARY, reference(1)));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 250 * DOLLAR);
		assert_eq!(supply(USDC), before + 250 * DOLLAR);
		assert!(has_event(Event::DepositMinted {
			provider: PRIMARY,
			reference: reference(1),
			account: ALICE,
			asset: USDC,
			amount: 250 * DOLLAR,
		}));
		// The third attestor (and everyone else) after the mint: refused, nothing minted.
		assert_noop!(attest(A3, PRIMARY, reference(1), &data), Error::<Test>::AlreadySettled);
		assert_noop!(attest(A2, PRIMARY, reference(1), &data), Error::<Test>::AlreadySettled);
		assert_noop!(
			attest(A3, PRIMARY, reference(1), &usd(BOB, 250)),
			Error::<Test>::AlreadySettled
		);
		assert_eq!(supply(USDC), before + 250 * DOLLAR);
		assert_eq!(TotalMinted::<Test>::get(USDC), 250 * DOLLAR);
		assert_eq!(
			movements(),
			vec![MovementKind::FiatDeposit {
				account: ALICE,
				asset: USDC,
				amount: 250 * DOLLAR,
				provider: PRIMARY
			}]
		);
	});
}

#[test]
fn the_same_reference_at_another_provider_is_another_deposit() {
	test(|| {
		agree(reference(1), &usd(ALICE, 10));
		assert_ok!(attest(B1, BACKUP, reference(1), &usd(ALICE, 10)));
		assert!(is_minted(BACKUP, reference(1)));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 20 * DOLLAR);
	});
}

#[test]
fn one_of_one_mints_on_the_first_attestation() {
	test(|| {
		let data = DepositData { asset: USDT, ..usd(CAROL, 75) };
		assert_ok!(attest(B1, BACKUP, reference(9), &data));
		assert!(is_minted(BACKUP, reference(9)));
		assert_eq!(balance(USDT, CAROL), 75 * DOLLAR);
		assert_noop!(attest(B1, BACKUP, reference(9), &data), Error::<Test>::AlreadySettled);
		assert_eq!(mints(), 1);
	});
}

#[test]
fn only_the_providers_attestors_attest() {
	test(|| {
		let data = usd(ALICE, 10);
		assert_noop!(attest(NOBODY, PRIMARY, reference(1), &data), Error::<Test>::NotAttestor);
		assert_noop!(attest(B1, PRIMARY, reference(1), &data), Error::<Test>::NotAttestor);
		assert_noop!(attest(A1, BACKUP, reference(1), &data), Error::<Test>::NotAttestor);
		assert_noop!(attest(A1, 7, reference(1), &data), Error::<Test>::UnknownProvider);
		assert_noop!(
			FiatBridge::attest_deposit(RuntimeOrigin::root(), PRIMARY, reference(1), data),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn invalid_data_is_refused_and_not_stored() {
	test(|| {
		let bad = [
			(DepositData { asset: OTHER_ASSET, ..usd(ALICE, 10) }, Error::<Test>::NotBridged),
			(
				DepositData { amount: 0, fiat_amount: 0, ..usd(ALICE, 10) },
				Error::<Test>::ZeroAmount,
			),
			(
				DepositData { amount: 10 * DOLLAR + 1, ..usd(ALICE, 10) },
				Error::<Test>::AmountMismatch,
			),
			(DepositData { quote: Some(0), ..usd(ALICE, 10) }, Error::<Test>::QuoteNotNeeded),
			(
				DepositData { fiat_currency: *b"usd", ..usd(ALICE, 10) },
				Error::<Test>::InvalidCurrency,
			),
			(usd(ALICE, 20_001), Error::<Test>::DepositTooLarge),
		];
		for (data, error) in bad {
			assert_noop!(attest(A1, PRIMARY, reference(1), &data), error);
		}
		assert!(Deposits::<Test>::get(PRIMARY, reference(1)).is_none());
	});
}

#[test]
fn conflicting_attestations_dispute_and_resolution_mints_once() {
	test(|| {
		let data = usd(ALICE, 100);
		let other = usd(BOB, 100);
		assert_ok!(attest(A1, PRIMARY, reference(1), &data));
		assert_ok!(attest(A2, PRIMARY, reference(1), &other));
		assert_eq!(deposit_state(PRIMARY, reference(1)), DepositState::Disputed);
		assert!(has_event(Event::AttestationConflict {
			provider: PRIMARY,
			reference: reference(1),
			attestor: A2,
			expected: data.digest(),
			attested: other.digest(),
		}));
		// Two agree now, but the deposit is disputed: no mint.
		assert_ok!(attest(A3, PRIMARY, reference(1), &data));
		assert_eq!(deposit_state(PRIMARY, reference(1)), DepositState::Disputed);
		assert_eq!((balance(USDC, ALICE), balance(USDC, BOB)), (START_BALANCE, START_BALANCE));

		assert_noop!(
			FiatBridge::resolve_deposit(signed(A1), PRIMARY, reference(1), Some(data.clone())),
			DispatchError::BadOrigin
		);
		assert_noop!(
			FiatBridge::resolve_deposit(root(), PRIMARY, reference(2), Some(data.clone())),
			Error::<Test>::UnknownDeposit
		);
		// Governance's choice passes the same checks.
		assert_noop!(
			FiatBridge::resolve_deposit(root(), PRIMARY, reference(1), Some(usd(BOB, 20_001))),
			Error::<Test>::DepositTooLarge
		);
		assert_ok!(FiatBridge::resolve_deposit(root(), PRIMARY, reference(1), Some(other.clone())));
		assert!(is_minted(PRIMARY, reference(1)));
		assert_eq!(
			(balance(USDC, ALICE), balance(USDC, BOB)),
			(START_BALANCE, START_BALANCE + 100 * DOLLAR)
		);
		assert_noop!(
			FiatBridge::resolve_deposit(root(), PRIMARY, reference(1), Some(other)),
			Error::<Test>::AlreadySettled
		);
		assert_noop!(attest(A3, PRIMARY, reference(1), &data), Error::<Test>::AlreadySettled);
		assert_eq!(mints(), 1);
	});
}

#[test]
fn governance_rejects_a_disputed_deposit() {
	test(|| {
		assert_ok!(attest(A1, PRIMARY, reference(1), &usd(ALICE, 100)));
		assert_ok!(attest(A2, PRIMARY, reference(1), &usd(ALICE, 101)));
		assert_ok!(FiatBridge::resolve_deposit(root(), PRIMARY, reference(1), None));
		assert_eq!(deposit_state(PRIMARY, reference(1)), DepositState::Rejected);
		assert!(has_event(Event::DepositRejected { provider: PRIMARY, reference: reference(1) }));
		assert_noop!(
			attest(A3, PRIMARY, reference(1), &usd(ALICE, 100)),
			Error::<Test>::AlreadySettled
		);
		assert_eq!(mints(), 0);
	});
}

#[test]
fn the_per_deposit_cap_binds() {
	test(|| {
		// Large deposits need the Travel Rule's KYC level.
		set_kyc(ALICE, KycLevel::L2);
		agree(reference(1), &usd(ALICE, 20_000));
		assert!(is_minted(PRIMARY, reference(1)));
		assert_noop!(
			attest(A1, PRIMARY, reference(2), &usd(ALICE, 20_001)),
			Error::<Test>::DepositTooLarge
		);
		// A cap lowered between two attestations binds at the mint.
		assert_ok!(attest(A1, PRIMARY, reference(3), &usd(ALICE, 500)));
		assert_ok!(FiatBridge::set_limits(
			root(),
			Limits { max_deposit: 100 * DOLLAR, ..BridgeLimits::<Test>::get() }
		));
		assert_noop!(
			attest(A2, PRIMARY, reference(3), &usd(ALICE, 500)),
			Error::<Test>::DepositTooLarge
		);
	});
}

#[test]
fn the_allowance_refills_block_by_block() {
	test(|| {
		// Large deposits need the Travel Rule's KYC level.
		set_kyc(ALICE, KycLevel::L2);
		agree(reference(1), &usd(ALICE, 20_000));
		agree(reference(2), &usd(ALICE, 20_000));
		// $10,000 left; the third deposit needs $20,000.
		assert_ok!(attest(A1, PRIMARY, reference(3), &usd(ALICE, 20_000)));
		assert_noop!(
			attest(A2, PRIMARY, reference(3), &usd(ALICE, 20_000)),
			Error::<Test>::AllowanceExceeded
		);
		// The refused attestation was not stored: A2 may attest again later.
		assert_eq!(Deposits::<Test>::get(PRIMARY, reference(3)).unwrap().attestations.len(), 1);
		run_to(10, NOW + 18_000);
		assert_eq!(Providers::<Test>::get(PRIMARY).unwrap().available(10), 19_000 * DOLLAR);
		assert_noop!(
			attest(A2, PRIMARY, reference(3), &usd(ALICE, 20_000)),
			Error::<Test>::AllowanceExceeded
		);
		run_to(11, NOW + 20_000);
		assert_ok!(attest(A2, PRIMARY, reference(3), &usd(ALICE, 20_000)));
		assert!(is_minted(PRIMARY, reference(3)));
		assert_eq!(Providers::<Test>::get(PRIMARY).unwrap().available(11), 0);
		// Refilled up to the capacity, no further.
		assert_eq!(Providers::<Test>::get(PRIMARY).unwrap().available(1_000), PRIMARY_CAPACITY);
		// Another provider's allowance is its own.
		assert_ok!(attest(B1, BACKUP, reference(4), &usd(ALICE, 20_000)));
		assert!(is_minted(BACKUP, reference(4)));
	});
}

#[test]
fn the_daily_total_rolls_over_at_midnight_utc() {
	test(|| {
		// Large deposits need the Travel Rule's KYC level.
		set_kyc(ALICE, KycLevel::L2);
		let unlimited = Allowance { capacity: Balance::MAX, refill_per_block: Balance::MAX };
		assert_ok!(FiatBridge::set_provider_allowance(root(), PRIMARY, unlimited));
		run_to(2, NOW);
		for n in 1..=5 {
			agree(reference(n), &usd(ALICE, 20_000));
		}
		assert_eq!(DailyMinted::<Test>::get(USDC).minted, DAILY_MINT);
		assert_ok!(attest(A1, PRIMARY, reference(6), &usd(ALICE, 1)));
		assert_noop!(
			attest(A2, PRIMARY, reference(6), &usd(ALICE, 1)),
			Error::<Test>::DailyLimitExceeded
		);
		// USDT has its own total.
		agree(reference(7), &DepositData { asset: USDT, ..usd(ALICE, 1) });
		assert!(is_minted(PRIMARY, reference(7)));
		let midnight = (NOW / DAY_MS + 1) * DAY_MS;
		run_to(3, midnight - 1);
		assert_noop!(
			attest(A2, PRIMARY, reference(6), &usd(ALICE, 1)),
			Error::<Test>::DailyLimitExceeded
		);
		run_to(4, midnight);
		assert_ok!(attest(A2, PRIMARY, reference(6), &usd(ALICE, 1)));
		assert!(is_minted(PRIMARY, reference(6)));
		assert_eq!(
			DailyMinted::<Test>::get(USDC),
			DailyTotal { day: midnight / DAY_MS, minted: DOLLAR }
		);
	});
}

#[test]
fn a_sanctioned_account_is_held_then_released_once_cleared() {
	test(|| {
		deny(CAROL, Denial::Sanctioned);
		let data = usd(CAROL, 500);
		agree(reference(1), &data);
		let held = DepositState::Held { reason: HoldReason::Compliance(Denial::Sanctioned) };
		assert_eq!(deposit_state(PRIMARY, reference(1)), held);
		assert!(has_event(Event::DepositHeld {
			provider: PRIMARY,
			reference: reference(1),
			account: CAROL,
			asset: USDC,
			amount: 500 * DOLLAR,
			reason: HoldReason::Compliance(Denial::Sanctioned),
		}));
		assert_eq!(balance(USDC, CAROL), 0);
		assert_noop!(attest(A3, PRIMARY, reference(1), &data), Error::<Test>::AlreadySettled);
		// Still sanctioned: the release is refused with the gate's reason.
		assert_noop!(
			FiatBridge::release_deposit(signed(COMPLIANCE), PRIMARY, reference(1)),
			DispatchError::Other("gate: sanctioned")
		);
		assert_noop!(
			FiatBridge::release_deposit(signed(A1), PRIMARY, reference(1)),
			DispatchError::BadOrigin
		);
		// Anyone's retry does not release a compliance hold.
		assert_noop!(
			FiatBridge::retry_deposit(signed(CAROL), PRIMARY, reference(1)),
			Error::<Test>::NothingToRetry
		);
		allow(CAROL);
		assert_ok!(FiatBridge::release_deposit(signed(COMPLIANCE), PRIMARY, reference(1)));
		assert!(is_minted(PRIMARY, reference(1)));
		assert_eq!(balance(USDC, CAROL), 500 * DOLLAR);
		assert_noop!(
			FiatBridge::release_deposit(signed(COMPLIANCE), PRIMARY, reference(1)),
			Error::<Test>::NotHeld
		);
		assert_eq!(mints(), 1);
	});
}

#[test]
fn a_frozen_account_is_held_and_returned() {
	test(|| {
		deny(CAROL, Denial::AccountFrozen);
		agree(reference(1), &usd(CAROL, 500));
		assert_eq!(
			deposit_state(PRIMARY, reference(1)),
			DepositState::Held { reason: HoldReason::Compliance(Denial::AccountFrozen) }
		);
		assert_noop!(
			FiatBridge::return_deposit(signed(CAROL), PRIMARY, reference(1)),
			DispatchError::BadOrigin
		);
		assert_ok!(FiatBridge::return_deposit(signed(COMPLIANCE), PRIMARY, reference(1)));
		assert_eq!(deposit_state(PRIMARY, reference(1)), DepositState::Returned);
		assert!(has_event(Event::DepositReturned {
			provider: PRIMARY,
			reference: reference(1),
			account: CAROL,
			fiat_currency: USD,
			fiat_amount: 50_000,
		}));
		allow(CAROL);
		assert_noop!(
			FiatBridge::release_deposit(signed(COMPLIANCE), PRIMARY, reference(1)),
			Error::<Test>::NotHeld
		);
		assert_noop!(
			FiatBridge::return_deposit(signed(COMPLIANCE), PRIMARY, reference(1)),
			Error::<Test>::NotHeld
		);
		assert_noop!(
			attest(A3, PRIMARY, reference(1), &usd(CAROL, 500)),
			Error::<Test>::AlreadySettled
		);
		assert_eq!(balance(USDC, CAROL), 0);
		assert_eq!(mints(), 0);
		// Pending deposits are not returned: only held ones.
		assert_ok!(attest(A1, PRIMARY, reference(2), &usd(CAROL, 1)));
		assert_noop!(
			FiatBridge::return_deposit(signed(COMPLIANCE), PRIMARY, reference(2)),
			Error::<Test>::NotHeld
		);
	});
}

#[test]
fn an_account_without_kyc_is_held_until_verified() {
	test(|| {
		set_kyc(CAROL, KycLevel::L0);
		agree(reference(1), &usd(CAROL, 100));
		assert_eq!(
			deposit_state(PRIMARY, reference(1)),
			DepositState::Held {
				reason: HoldReason::Compliance(Denial::KycTooLow {
					required: KycLevel::L1,
					actual: KycLevel::L0
				})
			}
		);
		set_kyc(CAROL, KycLevel::L1);
		assert_ok!(FiatBridge::release_deposit(signed(COMPLIANCE), PRIMARY, reference(1)));
		assert_eq!(balance(USDC, CAROL), 100 * DOLLAR);
	});
}

#[test]
fn a_large_deposit_needs_travel_rule_kyc() {
	test(|| {
		agree(reference(1), &usd(CAROL, 3_000));
		assert_eq!(
			deposit_state(PRIMARY, reference(1)),
			DepositState::Held {
				reason: HoldReason::Compliance(Denial::KycTooLow {
					required: KycLevel::L2,
					actual: KycLevel::L1
				})
			}
		);
		agree(reference(2), &usd(CAROL, 2_999));
		assert!(is_minted(PRIMARY, reference(2)));
		set_kyc(CAROL, KycLevel::L2);
		assert_ok!(FiatBridge::release_deposit(signed(COMPLIANCE), PRIMARY, reference(1)));
		assert_eq!(balance(USDC, CAROL), 5_999 * DOLLAR);
	});
}

#[test]
fn a_release_while_minting_is_paused_keeps_it_held_for_the_pause() {
	test(|| {
		deny(CAROL, Denial::Sanctioned);
		agree(reference(1), &usd(CAROL, 100));
		allow(CAROL);
		assert_ok!(FiatBridge::set_minting_paused(root(), USDC, true));
		assert_ok!(FiatBridge::release_deposit(signed(COMPLIANCE), PRIMARY, reference(1)));
		assert_eq!(
			deposit_state(PRIMARY, reference(1)),
			DepositState::Held { reason: HoldReason::MintingPaused }
		);
		assert_noop!(
			FiatBridge::retry_deposit(signed(CAROL), PRIMARY, reference(1)),
			Error::<Test>::MintingIsPaused
		);
		assert_ok!(FiatBridge::set_minting_paused(root(), USDC, false));
		assert_ok!(FiatBridge::retry_deposit(signed(CAROL), PRIMARY, reference(1)));
		assert_eq!(balance(USDC, CAROL), 100 * DOLLAR);
		assert_noop!(
			FiatBridge::retry_deposit(signed(CAROL), PRIMARY, reference(1)),
			Error::<Test>::NothingToRetry
		);
		assert_noop!(
			FiatBridge::retry_deposit(signed(CAROL), PRIMARY, reference(2)),
			Error::<Test>::UnknownDeposit
		);
	});
}

#[test]
fn a_gate_refusal_comes_before_the_pause() {
	test(|| {
		assert_ok!(FiatBridge::set_minting_paused(root(), USDC, true));
		deny(CAROL, Denial::Sanctioned);
		agree(reference(1), &usd(CAROL, 100));
		assert_eq!(
			deposit_state(PRIMARY, reference(1)),
			DepositState::Held { reason: HoldReason::Compliance(Denial::Sanctioned) }
		);
	});
}

#[test]
fn any_order_and_repetition_of_attestations_mints_at_most_once() {
	// Every order of three attestors, each attesting up to twice.
	let orders: [[AccountId; 3]; 6] =
		[[A1, A2, A3], [A1, A3, A2], [A2, A1, A3], [A2, A3, A1], [A3, A1, A2], [A3, A2, A1]];
	for order in orders {
		test(|| {
			let data = usd(ALICE, 42);
			for who in order.iter().chain(order.iter()) {
				let _ = attest(*who, PRIMARY, reference(1), &data);
			}
			assert!(is_minted(PRIMARY, reference(1)));
			assert_eq!(balance(USDC, ALICE), START_BALANCE + 42 * DOLLAR);
			assert_eq!(mints(), 1);
		});
	}
}
