//! Reserve statements, reconciliation against supply, pausing and resuming minting.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn report(who: AccountId, provider: ProviderId, amount: Balance, as_of: Moment) -> DispatchResult {
	FiatBridge::report_reserves(signed(who), provider, USDC, amount, as_of)
}

fn held_for_pause(reference: H256) -> bool {
	deposit_state(PRIMARY, reference) == DepositState::Held { reason: HoldReason::MintingPaused }
}

#[test]
fn minting_starts_paused_until_reserves_are_reported() {
	test_from_genesis(|| {
		agree(reference(1), &usd(ALICE, 10));
		assert!(held_for_pause(reference(1)));
		assert_eq!(MintingPaused::<Test>::get(USDC), Some(PauseReason::Stale { as_of: None }));
		assert!(has_event(Event::ReservesStale { asset: USDC, as_of: None }));
		assert_eq!(balance(USDC, ALICE), START_BALANCE);
		// USDT is not paused by USDC's state (nor checked yet).
		assert_eq!(MintingPaused::<Test>::get(USDT), None);
		report_reserves(USDC, supply(USDC), NOW);
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		assert!(has_event(Event::MintingResumed { asset: USDC }));
		assert_ok!(FiatBridge::retry_deposit(signed(ALICE), PRIMARY, reference(1)));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 10 * DOLLAR);
	});
}

#[test]
fn the_block_hook_pauses_an_asset_without_reserves() {
	test_from_genesis(|| {
		run_to(2, NOW + 2_000);
		for asset in [USDC, USDT] {
			assert_eq!(MintingPaused::<Test>::get(asset), Some(PauseReason::Stale { as_of: None }));
			assert!(has_event(Event::ReservesStale { asset, as_of: None }));
		}
		// Once: the next block raises nothing new.
		System::reset_events();
		run_to(3, NOW + 4_000);
		assert!(events().is_empty());
	});
}

#[test]
fn a_shortfall_pauses_minting_and_a_sufficient_statement_resumes_it() {
	test(|| {
		let supply_now = supply(USDC);
		report_reserves(USDC, supply_now - 1, NOW + 1);
		let shortfall = PauseReason::Shortfall { supply: supply_now, reserves: supply_now - 1 };
		assert_eq!(MintingPaused::<Test>::get(USDC), Some(shortfall));
		assert!(has_event(Event::ReserveShortfall {
			asset: USDC,
			supply: supply_now,
			reserves: supply_now - 1
		}));
		assert!(has_event(Event::ReservesUpdated {
			asset: USDC,
			provider: PRIMARY,
			amount: supply_now - 1,
			as_of: NOW + 1,
			reserves: supply_now - 1,
		}));
		// Deposits reaching agreement now are held.
		agree(reference(1), &usd(ALICE, 10));
		assert!(held_for_pause(reference(1)));
		assert_noop!(
			FiatBridge::retry_deposit(signed(ALICE), PRIMARY, reference(1)),
			Error::<Test>::MintingIsPaused
		);
		// The other stablecoin mints on.
		agree(reference(2), &DepositData { asset: USDT, ..usd(ALICE, 10) });
		assert!(is_minted(PRIMARY, reference(2)));
		// The backup's statement adds to the primary's.
		assert_ok!(report(B1, BACKUP, 1, NOW + 2));
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		assert_eq!(ReserveSummaries::<Test>::get(USDC).reported, supply_now);
		assert!(has_event(Event::MintingResumed { asset: USDC }));
		assert_ok!(FiatBridge::retry_deposit(signed(ALICE), PRIMARY, reference(1)));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 10 * DOLLAR);
		// That mint made supply exceed reserves: the next deposit is held.
		agree(reference(3), &usd(ALICE, 10));
		assert!(held_for_pause(reference(3)));
		assert!(matches!(MintingPaused::<Test>::get(USDC), Some(PauseReason::Shortfall { .. })));
	});
}

#[test]
fn stale_reserves_pause_minting_and_a_fresh_statement_resumes_it() {
	test(|| {
		// Fresh for 24 h exactly.
		run_to(2, NOW + 24 * HOUR);
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		run_to(3, NOW + 24 * HOUR + 1);
		assert_eq!(MintingPaused::<Test>::get(USDC), Some(PauseReason::Stale { as_of: Some(NOW) }));
		assert!(has_event(Event::ReservesStale { asset: USDC, as_of: Some(NOW) }));
		agree(reference(1), &usd(ALICE, 10));
		assert!(held_for_pause(reference(1)));
		report_reserves(USDC, AMPLE_RESERVES, NOW + 24 * HOUR);
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		assert_ok!(FiatBridge::retry_deposit(signed(NOBODY), PRIMARY, reference(1)));
		assert!(is_minted(PRIMARY, reference(1)));
	});
}

