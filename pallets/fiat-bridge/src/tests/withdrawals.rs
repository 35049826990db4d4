//! Withdrawals: escrow, the Travel Rule, payout reports, failover only on definite failure,
//! refunds, conservation of funds.

use super::{rates::quote, *};
use codec::Encode;
use frame_support::{assert_noop, assert_ok};
use genex_primitives::aml::MovementKind;
use pallet_compliance::{Denial, KycLevel};
use sp_runtime::{DispatchError, FixedPointNumber, FixedU128, TokenError};

const BANK: H256 = H256::repeat_byte(0xBA);
const PAID: PayoutOutcome = PayoutOutcome::Paid { provider_reference: H256::repeat_byte(0x99) };
const FAILED: PayoutOutcome = PayoutOutcome::Failed { definite: true };
const TIMEOUT: PayoutOutcome = PayoutOutcome::Failed { definite: false };

/// `who` withdraws `dollars` of USDC as USD.
fn withdraw(who: AccountId, dollars: u128) -> DispatchResult {
	FiatBridge::request_withdrawal(signed(who), USDC, dollars * DOLLAR, BANK, USD, None, None)
}

fn report(
	who: AccountId,
	id: WithdrawalId,
	provider: ProviderId,
	outcome: PayoutOutcome,
) -> DispatchResult {
	FiatBridge::report_payout(signed(who), id, provider, outcome)
}

fn state(id: WithdrawalId) -> WithdrawalState {
	Withdrawals::<Test>::get(id).unwrap().state
}

fn pending_at(provider: ProviderId) -> Vec<WithdrawalId> {
	FiatBridge::pending_withdrawals(provider, 100)
		.into_iter()
		.map(|w| w.id)
		.collect()
}

/// ALICE's USDC, the escrow and what was burned: conserved through every withdrawal.
fn funds() -> Balance {
	balance(USDC, ALICE) + Escrowed::<Test>::get(USDC) + TotalBurned::<Test>::get(USDC)
}

