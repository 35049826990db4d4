//! Settlement: order books, matching, fees, P2P transfers, refunds, disputes, market makers.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};

use super::{ComplianceOrigin, GovernanceOrigin, TreasuryAccount};
use crate::{
	AssetId, Assets, Balance, Compliance, Coupons, Runtime, Timestamp, DOLLARS, USDC_ASSET_ID,
};

/// One hour, in milliseconds.
const HOUR_MS: u64 = 3_600_000;

parameter_types! {
	/// Holds bids' stablecoin and market makers' deposits.
	pub const SettlementPalletId: PalletId = PalletId(*b"gnx/sttl");
	/// Market makers deposit at least $10,000 in USDC.
	pub const MinMarketMakerDeposit: Balance = 10_000 * DOLLARS;
	pub const MarketMakerAsset: AssetId = USDC_ASSET_ID;
}

impl pallet_settlement::Config for Runtime {
	type Coupons = Coupons;
	type Assets = Assets;
	type Gate = Compliance;
	type Movements = Compliance;
	type TravelRule = Compliance;
	type Roles = Compliance;
	type TimeProvider = Timestamp;
	type GovernanceOrigin = GovernanceOrigin;
	type ComplianceOrigin = ComplianceOrigin;
	type Treasury = TreasuryAccount;
	type PalletId = SettlementPalletId;
	type MaxCouponsPerOrder = ConstU32<100>;
	type MaxPriceLevels = ConstU32<1_000>;
	/// A fully crossing order stays within the seed's 10 ms of matching.
	type MaxFillsPerCall = ConstU32<12>;
	/// Seed §22: respond within 24 h, resolve within 72 h.
	type ResponseDeadline = ConstU64<{ 24 * HOUR_MS }>;
	type ResolutionDeadline = ConstU64<{ 72 * HOUR_MS }>;
	type MaxEscalationsPerBlock = ConstU32<20>;
	// A market maker quotes up to 16 classes; a sample reads at most 100 of its orders (a
	// full `batch`).
	type MaxQuotedClasses = ConstU32<16>;
	type MaxSampledOrders = ConstU32<100>;
	type MinMarketMakerDeposit = MinMarketMakerDeposit;
	type MarketMakerAsset = MarketMakerAsset;
	/// Seed §12.2: at most 100 orders a batch.
	type MaxBatch = ConstU32<100>;
	type MaxRecentTrades = ConstU32<100>;
	type WeightInfo = pallet_settlement::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SettlementBenchmarkHelper;
}

/// Benchmark setup through the real pallets.
#[cfg(feature = "runtime-benchmarks")]
pub struct SettlementBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_settlement::BenchmarkHelper<crate::AccountId> for SettlementBenchmarkHelper {
	fn active_class(issuer: &crate::AccountId, supply: u32) -> (u32, Balance, AssetId) {
		use frame_support::traits::fungibles::Mutate;
		use frame_system::RawOrigin;
		let _ = <Assets as Mutate<crate::AccountId>>::mint_into(
			USDC_ASSET_ID,
			issuer,
			1_000_000 * DOLLARS,
		);
		if pallet_coupons::Issuers::<Runtime>::get(issuer).is_none() {
			let zero = sp_core::H256::zero();
			Coupons::apply_issuer(RawOrigin::Signed(*issuer).into(), zero, zero, zero).unwrap();
			Coupons::approve_issuer(RawOrigin::Root.into(), *issuer).unwrap();
		}
		let now = pallet_timestamp::Now::<Runtime>::get();
		let today = (now / genex_primitives::calendar::DAY_MS) as u32;
		let params = pallet_coupons::ClassParams {
			asset: USDC_ASSET_ID,
			face_value: 100 * DOLLARS,
			track: pallet_coupons::Track::Utility,
			expiry_day: today + 90,
			max_resales: None,
			refund_window_days: None,
			transferable: true,
			supply_cap: supply,
			metadata_hash: sp_core::H256::zero(),
		};
		Coupons::create_class(RawOrigin::Signed(*issuer).into(), params).unwrap();
		let class = pallet_coupons::NextClassId::<Runtime>::get() - 1;
		if pallet_coupons::Classes::<Runtime>::get(class)
			.is_some_and(|c| c.status == pallet_coupons::ClassStatus::Draft)
		{
			Coupons::approve_class(RawOrigin::Root.into(), class).unwrap();
		}
		Coupons::mint(RawOrigin::Signed(*issuer).into(), class, supply).unwrap();
		(class, 100 * DOLLARS, USDC_ASSET_ID)
	}

	fn fund(who: &crate::AccountId, asset: AssetId, amount: Balance) {
		use frame_support::traits::fungibles::Mutate;
		<Assets as Mutate<crate::AccountId>>::mint_into(asset, who, amount).unwrap();
	}

	fn set_kyc(who: &crate::AccountId, level: pallet_compliance::KycLevel) {
		// A KYC provider made for the benchmarks.
		let provider = crate::AccountId::from([0x4b; 20]);
		let _ = Compliance::assign_role(
			frame_system::RawOrigin::Root.into(),
			pallet_compliance::Role::KycProvider,
			provider,
		);
		let far =
			pallet_timestamp::Now::<Runtime>::get() + 365 * genex_primitives::calendar::DAY_MS;
		Compliance::set_kyc(
			frame_system::RawOrigin::Signed(provider).into(),
			*who,
			level,
			far,
			sp_core::H256::zero(),
		)
		.unwrap();
	}

	fn make_arbitrator(who: &crate::AccountId) {
		let _ = Compliance::assign_role(
			frame_system::RawOrigin::Root.into(),
			pallet_compliance::Role::Arbitrator,
			*who,
		);
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
