//! The fiat bridge: bank money in and out as USDC and USDT through the gateway providers, the
//! only minter and burner of both (its account owns them, see `monetary.rs`).

use alloc::{vec, vec::Vec};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};
use genex_primitives::{
	calendar::DAY_MS,
	oracle::{OracleAuthority, SignedTransactions},
	AssetId, Moment,
};
use pallet_compliance::KycLevel;
use sp_runtime::Permill;

use super::{ComplianceOrigin, FiatBridgePalletId, GovernanceOrigin};
use crate::{Assets, Compliance, Runtime, Timestamp, USDC_ASSET_ID, USDT_ASSET_ID};

parameter_types! {
	/// USDC first: a US-dollar bank deposit becomes USDC.
	pub BridgedStablecoins: Vec<AssetId> = vec![USDC_ASSET_ID, USDT_ASSET_ID];
	/// A rate quote holds for 15 minutes (seed §28).
	pub const QuoteLifetime: Moment = 15 * 60 * 1_000;
	/// A quote may move at most 5 % from the currency's previous one.
	pub const MaxRateDeviation: Permill = Permill::from_percent(5);
	/// Minting pauses when the reserves' statement that counts is older than a day (seed §29).
	pub const ReserveReportMaxAge: Moment = DAY_MS;
	/// Receiving a deposit needs basic KYC, as trading does.
	pub const DepositKyc: KycLevel = KycLevel::L1;
}

impl pallet_fiat_bridge::Config for Runtime {
	type Assets = Assets;
	type Gate = Compliance;
	type TravelRule = Compliance;
	type Movements = Compliance;
	type Roles = Compliance;
	type TimeProvider = Timestamp;
	type GovernanceOrigin = GovernanceOrigin;
	type ComplianceOrigin = ComplianceOrigin;
	/// The same id as `FiatBridgeAccount`, the stablecoins' owner.
	type PalletId = FiatBridgePalletId;
	type Stablecoins = BridgedStablecoins;
	type MaxProviders = ConstU32<8>;
	/// k of n attestors a provider: 2 of 3 on the local network, room for 7.
	type MaxAttestors = ConstU32<7>;
	type MaxNameLength = ConstU32<32>;
	type MaxUrlLength = ConstU32<256>;
	type QuoteLifetime = QuoteLifetime;
	type MaxRateDeviation = MaxRateDeviation;
	type ReserveReportMaxAge = ReserveReportMaxAge;
	type DepositKyc = DepositKyc;
	/// The attestors' workers sign with the node's oracle keys (`gxor`).
	type AttestorSigner = SignedTransactions<Runtime, OracleAuthority>;
	/// A bank has 5 s to answer; a payout without an answer is retried, never failed over.
	type BankTimeout = ConstU64<5_000>;
	type MaxDepositsPerRun = ConstU32<50>;
	type MaxPayoutsPerRun = ConstU32<16>;
	/// Reserves are read every 10 minutes, well within the day a statement counts.
	type ReserveReadInterval = ConstU64<600_000>;
	type WeightInfo = pallet_fiat_bridge::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FiatBridgeBenchmarkHelper;
}

/// Benchmark setup through the real pallets.
#[cfg(feature = "runtime-benchmarks")]
pub struct FiatBridgeBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_fiat_bridge::BenchmarkHelper<crate::AccountId> for FiatBridgeBenchmarkHelper {
	fn set_kyc(who: &crate::AccountId, level: KycLevel) {
		<super::settlement::SettlementBenchmarkHelper as pallet_settlement::BenchmarkHelper<
			crate::AccountId,
		>>::set_kyc(who, level)
	}

	fn make_rate_oracle(who: &crate::AccountId) {
		let _ = Compliance::assign_role(
			frame_system::RawOrigin::Root.into(),
			pallet_compliance::Role::GatewayOperator,
			*who,
		);
	}

	fn set_time(now: Moment) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