#[test]
fn a_withdrawal_is_escrowed_and_assigned_to_the_primary() {
	test(|| {
		let before = supply(USDC);
		assert_ok!(withdraw(ALICE, 100));
		assert_eq!(balance(USDC, ALICE), START_BALANCE - 100 * DOLLAR);
		assert_eq!(balance(USDC, bridge()), 100 * DOLLAR);
		assert_eq!(Escrowed::<Test>::get(USDC), 100 * DOLLAR);
		assert_eq!(supply(USDC), before, "escrow is still supply");
		let withdrawal = Withdrawals::<Test>::get(0).unwrap();
		assert_eq!(withdrawal.state, WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
		assert_eq!((withdrawal.fiat_currency, withdrawal.fiat_amount), (USD, 10_000));
		assert_eq!(withdrawal.bank_account, BANK);
		assert_eq!(pending_at(PRIMARY), vec![0]);
		assert!(pending_at(BACKUP).is_empty());
		// The key: blake2_256 of SCALE("genex/withdrawal", 0u64), spelled out.
		let mut preimage = vec![16 << 2];
		preimage.extend_from_slice(b"genex/withdrawal");
		preimage.extend_from_slice(&0u64.to_le_bytes());
		let key = H256(sp_io::hashing::blake2_256(&preimage));
		assert_eq!(withdrawal.key, key);
		assert_eq!(idempotency_key(0), key);
		assert_ne!(idempotency_key(1), key);
		assert!(has_event(Event::WithdrawalRequested {
			id: 0,
			account: ALICE,
			asset: USDC,
			amount: 100 * DOLLAR,
			fiat_currency: USD,
			fiat_amount: 10_000,
			provider: PRIMARY,
			key,
			travel_rule_record: None,
		}));
		assert_eq!(
			movements(),
			vec![MovementKind::FiatWithdrawal {
				account: ALICE,
				asset: USDC,
				amount: 100 * DOLLAR,
				provider: PRIMARY
			}]
		);
		assert_ok!(withdraw(ALICE, 1));
		assert_eq!(Withdrawals::<Test>::get(1).unwrap().key, idempotency_key(1));
		assert_eq!(("genex/withdrawal", 1u64).encode()[0], 64);
	});
}

#[test]
fn paid_burns_the_escrow() {
	test(|| {
		let (supply_before, funds_before) = (supply(USDC), funds());
		assert_ok!(withdraw(ALICE, 100));
		assert_ok!(report(A1, 0, PRIMARY, PAID));
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
		assert_noop!(report(A1, 0, PRIMARY, PAID), Error::<Test>::AlreadyReported);
		assert_ok!(report(A2, 0, PRIMARY, PAID));
		assert_eq!(
			state(0),
			WithdrawalState::Paid {
				provider: PRIMARY,
				at: NOW,
				provider_reference: H256::repeat_byte(0x99)
			}
		);
		assert_eq!(supply(USDC), supply_before - 100 * DOLLAR);
		assert_eq!(Escrowed::<Test>::get(USDC), 0);
		assert_eq!(balance(USDC, bridge()), 0);
		assert_eq!(TotalBurned::<Test>::get(USDC), 100 * DOLLAR);
		assert_eq!(funds(), funds_before);
		assert!(pending_at(PRIMARY).is_empty());
		assert!(has_event(Event::WithdrawalPaid {
			withdrawal: 0,
			provider: PRIMARY,
			provider_reference: H256::repeat_byte(0x99),
			asset: USDC,
			amount: 100 * DOLLAR,
		}));
		// Final: nobody reports on it again.
		assert_noop!(report(A3, 0, PRIMARY, PAID), Error::<Test>::WithdrawalFinal);
		assert_noop!(report(A3, 0, PRIMARY, FAILED), Error::<Test>::WithdrawalFinal);
		assert_noop!(FiatBridge::resolve_payout(root(), 0, FAILED), Error::<Test>::WithdrawalFinal);
	});
}

#[test]
fn a_definite_failure_fails_over_to_the_backup_which_pays() {
	test(|| {
		let (supply_before, funds_before) = (supply(USDC), funds());
		assert_ok!(withdraw(ALICE, 100));
		let key = Withdrawals::<Test>::get(0).unwrap().key;
		assert_ok!(report(A1, 0, PRIMARY, FAILED));
		assert_ok!(report(A3, 0, PRIMARY, FAILED));
		assert_eq!(state(0), WithdrawalState::Pending { provider: BACKUP, attempts: 0 });
		assert!(has_event(Event::PayoutFailedOver { withdrawal: 0, from: PRIMARY, to: BACKUP }));
		let withdrawal = Withdrawals::<Test>::get(0).unwrap();
		assert_eq!((withdrawal.key, withdrawal.failed.to_vec()), (key, vec![PRIMARY]));
		assert!(withdrawal.reports.is_empty());
		assert_eq!((pending_at(PRIMARY), pending_at(BACKUP)), (vec![], vec![0]));
		// The primary is out of it now: its reports are refused.
		assert_noop!(report(A2, 0, PRIMARY, PAID), Error::<Test>::NotAssignedProvider);
		assert_noop!(report(A2, 0, BACKUP, PAID), Error::<Test>::NotAttestor);
		assert_eq!(Escrowed::<Test>::get(USDC), 100 * DOLLAR);
		assert_ok!(report(B1, 0, BACKUP, PAID));
		assert!(matches!(state(0), WithdrawalState::Paid { provider: BACKUP, .. }));
		assert_eq!(supply(USDC), supply_before - 100 * DOLLAR);
		assert_eq!(funds(), funds_before);
	});
}

#[test]
fn a_timeout_never_fails_over() {
	test(|| {
		assert_ok!(withdraw(ALICE, 100));
		for attempt in 1..=3u32 {
			assert_ok!(report(A1, 0, PRIMARY, TIMEOUT));
			assert_ok!(report(A2, 0, PRIMARY, TIMEOUT));
			assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: attempt });
			assert!(has_event(Event::PayoutAttemptFailed {
				withdrawal: 0,
				provider: PRIMARY,
				attempts: attempt
			}));
		}
		// Even with the primary marked failed by governance, a payout that may have gone out
		// stays with it.
		assert_ok!(FiatBridge::set_provider_status(root(), PRIMARY, ProviderStatus::Failed));
		assert_ok!(report(A1, 0, PRIMARY, TIMEOUT));
		assert_ok!(report(A2, 0, PRIMARY, TIMEOUT));
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 4 });
		assert!(Withdrawals::<Test>::get(0).unwrap().failed.is_empty());
		assert_eq!((pending_at(PRIMARY), pending_at(BACKUP)), (vec![0], vec![]));
		assert_noop!(report(B1, 0, BACKUP, PAID), Error::<Test>::NotAssignedProvider);
		// The retry went through after all.
		assert_ok!(report(A1, 0, PRIMARY, PAID));
		assert_ok!(report(A2, 0, PRIMARY, PAID));
		assert!(matches!(state(0), WithdrawalState::Paid { provider: PRIMARY, .. }));
	});
}