#[test]
fn a_stale_statement_that_counts_keeps_minting_paused() {
	test(|| {
		// The backup reported once, two days ago; the primary stays fresh.
		assert_ok!(report(B1, BACKUP, 5 * DOLLAR, NOW - 48 * HOUR));
		assert_eq!(
			MintingPaused::<Test>::get(USDC),
			Some(PauseReason::Stale { as_of: Some(NOW - 48 * HOUR) })
		);
		// A provider that holds nothing any more says so, and stops counting.
		assert_ok!(report(B1, BACKUP, 0, NOW));
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		assert_eq!(ReserveSummaries::<Test>::get(USDC).oldest_counted, Some(NOW));
	});
}

#[test]
fn a_statement_needs_k_agreeing_attestors() {
	test(|| {
		assert_ok!(report(A1, PRIMARY, 1, NOW + 1));
		assert_eq!(ReserveReports::<Test>::get(USDC, PRIMARY).unwrap().amount, AMPLE_RESERVES);
		assert_noop!(report(A1, PRIMARY, 1, NOW + 1), Error::<Test>::AlreadyAttested);
		// A different amount for the same statement: an incident, and it never applies.
		assert_ok!(report(A2, PRIMARY, 2, NOW + 1));
		assert!(has_event(Event::ReserveReportConflict {
			asset: USDC,
			provider: PRIMARY,
			attestor: A2,
			amount: 2,
			other: 1,
			as_of: NOW + 1,
		}));
		assert_ok!(report(A3, PRIMARY, 1, NOW + 1));
		assert_eq!(ReserveReports::<Test>::get(USDC, PRIMARY).unwrap().amount, AMPLE_RESERVES);
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		// A newer statement replaces the contested one.
		assert_ok!(report(A1, PRIMARY, 3, NOW + 2));
		assert_noop!(report(A2, PRIMARY, 1, NOW + 1), Error::<Test>::StaleReport);
		assert_ok!(report(A2, PRIMARY, 3, NOW + 2));
		assert_eq!(
			ReserveReports::<Test>::get(USDC, PRIMARY),
			Some(ReserveReport { amount: 3, as_of: NOW + 2 })
		);
		assert!(PendingReserves::<Test>::get(USDC, PRIMARY).is_none());
		// A third attestor after it applied: its statement is no longer newer.
		assert_noop!(report(A3, PRIMARY, 3, NOW + 2), Error::<Test>::StaleReport);
	});
}

#[test]
fn bad_statements_are_refused() {
	test(|| {
		assert_noop!(report(NOBODY, PRIMARY, 1, NOW), Error::<Test>::NotAttestor);
		assert_noop!(report(B1, PRIMARY, 1, NOW), Error::<Test>::NotAttestor);
		assert_noop!(report(A1, 9, 1, NOW), Error::<Test>::UnknownProvider);
		assert_noop!(
			FiatBridge::report_reserves(signed(A1), PRIMARY, OTHER_ASSET, 1, NOW),
			Error::<Test>::NotBridged
		);
		assert_noop!(report(A1, PRIMARY, 1, NOW), Error::<Test>::StaleReport);
		assert_noop!(report(A1, PRIMARY, 1, NOW - 1), Error::<Test>::StaleReport);
		assert_ok!(report(A1, PRIMARY, 1, NOW + MAX_CLOCK_DRIFT_MS));
		assert_noop!(
			report(A2, PRIMARY, 1, NOW + MAX_CLOCK_DRIFT_MS + 1),
			Error::<Test>::ReportFromFuture
		);
	});
}

