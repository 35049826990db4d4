//! Providers: registration, validation, status and the payout order.

use super::*;
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError;

fn name(bytes: &[u8]) -> NameOf<Test> {
	BoundedVec::truncate_from(bytes.to_vec())
}

fn attestors(list: &[AccountId]) -> AttestorsOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

const ALLOWANCE: Allowance = Allowance { capacity: 1_000 * DOLLAR, refill_per_block: DOLLAR };

fn register(list: &[AccountId], threshold: u32) -> DispatchResult {
	FiatBridge::register_provider(
		root(),
		name(b"third"),
		Priority::Backup,
		attestors(list),
		threshold,
		ALLOWANCE,
	)
}

#[test]
fn genesis_registers_the_providers_in_order() {
	test(|| {
		let primary = Providers::<Test>::get(PRIMARY).unwrap();
		assert_eq!(primary.name.to_vec(), b"primary_bank".to_vec());
		assert_eq!((primary.priority, primary.status), (Priority::Primary, ProviderStatus::Active));
		assert_eq!((primary.attestors.to_vec(), primary.threshold), (vec![A1, A2, A3], 2));
		assert_eq!(primary.available(1), PRIMARY_CAPACITY, "the bucket starts full");
		let backup = Providers::<Test>::get(BACKUP).unwrap();
		assert_eq!((backup.attestors.to_vec(), backup.threshold), (vec![B1], 1));
		assert_eq!(ProviderOrder::<Test>::get().to_vec(), vec![PRIMARY, BACKUP]);
		assert_eq!(NextProviderId::<Test>::get(), 2);
	});
}

#[test]
fn registration_gets_the_next_id() {
	test(|| {
		assert_ok!(register(&[account(40), account(41)], 2));
		assert!(has_event(Event::ProviderRegistered {
			id: 2,
			name: name(b"third"),
			priority: Priority::Backup,
			attestors: 2,
			threshold: 2,
		}));
		assert_eq!(Providers::<Test>::get(2).unwrap().threshold, 2);
		// Backups after the primary; the two backups by id.
		assert_eq!(ProviderOrder::<Test>::get().to_vec(), vec![PRIMARY, BACKUP, 2]);
	});
}