#[test]
fn a_timeout_report_keeps_the_definite_ones() {
	test(|| {
		assert_ok!(withdraw(ALICE, 100));
		assert_ok!(report(A1, 0, PRIMARY, PAID));
		assert_ok!(report(A2, 0, PRIMARY, TIMEOUT));
		assert_ok!(report(A3, 0, PRIMARY, TIMEOUT));
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 1 });
		// A1's report of the payment stands; A2 saw it later.
		assert_ok!(report(A2, 0, PRIMARY, PAID));
		assert!(matches!(state(0), WithdrawalState::Paid { .. }));
	});
}

#[test]
fn every_provider_failing_refunds_in_full() {
	test(|| {
		let (supply_before, funds_before) = (supply(USDC), funds());
		assert_ok!(withdraw(ALICE, 250));
		assert_ok!(report(A1, 0, PRIMARY, FAILED));
		assert_ok!(report(A2, 0, PRIMARY, FAILED));
		assert_ok!(report(B1, 0, BACKUP, FAILED));
		assert!(matches!(state(0), WithdrawalState::Refunded { .. }));
		assert!(has_event(Event::WithdrawalRefunded {
			withdrawal: 0,
			account: ALICE,
			asset: USDC,
			amount: 250 * DOLLAR
		}));
		assert_eq!(balance(USDC, ALICE), START_BALANCE);
		assert_eq!(Escrowed::<Test>::get(USDC), 0);
		assert_eq!(supply(USDC), supply_before);
		assert_eq!(funds(), funds_before);
		assert_eq!(Withdrawals::<Test>::get(0).unwrap().failed.to_vec(), vec![PRIMARY, BACKUP]);
		assert!(pending_at(PRIMARY).is_empty() && pending_at(BACKUP).is_empty());
		assert_noop!(report(B1, 0, BACKUP, PAID), Error::<Test>::WithdrawalFinal);
	});
}

#[test]
fn failover_skips_failed_providers_and_takes_standby_ones() {
	test(|| {
		assert_ok!(FiatBridge::set_provider_status(root(), BACKUP, ProviderStatus::Standby));
		assert_ok!(withdraw(ALICE, 10));
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
		assert_ok!(report(A1, 0, PRIMARY, FAILED));
		assert_ok!(report(A2, 0, PRIMARY, FAILED));
		assert_eq!(state(0), WithdrawalState::Pending { provider: BACKUP, attempts: 0 });
		// With the backup failed by governance, a definite failure of the primary refunds.
		assert_ok!(FiatBridge::set_provider_status(root(), BACKUP, ProviderStatus::Failed));
		assert_ok!(withdraw(ALICE, 10));
		assert_ok!(report(A1, 1, PRIMARY, FAILED));
		assert_ok!(report(A2, 1, PRIMARY, FAILED));
		assert!(matches!(state(1), WithdrawalState::Refunded { .. }));
	});
}

#[test]
fn a_primary_on_standby_yields_to_an_active_backup() {
	test(|| {
		assert_ok!(FiatBridge::set_provider_status(root(), PRIMARY, ProviderStatus::Standby));
		assert_ok!(withdraw(ALICE, 10));
		assert_eq!(state(0), WithdrawalState::Pending { provider: BACKUP, attempts: 0 });
		assert_ok!(report(B1, 0, BACKUP, FAILED));
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
	});
}

#[test]
fn no_provider_no_withdrawal() {
	test(|| {
		assert_ok!(FiatBridge::set_provider_status(root(), PRIMARY, ProviderStatus::Failed));
		assert_ok!(FiatBridge::set_provider_status(root(), BACKUP, ProviderStatus::Failed));
		assert_noop!(withdraw(ALICE, 10), Error::<Test>::NoProvider);
	});
}

#[test]
fn reports_must_concern_the_assigned_provider_and_a_pending_withdrawal() {
	test(|| {
		assert_ok!(withdraw(ALICE, 10));
		assert_noop!(report(B1, 0, BACKUP, PAID), Error::<Test>::NotAssignedProvider);
		assert_noop!(report(B1, 0, PRIMARY, PAID), Error::<Test>::NotAttestor);
		assert_noop!(report(NOBODY, 0, PRIMARY, PAID), Error::<Test>::NotAttestor);
		assert_noop!(report(A1, 7, PRIMARY, PAID), Error::<Test>::UnknownWithdrawal);
	});
}

