//! Benchmarks of the fiat bridge's calls and block hook, each on its heaviest path: the most
//! attestors a provider may have, all of them needed, a non-USD amount through a quote, the
//! full provider table.

use super::*;
use crate::pallet::Pallet as FiatBridge;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungibles::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_compliance::{KycLevel, TravelRuleRecorder};
use sp_core::H256;
use sp_runtime::{FixedPointNumber, FixedU128};

/// Start of the benchmarks' clock: 2026-11-24.
const START: Moment = 1_795_000_000_000;
/// The currency of the benchmarks' conversions.
const EUR: CurrencyCode = *b"EUR";
/// A generous amount: $100,000.
const AMOUNT: Balance = 100_000_000_000;

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn compliance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ComplianceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// The first bridged stablecoin.
fn asset<T: Config>() -> AssetId {
	T::Stablecoins::get()[0]
}

/// The clock at `START`, limits that never bind.
fn set_up<T: Config>() {
	T::BenchmarkHelper::set_time(START);
	BridgeLimits::<T>::put(Limits {
		max_deposit: Balance::MAX / 8,
		max_withdrawal: Balance::MAX / 8,
		daily_mint: Balance::MAX / 8,
	});
}

/// `n` distinct attestors.
fn attestors<T: Config>(seed: u32, n: u32) -> AttestorsOf<T> {
	BoundedVec::truncate_from((0..n).map(|i| account("attestor", i, seed)).collect())
}

/// A provider of `n` attestors, all of them needed, with an allowance that never binds.
fn provider<T: Config>(seed: u32, n: u32) -> (ProviderId, Vec<T::AccountId>) {
	let attestors = attestors::<T>(seed, n);
	let id = FiatBridge::<T>::do_register_provider(
		BoundedVec::truncate_from(b"bench".to_vec()),
		Priority::Primary,
		attestors.clone(),
		n,
		Allowance { capacity: Balance::MAX / 8, refill_per_block: 0 },
	)
	.unwrap();
	(id, attestors.into_inner())
}

/// The only provider that takes payouts: every other one failed.
fn only_provider<T: Config>(n: u32) -> (ProviderId, Vec<T::AccountId>) {
	for id in 0..NextProviderId::<T>::get() {
		FiatBridge::<T>::do_set_provider_status(id, ProviderStatus::Failed).unwrap();
	}
	provider::<T>(1, n)
}

/// Fills the provider table up to one short of `MaxProviders`.
fn fill_providers<T: Config>() {
	let mut seed = 100;
	while NextProviderId::<T>::get() + 1 < T::MaxProviders::get() {
		provider::<T>(seed, 1);
		seed += 1;
	}
}

/// Fresh reserves that cover any supply.
fn healthy<T: Config>(asset: AssetId) {
	ReserveReports::<T>::insert(asset, 0, ReserveReport { amount: Balance::MAX / 4, as_of: START });
	ReserveSummaries::<T>::insert(asset, FiatBridge::<T>::summarize_reserves(asset));
}

/// A live EUR quote at 1.08.
fn eur_quote<T: Config>() -> QuoteId {
	FiatBridge::<T>::do_force_rate(EUR, FixedU128::saturating_from_rational(108, 100)).unwrap()
}

/// A user with full KYC.
fn user<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::BenchmarkHelper::set_kyc(&who, KycLevel::L3);
	who
}

/// A deposit of €1,000 to `to` through `quote`.
fn eur_deposit<T: Config>(to: &T::AccountId, quote: QuoteId) -> DepositDataOf<T> {
	let fiat_amount = 100_000;
	DepositData {
		account: to.clone(),
		asset: asset::<T>(),
		amount: fiat_to_base(fiat_amount, FixedU128::saturating_from_rational(108, 100)).unwrap(),
		fiat_currency: EUR,
		fiat_amount,
		quote: Some(quote),
	}
}

/// Deposit `reference` attested by every attestor but the last.
fn all_but_one<T: Config>(
	provider: ProviderId,
	attestors: &[T::AccountId],
	reference: H256,
	data: &DepositDataOf<T>,
) {
	for attestor in &attestors[..attestors.len() - 1] {
		FiatBridge::<T>::do_attest_deposit(attestor.clone(), provider, reference, data.clone())
			.unwrap();
	}
}