#[test]
fn governance_pauses_and_resumes_minting() {
	test(|| {
		assert_noop!(
			FiatBridge::set_minting_paused(signed(A1), USDC, true),
			DispatchError::BadOrigin
		);
		assert_noop!(
			FiatBridge::set_minting_paused(root(), USDC, false),
			Error::<Test>::NotPausedByGovernance
		);
		assert_noop!(
			FiatBridge::set_minting_paused(root(), OTHER_ASSET, true),
			Error::<Test>::NotBridged
		);
		assert_ok!(FiatBridge::set_minting_paused(root(), USDC, true));
		assert!(has_event(Event::MintingPausedByGovernance { asset: USDC }));
		agree(reference(1), &usd(ALICE, 10));
		assert!(held_for_pause(reference(1)));
		// A sufficient statement does not lift governance's pause, nor does the block hook.
		report_reserves(USDC, AMPLE_RESERVES, NOW + 1);
		run_to(2, NOW + 2_000);
		assert_eq!(MintingPaused::<Test>::get(USDC), Some(PauseReason::Governance));
		assert_ok!(FiatBridge::set_minting_paused(root(), USDC, false));
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		assert!(has_event(Event::MintingResumed { asset: USDC }));
		assert_ok!(FiatBridge::retry_deposit(signed(ALICE), PRIMARY, reference(1)));
		assert!(is_minted(PRIMARY, reference(1)));
	});
}

#[test]
fn resuming_into_a_shortfall_keeps_minting_paused() {
	test(|| {
		assert_ok!(FiatBridge::set_minting_paused(root(), USDC, true));
		report_reserves(USDC, 1, NOW + 1);
		assert_ok!(FiatBridge::set_minting_paused(root(), USDC, false));
		assert!(matches!(MintingPaused::<Test>::get(USDC), Some(PauseReason::Shortfall { .. })));
		assert!(has_event(Event::ReserveShortfall {
			asset: USDC,
			supply: supply(USDC),
			reserves: 1
		}));
		assert!(!has_event(Event::MintingResumed { asset: USDC }));
	});
}

#[test]
fn escrow_counts_as_supply_and_a_payout_can_clear_a_shortfall() {
	test(|| {
		let supply_now = supply(USDC);
		assert_ok!(FiatBridge::request_withdrawal(
			signed(ALICE),
			USDC,
			100 * DOLLAR,
			H256::repeat_byte(1),
			USD,
			None,
			None
		));
		// The bank holds the money until it pays out: reserves must still cover the escrow.
		report_reserves(USDC, supply_now - 100 * DOLLAR, NOW + 1);
		assert!(matches!(MintingPaused::<Test>::get(USDC), Some(PauseReason::Shortfall { .. })));
		assert_ok!(FiatBridge::report_payout(
			signed(A1),
			0,
			PRIMARY,
			PayoutOutcome::Paid { provider_reference: H256::zero() }
		));
		assert_ok!(FiatBridge::report_payout(
			signed(A2),
			0,
			PRIMARY,
			PayoutOutcome::Paid { provider_reference: H256::zero() }
		));
		// The burn brought supply down to the reserves: the next check resumes minting.
		run_to(2, NOW + 2_000);
		assert_eq!(MintingPaused::<Test>::get(USDC), None);
		assert!(has_event(Event::MintingResumed { asset: USDC }));
	});
}

#[test]
fn the_runtime_api_reports_reconciliation() {
	test(|| {
		assert_ok!(FiatBridge::request_withdrawal(
			signed(ALICE),
			USDC,
			100 * DOLLAR,
			H256::repeat_byte(1),
			USD,
			None,
			None
		));
		agree(reference(1), &usd(BOB, 5));
		let info = FiatBridge::reserves_info(USDC);
		assert_eq!(info.supply, supply(USDC));
		assert_eq!(info.escrowed, 100 * DOLLAR);
		assert_eq!(info.reported, AMPLE_RESERVES);
		assert_eq!(
			info.reports,
			vec![(PRIMARY, ReserveReport { amount: AMPLE_RESERVES, as_of: NOW })]
		);
		assert_eq!(
			(info.paused, info.minted_today, info.total_minted),
			(None, 5 * DOLLAR, 5 * DOLLAR)
		);
		let deposit = FiatBridge::deposit_info(PRIMARY, reference(1)).unwrap();
		assert_eq!(deposit.attestations.len(), 2);
		let provider = FiatBridge::provider_info(PRIMARY).unwrap();
		assert_eq!(provider.available, PRIMARY_CAPACITY - 5 * DOLLAR);
		assert_eq!(FiatBridge::providers_info().len(), 2);
		assert_eq!(FiatBridge::pending_withdrawals(PRIMARY, 10).len(), 1);
		assert_eq!(FiatBridge::pending_withdrawals(PRIMARY, 0).len(), 0);
		assert_eq!(FiatBridge::withdrawal_info(0).unwrap().amount, 100 * DOLLAR);
	});
}