#[test]
fn contradicting_reports_leave_it_to_governance() {
	test(|| {
		assert_ok!(withdraw(ALICE, 100));
		assert_ok!(report(A1, 0, PRIMARY, PAID));
		assert_ok!(report(A2, 0, PRIMARY, FAILED));
		assert!(has_event(Event::PayoutConflict {
			withdrawal: 0,
			provider: PRIMARY,
			attestor: A2,
			outcome: FAILED,
			other: PAID,
		}));
		assert!(Withdrawals::<Test>::get(0).unwrap().contested);
		// Two agree now, but contradicted: nothing moves.
		assert_ok!(report(A3, 0, PRIMARY, PAID));
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
		assert_eq!(Escrowed::<Test>::get(USDC), 100 * DOLLAR);
		assert_noop!(
			FiatBridge::resolve_payout(root(), 0, TIMEOUT),
			Error::<Test>::IndefiniteOutcome
		);
		assert_noop!(FiatBridge::resolve_payout(signed(A1), 0, PAID), DispatchError::BadOrigin);
		assert_ok!(FiatBridge::resolve_payout(root(), 0, PAID));
		assert!(matches!(state(0), WithdrawalState::Paid { provider: PRIMARY, .. }));
		assert_eq!(Escrowed::<Test>::get(USDC), 0);
	});
}

#[test]
fn different_payment_references_contradict() {
	test(|| {
		assert_ok!(withdraw(ALICE, 100));
		assert_ok!(report(A1, 0, PRIMARY, PAID));
		let other = PayoutOutcome::Paid { provider_reference: H256::repeat_byte(0x98) };
		assert_ok!(report(A2, 0, PRIMARY, other));
		assert!(Withdrawals::<Test>::get(0).unwrap().contested);
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
		// Governance fails it over instead.
		assert_ok!(FiatBridge::resolve_payout(root(), 0, FAILED));
		assert_eq!(state(0), WithdrawalState::Pending { provider: BACKUP, attempts: 0 });
		assert!(!Withdrawals::<Test>::get(0).unwrap().contested);
	});
}

#[test]
fn the_travel_rule_applies_from_three_thousand_dollars() {
	test(|| {
		let ids = (H256::repeat_byte(1), H256::repeat_byte(2));
		let request = |dollars: u128, travel_rule| {
			FiatBridge::request_withdrawal(
				signed(ALICE),
				USDC,
				dollars * DOLLAR,
				BANK,
				USD,
				None,
				travel_rule,
			)
		};
		assert_noop!(request(3_000, Some(ids)), DispatchError::Other("gate: kyc too low"));
		set_kyc(ALICE, KycLevel::L2);
		assert_noop!(request(3_000, None), DispatchError::Other("gate: travel rule data required"));
		assert_ok!(request(3_000, Some(ids)));
		assert_eq!(travel_records(), vec![(ALICE, bridge(), ids.0, ids.1, 3_000 * DOLLAR, true)]);
		assert_eq!(Withdrawals::<Test>::get(0).unwrap().travel_rule_record, Some(0));
		// Below the threshold nothing is recorded, data or not.
		assert_ok!(request(2_999, Some(ids)));
		assert_ok!(request(2_999, None));
		assert_eq!(travel_records().len(), 1);
		assert_eq!(Withdrawals::<Test>::get(1).unwrap().travel_rule_record, None);
	});
}

#[test]
fn bad_requests_are_refused() {
	test(|| {
		let request = |asset, amount, currency, quote| {
			FiatBridge::request_withdrawal(
				signed(ALICE),
				asset,
				amount,
				BANK,
				currency,
				quote,
				None,
			)
		};
		assert_noop!(request(OTHER_ASSET, DOLLAR, USD, None), Error::<Test>::NotBridged);
		assert_noop!(request(USDC, 0, USD, None), Error::<Test>::ZeroAmount);
		assert_noop!(
			request(USDC, MAX_WITHDRAWAL + 1, USD, None),
			Error::<Test>::WithdrawalTooLarge
		);
		assert_noop!(request(USDC, 9_999, USD, None), Error::<Test>::AmountTooSmall);
		assert_noop!(request(USDC, DOLLAR, USD, Some(0)), Error::<Test>::QuoteNotNeeded);
		assert_noop!(request(USDC, DOLLAR, *b"EUR", None), Error::<Test>::QuoteRequired);
		assert_noop!(request(USDC, DOLLAR, *b"EUR", Some(0)), Error::<Test>::QuoteExpired);
		assert_noop!(request(USDC, DOLLAR, *b"e u", None), Error::<Test>::InvalidCurrency);
		assert_noop!(
			FiatBridge::request_withdrawal(signed(CAROL), USDC, DOLLAR, BANK, USD, None, None),
			TokenError::FundsUnavailable
		);
		deny(ALICE, Denial::Sanctioned);
		assert_noop!(request(USDC, DOLLAR, USD, None), DispatchError::Other("gate: sanctioned"));
		allow(ALICE);
		set_kyc(ALICE, KycLevel::L0);
		assert_noop!(request(USDC, DOLLAR, USD, None), DispatchError::Other("gate: kyc too low"));
	});
}

