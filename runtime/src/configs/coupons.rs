//! Coupons: issuers and their credit, classes, minting, expiry and breakage.

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU16, ConstU32, ConstU8, Contains},
	PalletId,
};
use pallet_coupons::{IssuerTier, TierFees};
use sp_runtime::{Perbill, Permill};

use super::{ComplianceOrigin, GovernanceOrigin, TreasuryAccount};
use crate::{
	AssetId, Assets, Balance, Compliance, Runtime, Timestamp, DOLLARS, USDC_ASSET_ID, USDT_ASSET_ID,
};

/// The stablecoins a coupon class may be denominated in.
pub struct Stablecoins;
impl Contains<AssetId> for Stablecoins {
	fn contains(asset: &AssetId) -> bool {
		*asset == USDC_ASSET_ID || *asset == USDT_ASSET_ID
	}
}

parameter_types! {
	/// Holds issuers' guarantee deposits.
	pub const CouponsPalletId: PalletId = PalletId(*b"gnx/cpns");
	/// Issuance fee by tier (seed §11.1).
	pub const IssuanceTierFees: TierFees = TierFees::SEED;
	/// New issuers pay the gold rate in their first month.
	pub const FirstMonthTier: IssuerTier = IssuerTier::Gold;
	/// The platform's share of breakage (seed §11.2).
	pub const PlatformBreakageShare: Permill = Permill::from_percent(10);
	/// Guarantee deposit: 10 % of the issuance quota.
	pub const GuaranteeShare: Perbill = Perbill::from_percent(10);
	pub const GuaranteeAsset: AssetId = USDC_ASSET_ID;
	/// One cent to $100,000.
	pub const MinFaceValue: Balance = DOLLARS / 100;
	pub const MaxFaceValue: Balance = 100_000 * DOLLARS;
	/// Expiry may use a tenth of each block.
	pub const ExpiryWeightShare: Perbill = Perbill::from_percent(10);
}

impl pallet_coupons::Config for Runtime {
	type Assets = Assets;
	type TimeProvider = Timestamp;
	type Gate = Compliance;
	type ComplianceOrigin = ComplianceOrigin;
	type GovernanceOrigin = GovernanceOrigin;
	/// Holder satisfaction comes from compliance's customer-care review.
	type SatisfactionOrigin = ComplianceOrigin;
	type Stablecoins = Stablecoins;
	type GuaranteeAsset = GuaranteeAsset;
	type Treasury = TreasuryAccount;
	type PalletId = CouponsPalletId;
	type TierFees = IssuanceTierFees;
	type FirstMonthTier = FirstMonthTier;
	type PlatformBreakageShare = PlatformBreakageShare;
	type GuaranteeShare = GuaranteeShare;
	type MinFaceValue = MinFaceValue;
	type MaxFaceValue = MaxFaceValue;
	/// Utility coupons expire within a year (seed §3.2).
	type MaxUtilityExpiryDays = ConstU32<365>;
	type MaxExpiryDays = ConstU32<1830>;
	type DefaultMaxResales = ConstU8<3>;
	type MaxResalesLimit = ConstU8<10>;
	type DefaultRefundWindowDays = ConstU16<7>;
	type MaxRefundWindowDays = ConstU16<90>;
	type MaxMintBatch = ConstU32<1000>;
	type MaxRecallBatch = ConstU32<1000>;
	type MaxSupplyCap = ConstU32<1_000_000>;
	type MaxClassesPerIssuer = ConstU32<1000>;
	/// A regulated exchange reviews every class before it is minted.
	type ClassReviewRequired = ConstBool<true>;
	type ExpiryWeightShare = ExpiryWeightShare;
	type WeightInfo = pallet_coupons::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CouponsBenchmarkHelper;
}

/// Lets the coupons benchmarks set the time.
#[cfg(feature = "runtime-benchmarks")]
pub struct CouponsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_coupons::BenchmarkHelper for CouponsBenchmarkHelper {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
