//! Money: `GNX` balances and transaction fees, and the stablecoins in `pallet-assets`.

use frame_support::{
	parameter_types,
	traits::{
		tokens::imbalance::ResolveTo, AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU8,
		VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_MILLIS, ConstantMultiplier},
	PalletId,
};
use frame_system::{EnsureNever, EnsureRoot};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{
	traits::{AccountIdConversion, Bounded},
	FixedPointNumber, Perquintill,
};

use crate::{
	AccountId, AssetId, Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, Settlement, System, EXISTENTIAL_DEPOSIT, MILLI_GNX,
};

parameter_types! {
	/// The platform treasury: receives transaction fees now, trade and issuance fees later.
	pub const TreasuryPalletId: PalletId = PalletId(*b"gnx/trsy");
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	/// The fiat bridge's account: the owner, issuer and admin of the stablecoins, so that
	/// only the bridge mints and burns them.
	pub const FiatBridgePalletId: PalletId = PalletId(*b"gnx/fbrg");
	pub FiatBridgeAccount: AccountId = FiatBridgePalletId::get().into_account_truncating();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fee per unit of `ref_time` weight: one millisecond of reference compute costs
	/// 0.01 GNX, so a plain transfer costs in the order of 0.001 GNX.
	pub const WeightFeeFactor: Balance = 10 * MILLI_GNX / (WEIGHT_REF_TIME_PER_MILLIS as Balance);
	/// Fee per byte of an extrinsic: 0.000001 GNX.
	pub const LengthFeeFactor: Balance = MILLI_GNX / 1_000;
	/// Fees rise once blocks are more than a quarter full (Polkadot's targeted adjustment).
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 100_000);
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees and tips go to the treasury.
	type OnChargeTransaction = FungibleAdapter<Balances, ResolveTo<TreasuryAccount, Balances>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = ConstantMultiplier<Balance, WeightFeeFactor>;
	type LengthToFee = ConstantMultiplier<Balance, LengthFeeFactor>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type AssetId = AssetId;
	type AssetIdParameter = AssetId;
	type ReserveData = ();
	type Currency = Balances;
	/// Nobody creates assets by a signed call: the stablecoins are created at genesis and any
	/// later asset by governance (`force_create`).
	type CreateOrigin = AsEnsureOriginWithArg<EnsureNever<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<0>;
	/// USDC and USDT are "sufficient": holding them keeps an account alive without GNX.
	type AssetAccountDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type StringLimit = ConstU32<50>;
	/// Open bids hold their stablecoin in the bidder's account, frozen by settlement.
	type Freezer = Settlement;
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type RemoveItemsLimit = ConstU32<1000>;
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