#[test]
fn registration_refuses_bad_attestor_sets() {
	test(|| {
		assert_noop!(register(&[account(40), account(41)], 0), Error::<Test>::InvalidThreshold);
		assert_noop!(register(&[account(40), account(41)], 3), Error::<Test>::InvalidThreshold);
		assert_noop!(register(&[], 1), Error::<Test>::InvalidThreshold);
		assert_noop!(
			register(&[account(40), account(41), account(40)], 2),
			Error::<Test>::DuplicateAttestor
		);
		assert_noop!(
			FiatBridge::register_provider(
				root(),
				name(b""),
				Priority::Backup,
				attestors(&[account(40)]),
				1,
				ALLOWANCE
			),
			Error::<Test>::EmptyName
		);
		assert_noop!(
			FiatBridge::register_provider(
				signed(A1),
				name(b"x"),
				Priority::Backup,
				attestors(&[account(40)]),
				1,
				ALLOWANCE
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn registration_stops_at_max_providers() {
	test(|| {
		assert_ok!(register(&[account(40)], 1));
		assert_ok!(register(&[account(41)], 1));
		assert_noop!(register(&[account(42)], 1), Error::<Test>::TooManyProviders);
	});
}

#[test]
fn status_orders_active_before_standby_and_leaves_out_failed() {
	test(|| {
		assert_ok!(FiatBridge::set_provider_status(root(), PRIMARY, ProviderStatus::Standby));
		assert!(has_event(Event::ProviderStatusSet {
			id: PRIMARY,
			status: ProviderStatus::Standby
		}));
		// An active backup is tried before a primary on standby.
		assert_eq!(ProviderOrder::<Test>::get().to_vec(), vec![BACKUP, PRIMARY]);
		assert_ok!(FiatBridge::set_provider_status(root(), BACKUP, ProviderStatus::Failed));
		assert_eq!(ProviderOrder::<Test>::get().to_vec(), vec![PRIMARY]);
		assert_ok!(FiatBridge::set_provider_status(root(), PRIMARY, ProviderStatus::Active));
		assert_ok!(FiatBridge::set_provider_status(root(), BACKUP, ProviderStatus::Standby));
		assert_eq!(ProviderOrder::<Test>::get().to_vec(), vec![PRIMARY, BACKUP]);
		assert_noop!(
			FiatBridge::set_provider_status(root(), 7, ProviderStatus::Active),
			Error::<Test>::UnknownProvider
		);
		assert_noop!(
			FiatBridge::set_provider_status(signed(A1), PRIMARY, ProviderStatus::Failed),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn attestors_can_be_replaced() {
	test(|| {
		assert_ok!(FiatBridge::set_provider_attestors(
			root(),
			PRIMARY,
			attestors(&[A1, account(24)]),
			1
		));
		let primary = Providers::<Test>::get(PRIMARY).unwrap();
		assert_eq!((primary.attestors.to_vec(), primary.threshold), (vec![A1, account(24)], 1));
		assert_noop!(
			FiatBridge::set_provider_attestors(root(), PRIMARY, attestors(&[A1, A1]), 1),
			Error::<Test>::DuplicateAttestor
		);
		assert_noop!(
			FiatBridge::set_provider_attestors(root(), PRIMARY, attestors(&[A1]), 2),
			Error::<Test>::InvalidThreshold
		);
		assert_noop!(
			FiatBridge::set_provider_attestors(root(), 9, attestors(&[A1]), 1),
			Error::<Test>::UnknownProvider
		);
		// A2 is no attestor any more; 24 is.
		assert_noop!(
			attest(A2, PRIMARY, reference(1), &usd(ALICE, 10)),
			Error::<Test>::NotAttestor
		);
		assert_ok!(attest(account(24), PRIMARY, reference(1), &usd(ALICE, 10)));
		assert!(is_minted(PRIMARY, reference(1)), "1 of 2 now");
	});
}

#[test]
fn attestations_of_removed_attestors_stop_counting() {
	test(|| {
		assert_ok!(attest(A1, PRIMARY, reference(1), &usd(ALICE, 10)));
		assert_ok!(FiatBridge::set_provider_attestors(root(), PRIMARY, attestors(&[A2, A3]), 2));
		assert_ok!(attest(A2, PRIMARY, reference(1), &usd(ALICE, 10)));
		assert_eq!(
			deposit_state(PRIMARY, reference(1)),
			DepositState::Pending,
			"A1 no longer counts"
		);
		assert_ok!(attest(A3, PRIMARY, reference(1), &usd(ALICE, 10)));
		assert!(is_minted(PRIMARY, reference(1)));
	});
}

#[test]
fn a_lowered_threshold_settles_on_retry() {
	test(|| {
		assert_ok!(attest(A1, PRIMARY, reference(1), &usd(ALICE, 10)));
		assert_noop!(
			FiatBridge::retry_deposit(signed(NOBODY), PRIMARY, reference(1)),
			Error::<Test>::NothingToRetry
		);
		assert_ok!(FiatBridge::set_provider_attestors(
			root(),
			PRIMARY,
			attestors(&[A1, A2, A3]),
			1
		));
		assert_ok!(FiatBridge::retry_deposit(signed(NOBODY), PRIMARY, reference(1)));
		assert!(is_minted(PRIMARY, reference(1)));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 10 * DOLLAR);
	});
}

#[test]
fn allowance_change_keeps_the_level_within_the_new_capacity() {
	test(|| {
		set_kyc(ALICE, pallet_compliance::KycLevel::L2);
		agree(reference(1), &usd(ALICE, 20_000));
		assert_eq!(Providers::<Test>::get(PRIMARY).unwrap().available(1), 30_000 * DOLLAR);
		let smaller = Allowance { capacity: 5_000 * DOLLAR, refill_per_block: 0 };
		assert_ok!(FiatBridge::set_provider_allowance(root(), PRIMARY, smaller));
		assert!(has_event(Event::ProviderAllowanceSet { id: PRIMARY, allowance: smaller }));
		assert_eq!(Providers::<Test>::get(PRIMARY).unwrap().available(100), 5_000 * DOLLAR);
		let bigger = Allowance { capacity: 80_000 * DOLLAR, refill_per_block: 0 };
		assert_ok!(FiatBridge::set_provider_allowance(root(), PRIMARY, bigger));
		assert_eq!(
			Providers::<Test>::get(PRIMARY).unwrap().available(100),
			5_000 * DOLLAR,
			"a bigger capacity does not fill the bucket"
		);
		assert_noop!(
			FiatBridge::set_provider_allowance(root(), 9, bigger),
			Error::<Test>::UnknownProvider
		);
	});
}

#[test]
fn limits_are_set_by_governance() {
	test(|| {
		let limits = Limits { max_deposit: 1, max_withdrawal: 2, daily_mint: 3 };
		assert_noop!(FiatBridge::set_limits(signed(A1), limits), DispatchError::BadOrigin);
		assert_ok!(FiatBridge::set_limits(root(), limits));
		assert_eq!(BridgeLimits::<Test>::get(), limits);
		assert!(has_event(Event::LimitsSet { limits }));
	});
}

#[test]
fn governance_sets_an_endpoint_and_nonsense_is_refused() {
	test(|| {
		let url = |s: &[u8]| -> EndpointOf<Test> { BoundedVec::truncate_from(s.to_vec()) };
		let good = url(b"http://127.0.0.1:9960/banks/primary_bank");
		assert_noop!(
			FiatBridge::set_provider_endpoint(signed(A1), PRIMARY, Some(good.clone())),
			DispatchError::BadOrigin
		);
		assert_noop!(
			FiatBridge::set_provider_endpoint(root(), 9, Some(good.clone())),
			Error::<Test>::UnknownProvider
		);
		for bad in [&b"ftp://bank"[..], b"http://bank/a b", b"bank.example", b""] {
			assert_noop!(
				FiatBridge::set_provider_endpoint(root(), PRIMARY, Some(url(bad))),
				Error::<Test>::InvalidEndpoint
			);
		}
		assert_ok!(FiatBridge::set_provider_endpoint(root(), PRIMARY, Some(good.clone())));
		assert_eq!(ProviderEndpoints::<Test>::get(PRIMARY), Some(good.clone()));
		assert!(has_event(Event::ProviderEndpointSet { id: PRIMARY, endpoint: Some(good) }));
		assert_ok!(FiatBridge::set_provider_endpoint(root(), PRIMARY, None));
		assert_eq!(ProviderEndpoints::<Test>::get(PRIMARY), None);
	});
}