#[test]
fn a_eur_payout_converts_at_the_quote_rounding_down() {
	test(|| {
		let eur = quote(*b"EUR", FixedU128::saturating_from_rational(108, 100));
		assert_ok!(FiatBridge::request_withdrawal(
			signed(ALICE),
			USDC,
			DOLLAR,
			BANK,
			*b"EUR",
			Some(eur),
			None
		));
		let withdrawal = Withdrawals::<Test>::get(0).unwrap();
		assert_eq!((withdrawal.fiat_amount, withdrawal.quote), (92, Some(eur)), "$1 = €0.92");
		assert_eq!(withdrawal.amount, DOLLAR, "the whole dollar is escrowed");
		// The quote was locked for the request; failover keeps the amount and the key.
		run_to(2, NOW + HOUR);
		assert_ok!(report(A1, 0, PRIMARY, FAILED));
		assert_ok!(report(A2, 0, PRIMARY, FAILED));
		let after = Withdrawals::<Test>::get(0).unwrap();
		assert_eq!((after.fiat_amount, after.key), (92, withdrawal.key));
	});
}

#[test]
fn usdt_withdrawals_escrow_usdt() {
	test(|| {
		assert_ok!(FiatBridge::request_withdrawal(
			signed(BOB),
			USDT,
			5 * DOLLAR,
			BANK,
			USD,
			None,
			None
		));
		assert_eq!(balance(USDT, BOB), START_BALANCE - 5 * DOLLAR);
		assert_eq!((Escrowed::<Test>::get(USDT), Escrowed::<Test>::get(USDC)), (5 * DOLLAR, 0));
		assert_ok!(report(A1, 0, PRIMARY, PAID));
		assert_ok!(report(A2, 0, PRIMARY, PAID));
		assert_eq!(TotalBurned::<Test>::get(USDT), 5 * DOLLAR);
	});
}

#[test]
fn a_timeout_report_gives_way_to_the_same_attestors_definite_one() {
	test(|| {
		// k = n = 2: without the replacement, one timeout would leave the attempt undecidable.
		assert_ok!(FiatBridge::set_provider_attestors(
			root(),
			PRIMARY,
			frame_support::BoundedVec::truncate_from(vec![A1, A2]),
			2
		));
		assert_ok!(withdraw(ALICE, 100));
		assert_ok!(report(A1, 0, PRIMARY, TIMEOUT));
		assert_noop!(report(A1, 0, PRIMARY, TIMEOUT), Error::<Test>::AlreadyReported);
		assert_ok!(report(A2, 0, PRIMARY, PAID));
		assert_eq!(state(0), WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
		// A1 learns the payment went out after all.
		assert_ok!(report(A1, 0, PRIMARY, PAID));
		assert!(matches!(state(0), WithdrawalState::Paid { provider: PRIMARY, .. }));

		// A definite report stays: neither a timeout nor another outcome replaces it.
		assert_ok!(withdraw(ALICE, 100));
		assert_ok!(report(A1, 1, PRIMARY, PAID));
		assert_noop!(report(A1, 1, PRIMARY, TIMEOUT), Error::<Test>::AlreadyReported);
		assert_noop!(report(A1, 1, PRIMARY, FAILED), Error::<Test>::AlreadyReported);
		// A replaced timeout that contradicts a definite report contests the attempt.
		assert_ok!(withdraw(ALICE, 100));
		assert_ok!(report(A1, 2, PRIMARY, TIMEOUT));
		assert_ok!(report(A2, 2, PRIMARY, PAID));
		assert_ok!(report(A1, 2, PRIMARY, FAILED));
		let withdrawal = Withdrawals::<Test>::get(2).unwrap();
		assert!(withdrawal.contested);
		assert_eq!(withdrawal.reports.len(), 2);
		assert_eq!(state(2), WithdrawalState::Pending { provider: PRIMARY, attempts: 0 });
	});
}

#[test]
fn the_runtime_api_lists_the_oldest_pending_withdrawals_first() {
	test(|| {
		for _ in 0..12 {
			assert_ok!(withdraw(ALICE, 1));
		}
		assert_eq!(
			FiatBridge::pending_withdrawals(PRIMARY, 3)
				.into_iter()
				.map(|w| w.id)
				.collect::<Vec<_>>(),
			vec![0, 1, 2]
		);
		assert_eq!(pending_at(PRIMARY), (0..12).collect::<Vec<_>>());
	});
}