/// A deposit held for compliance (its account below `DepositKyc`); returns (provider,
/// reference, account).
fn held_deposit<T: Config>() -> (ProviderId, H256, T::AccountId) {
	set_up::<T>();
	healthy::<T>(asset::<T>());
	let (id, attestors) = provider::<T>(1, T::MaxAttestors::get());
	let who: T::AccountId = account("held", 0, 0);
	T::BenchmarkHelper::set_kyc(&who, KycLevel::L0);
	let data = eur_deposit::<T>(&who, eur_quote::<T>());
	let reference = H256::repeat_byte(7);
	for attestor in &attestors {
		FiatBridge::<T>::do_attest_deposit(attestor.clone(), id, reference, data.clone()).unwrap();
	}
	assert!(matches!(
		Deposits::<T>::get(id, reference).unwrap().state,
		DepositState::Held { reason: HoldReason::Compliance(_) }
	));
	(id, reference, who)
}

/// A EUR withdrawal at the Travel Rule threshold by a funded user, assigned to the only
/// provider (of `MaxAttestors` attestors, all needed); returns (withdrawal, provider,
/// attestors).
fn pending_withdrawal<T: Config>() -> (WithdrawalId, ProviderId, Vec<T::AccountId>) {
	set_up::<T>();
	let (id, attestors) = only_provider::<T>(T::MaxAttestors::get());
	let who = user::<T>("withdrawer");
	let amount = T::TravelRule::threshold().max(AMOUNT);
	T::Assets::mint_into(asset::<T>(), &who, amount).unwrap();
	let quote = eur_quote::<T>();
	let withdrawal = FiatBridge::<T>::do_request_withdrawal(
		who,
		asset::<T>(),
		amount,
		H256::repeat_byte(1),
		EUR,
		Some(quote),
		Some((H256::repeat_byte(2), H256::repeat_byte(3))),
	)
	.unwrap();
	(withdrawal, id, attestors)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The last provider the table takes, with `a` attestors (the payout order is recomputed
	/// over every provider).
	#[benchmark]
	fn register_provider(a: Linear<1, { T::MaxAttestors::get() }>) -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		fill_providers::<T>();
		let attestors = attestors::<T>(0, a);
		let name = BoundedVec::truncate_from(alloc::vec![b'n'; T::MaxNameLength::get() as usize]);
		let allowance = Allowance { capacity: AMOUNT, refill_per_block: AMOUNT / 100 };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, name, Priority::Backup, attestors, a, allowance);
		assert_eq!(NextProviderId::<T>::get(), T::MaxProviders::get());
		Ok(())
	}

	/// A provider of a full table fails (the payout order is recomputed).
	#[benchmark]
	fn set_provider_status() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		fill_providers::<T>();
		let (id, _) = provider::<T>(0, 1);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, ProviderStatus::Failed);
		assert!(!ProviderOrder::<T>::get().contains(&id));
		Ok(())
	}

	/// `a` attestors replace a provider's.
	#[benchmark]
	fn set_provider_attestors(
		a: Linear<1, { T::MaxAttestors::get() }>,
	) -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let (id, _) = provider::<T>(0, T::MaxAttestors::get());
		let attestors = attestors::<T>(1, a);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, attestors, a);
		assert_eq!(Providers::<T>::get(id).unwrap().threshold, a);
		Ok(())
	}

	#[benchmark]
	fn set_provider_allowance() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let (id, _) = provider::<T>(0, T::MaxAttestors::get());
		let allowance = Allowance { capacity: AMOUNT, refill_per_block: 1 };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, allowance);
		assert_eq!(Providers::<T>::get(id).unwrap().allowance, allowance);
		Ok(())
	}

	#[benchmark]
	fn set_provider_endpoint() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let (id, _) = provider::<T>(0, 1);
		let endpoint: EndpointOf<T> =
			BoundedVec::truncate_from(alloc::vec![b'h'; T::MaxUrlLength::get() as usize]);
		let mut endpoint = endpoint.into_inner();
		endpoint[..7].copy_from_slice(b"http://");
		let endpoint = EndpointOf::<T>::truncate_from(endpoint);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, Some(endpoint.clone()));
		assert_eq!(ProviderEndpoints::<T>::get(id), Some(endpoint));
		Ok(())
	}

	#[benchmark]
	fn set_limits() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let limits = Limits { max_deposit: 1, max_withdrawal: 2, daily_mint: 3 };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, limits);
		assert_eq!(BridgeLimits::<T>::get(), limits);
		Ok(())
	}

	/// The last of `MaxAttestors` attestations a EUR deposit needs: it scans them all, checks
	/// the quote, the gate and the reserves, and mints.
	#[benchmark]
	fn attest_deposit() {
		set_up::<T>();
		healthy::<T>(asset::<T>());
		let (id, attestors) = provider::<T>(0, T::MaxAttestors::get());
		let who = user::<T>("depositor");
		let data = eur_deposit::<T>(&who, eur_quote::<T>());
		let reference = H256::repeat_byte(1);
		all_but_one::<T>(id, &attestors, reference, &data);
		let last = attestors.last().unwrap().clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(last), id, reference, data);
		assert!(matches!(
			Deposits::<T>::get(id, reference).unwrap().state,
			DepositState::Minted { .. }
		));
	}

	/// Governance mints a disputed EUR deposit.
	#[benchmark]
	fn resolve_deposit() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		set_up::<T>();
		healthy::<T>(asset::<T>());
		let (id, attestors) = provider::<T>(0, T::MaxAttestors::get());
		let who = user::<T>("depositor");
		let data = eur_deposit::<T>(&who, eur_quote::<T>());
		let reference = H256::repeat_byte(1);
		all_but_one::<T>(id, &attestors, reference, &data);
		let other = DepositData { account: user::<T>("other"), ..data.clone() };
		let last = attestors.last().unwrap().clone();
		FiatBridge::<T>::do_attest_deposit(last, id, reference, other).unwrap();
		assert_eq!(Deposits::<T>::get(id, reference).unwrap().state, DepositState::Disputed);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, reference, Some(data));
		assert!(matches!(
			Deposits::<T>::get(id, reference).unwrap().state,
			DepositState::Minted { .. }
		));
		Ok(())
	}

	/// Compliance releases a held deposit whose account now passes: it mints.
	#[benchmark]
	fn release_deposit() -> Result<(), BenchmarkError> {
		let origin = compliance::<T>()?;
		let (id, reference, who) = held_deposit::<T>();
		T::BenchmarkHelper::set_kyc(&who, KycLevel::L3);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, reference);
		assert!(matches!(
			Deposits::<T>::get(id, reference).unwrap().state,
			DepositState::Minted { .. }
		));
		Ok(())
	}

	#[benchmark]
	fn return_deposit() -> Result<(), BenchmarkError> {
		let origin = compliance::<T>()?;
		let (id, reference, _) = held_deposit::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, reference);
		assert_eq!(Deposits::<T>::get(id, reference).unwrap().state, DepositState::Returned);
		Ok(())
	}

	/// A deposit held while minting was paused mints after it resumed.
	#[benchmark]
	fn retry_deposit() {
		set_up::<T>();
		let asset = asset::<T>();
		let (id, attestors) = provider::<T>(0, T::MaxAttestors::get());
		let who = user::<T>("depositor");
		let data = eur_deposit::<T>(&who, eur_quote::<T>());
		let reference = H256::repeat_byte(1);
		MintingPaused::<T>::insert(asset, PauseReason::Governance);
		for attestor in &attestors {
			FiatBridge::<T>::do_attest_deposit(attestor.clone(), id, reference, data.clone())
				.unwrap();
		}
		MintingPaused::<T>::remove(asset);
		healthy::<T>(asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, reference);
		assert!(matches!(
			Deposits::<T>::get(id, reference).unwrap().state,
			DepositState::Minted { .. }
		));
	}

	/// The rate oracle moves EUR within the deviation allowed.
	#[benchmark]
	fn submit_rate() {
		set_up::<T>();
		eur_quote::<T>();
		let oracle: T::AccountId = account("oracle", 0, 0);
		T::BenchmarkHelper::make_rate_oracle(&oracle);
		let rate = FixedU128::saturating_from_rational(109, 100);
		#[extrinsic_call]
		_(RawOrigin::Signed(oracle), EUR, rate);
		assert_eq!(FiatBridge::<T>::latest_quote(EUR).unwrap().1.usd_per_unit, rate);
	}

	#[benchmark]
	fn force_rate() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		set_up::<T>();
		let rate = FixedU128::saturating_from_rational(2, 1);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, EUR, rate);
		assert_eq!(FiatBridge::<T>::latest_quote(EUR).unwrap().1.usd_per_unit, rate);
		Ok(())
	}

	/// A EUR withdrawal at the Travel Rule threshold: quote, gate, escrow, Travel Rule record,
	/// provider assignment, movement log.
	#[benchmark]
	fn request_withdrawal() {
		set_up::<T>();
		provider::<T>(0, 1);
		let who = user::<T>("withdrawer");
		let amount = T::TravelRule::threshold().max(AMOUNT);
		T::Assets::mint_into(asset::<T>(), &who, amount).unwrap();
		let quote = eur_quote::<T>();
		let travel_rule = Some((H256::repeat_byte(2), H256::repeat_byte(3)));
		let id = NextWithdrawalId::<T>::get();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who),
			asset::<T>(),
			amount,
			H256::repeat_byte(1),
			EUR,
			Some(quote),
			travel_rule,
		);
		let withdrawal = Withdrawals::<T>::get(id).unwrap();
		assert!(withdrawal.travel_rule_record.is_some());
	}

	/// The last of `MaxAttestors` reports that the payout was made: the escrow is burned.
	#[benchmark]
	fn report_payout_paid() {
		let (withdrawal, id, attestors) = pending_withdrawal::<T>();
		let outcome = PayoutOutcome::Paid { provider_reference: H256::repeat_byte(9) };
		for attestor in &attestors[..attestors.len() - 1] {
			FiatBridge::<T>::do_report_payout(attestor.clone(), withdrawal, id, outcome).unwrap();
		}
		let last = attestors.last().unwrap().clone();
		#[extrinsic_call]
		report_payout(RawOrigin::Signed(last), withdrawal, id, outcome);
		assert!(matches!(
			Withdrawals::<T>::get(withdrawal).unwrap().state,
			WithdrawalState::Paid { .. }
		));
	}

	/// The last of `MaxAttestors` reports that the only provider failed definitely: the
	/// failover finds no provider and refunds.
	#[benchmark]
	fn report_payout_refunded() {
		let (withdrawal, id, attestors) = pending_withdrawal::<T>();
		let outcome = PayoutOutcome::Failed { definite: true };
		for attestor in &attestors[..attestors.len() - 1] {
			FiatBridge::<T>::do_report_payout(attestor.clone(), withdrawal, id, outcome).unwrap();
		}
		let last = attestors.last().unwrap().clone();
		#[extrinsic_call]
		report_payout(RawOrigin::Signed(last), withdrawal, id, outcome);
		assert!(matches!(
			Withdrawals::<T>::get(withdrawal).unwrap().state,
			WithdrawalState::Refunded { .. }
		));
	}

	/// The last of `MaxAttestors` attestors agrees on a statement of a full provider table
	/// that leaves reserves short: it applies, sums every provider's and pauses minting.
	#[benchmark]
	fn report_reserves() {
		set_up::<T>();
		let asset = asset::<T>();
		fill_providers::<T>();
		for id in 0..NextProviderId::<T>::get() {
			ReserveReports::<T>::insert(asset, id, ReserveReport { amount: 1, as_of: START - 1 });
		}
		let (id, attestors) = provider::<T>(0, T::MaxAttestors::get());
		for attestor in &attestors[..attestors.len() - 1] {
			FiatBridge::<T>::do_report_reserves(attestor.clone(), id, asset, 0, START).unwrap();
		}
		T::Assets::mint_into(asset, &user::<T>("holder"), AMOUNT).unwrap();
		let last = attestors.last().unwrap().clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(last), id, asset, 0, START);
		assert_eq!(ReserveReports::<T>::get(asset, id).unwrap().amount, 0);
		assert!(matches!(MintingPaused::<T>::get(asset), Some(PauseReason::Shortfall { .. })));
	}

	/// Governance resumes minting; the reserves are checked.
	#[benchmark]
	fn set_minting_paused() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		set_up::<T>();
		let asset = asset::<T>();
		healthy::<T>(asset);
		MintingPaused::<T>::insert(asset, PauseReason::Governance);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset, false);
		assert_eq!(MintingPaused::<T>::get(asset), None);
		Ok(())
	}

	/// The block hook finds every stablecoin's reserves fresh but short of its supply (the
	/// longest path: the supply is read too) and pauses them.
	#[benchmark]
	fn watch_reserves() {
		set_up::<T>();
		let holder = user::<T>("holder");
		for asset in T::Stablecoins::get() {
			ReserveReports::<T>::insert(asset, 0, ReserveReport { amount: 1, as_of: START });
			ReserveSummaries::<T>::insert(asset, FiatBridge::<T>::summarize_reserves(asset));
			MintingPaused::<T>::remove(asset);
			T::Assets::mint_into(asset, &holder, AMOUNT).unwrap();
		}
		#[block]
		{
			FiatBridge::<T>::do_watch_reserves(START);
		}
		for asset in T::Stablecoins::get() {
			assert!(matches!(MintingPaused::<T>::get(asset), Some(PauseReason::Shortfall { .. })));
		}
	}

	impl_benchmark_test_suite!(FiatBridge, crate::mock::new_test_ext(), crate::mock::Test);
}
