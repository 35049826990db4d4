//! The coupons pallet's configuration for test runtimes: this pallet's mock and the mocks of
//! the pallets built on it (settlement, redemption) run the same coupon rules.

/// Implements, for a mock runtime with `System`, `Timestamp`, `Balances`, `Assets` and
/// `Coupons` pallets: `pallet_coupons::Config` with the seed's rules (tier fees, 10 % breakage
/// share and guarantee, $0.01–$100,000 face values, 3 resales, 7-day refund window), the
/// timestamp, balances and assets configurations it runs on (free assets), the set of
/// stablecoins (`StablecoinSet`), the parameter types, and `CouponsBenchmarkHelper` (sets the
/// time). The caller names the accounts, the gate, the switches tests turn and the assets'
/// `Freezer` (settlement holds bids with it).
#[macro_export]
macro_rules! impl_test_config {
	(
		runtime: $runtime:ty,
		account: $account:ty,
		balance: $balance:ty,
		gate: $gate:ty,
		stablecoins: [$($stablecoin:expr),+ $(,)?],
		compliance: $compliance:expr,
		satisfaction: $satisfaction:expr,
		treasury: $treasury:expr,
		guarantee_asset: $guarantee_asset:expr,
		dollar: $dollar:expr,
		class_review: $class_review:ty,
		expiry_share: $expiry_share:ty,
		asset_freezer: $asset_freezer:ty $(,)?
	) => {
		#[frame_support::derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
		impl pallet_timestamp::Config for $runtime {}

		#[frame_support::derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
		impl pallet_balances::Config for $runtime {
			type AccountStore = System;
		}

		#[frame_support::derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
		impl pallet_assets::Config for $runtime {
			type Balance = $balance;
			type Currency = Balances;
			type CreateOrigin = frame_support::traits::AsEnsureOriginWithArg<
				frame_system::EnsureSigned<$account>,
			>;
			type ForceOrigin = frame_system::EnsureRoot<$account>;
			type AssetDeposit = frame_support::traits::ConstU64<0>;
			type AssetAccountDeposit = frame_support::traits::ConstU64<0>;
			type MetadataDepositBase = frame_support::traits::ConstU64<0>;
			type MetadataDepositPerByte = frame_support::traits::ConstU64<0>;
			type ApprovalDeposit = frame_support::traits::ConstU64<0>;
			type Freezer = $asset_freezer;
			type Holder = ();
		}

		/// The stablecoins classes may use.
		pub struct StablecoinSet;
		impl frame_support::traits::Contains<u32> for StablecoinSet {
			fn contains(asset: &u32) -> bool {
				[$($stablecoin),+].contains(asset)
			}
		}

		/// Sets the mock's timestamp for the coupons pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		pub struct CouponsBenchmarkHelper;
		#[cfg(feature = "runtime-benchmarks")]
		impl $crate::BenchmarkHelper for CouponsBenchmarkHelper {
			fn set_time(now: $crate::types::Moment) {
				pallet_timestamp::Now::<$runtime>::put(now);
			}
		}

		frame_support::ord_parameter_types! {
			pub const ComplianceAccount: $account = $compliance;
			pub const SatisfactionAccount: $account = $satisfaction;
		}

		frame_support::parameter_types! {
			pub const TreasuryAccount: $account = $treasury;
			pub const GuaranteeAsset: u32 = $guarantee_asset;
			pub const CouponsPalletId: frame_support::PalletId = frame_support::PalletId(*b"gnx/cpns");
			pub const MockTierFees: $crate::types::TierFees = $crate::types::TierFees::SEED;
			pub const FirstMonthTier: $crate::types::IssuerTier = $crate::types::IssuerTier::Gold;
			pub const PlatformBreakageShare: frame_support::sp_runtime::Permill =
				frame_support::sp_runtime::Permill::from_percent(10);
			pub const GuaranteeShare: frame_support::sp_runtime::Perbill =
				frame_support::sp_runtime::Perbill::from_percent(10);
			pub const MinFaceValue: u128 = $dollar / 100;
			pub const MaxFaceValue: u128 = 100_000 * $dollar;
		}

		impl $crate::Config for $runtime {
			type Assets = Assets;
			type TimeProvider = Timestamp;
			type Gate = $gate;
			type ComplianceOrigin = frame_system::EnsureSignedBy<ComplianceAccount, $account>;
			type GovernanceOrigin = frame_system::EnsureRoot<$account>;
			type SatisfactionOrigin = frame_system::EnsureSignedBy<SatisfactionAccount, $account>;
			type Stablecoins = StablecoinSet;
			type GuaranteeAsset = GuaranteeAsset;
			type Treasury = TreasuryAccount;
			type PalletId = CouponsPalletId;
			type TierFees = MockTierFees;
			type FirstMonthTier = FirstMonthTier;
			type PlatformBreakageShare = PlatformBreakageShare;
			type GuaranteeShare = GuaranteeShare;
			type MinFaceValue = MinFaceValue;
			type MaxFaceValue = MaxFaceValue;
			type MaxUtilityExpiryDays = frame_support::traits::ConstU32<365>;
			type MaxExpiryDays = frame_support::traits::ConstU32<1830>;
			type DefaultMaxResales = frame_support::traits::ConstU8<3>;
			type MaxResalesLimit = frame_support::traits::ConstU8<10>;
			type DefaultRefundWindowDays = frame_support::traits::ConstU16<7>;
			type MaxRefundWindowDays = frame_support::traits::ConstU16<90>;
			type MaxMintBatch = frame_support::traits::ConstU32<1000>;
			type MaxRecallBatch = frame_support::traits::ConstU32<1000>;
			type MaxSupplyCap = frame_support::traits::ConstU32<1_000_000>;
			type MaxClassesPerIssuer = frame_support::traits::ConstU32<5>;
			type ClassReviewRequired = $class_review;
			type ExpiryWeightShare = $expiry_share;
			type WeightInfo = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = CouponsBenchmarkHelper;
		}
	};
}
