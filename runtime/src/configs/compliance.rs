//! Compliance and emergency freezes: roles, KYC, sanctions and the sanctions feed's worker,
//! Travel Rule, AML, the gate, the guardians' freezes, and the two checks that keep blocked
//! accounts out: a call filter for value sent to them and a transaction extension for
//! transactions they sign.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, Contains},
};
use genex_primitives::oracle::{OracleAuthority, SignedTransactions};
use pallet_compliance::{FreezeInspect, HoldsValue, KycLevel, Role};
use pallet_coupons::CouponLedger;

use super::GovernanceOrigin;
use crate::{
	AccountId, Assets, BalancesCall, Compliance, Coupons, Freeze, Runtime, RuntimeCall, Timestamp,
	DOLLARS, USDC_ASSET_ID, USDT_ASSET_ID,
};

parameter_types! {
	/// FATF Travel Rule: transfers of $3,000 or more.
	pub const TravelRuleThreshold: u128 = 3_000 * DOLLARS;
	/// Both sides of a Travel Rule transfer are identity-verified.
	pub const TravelRuleKyc: KycLevel = KycLevel::L2;
	/// Trading and sending need basic KYC; redeeming a coupon one holds needs none.
	pub const TradeKyc: KycLevel = KycLevel::L1;
	pub const TransferKyc: KycLevel = KycLevel::L1;
	pub const RedeemKyc: KycLevel = KycLevel::L0;
	/// Governance may not make the oracle fetch lists more often than every 10 seconds.
	pub const MinSyncInterval: u64 = 10_000;
	/// OFAC's SDN Advanced XML is about 80 MB: two minutes to download it.
	pub const ListFetchTimeout: u64 = 120_000;
}

/// An account holds value when it has USDC or USDT, or coupons.
pub struct HoldsStablecoinOrCoupons;
impl HoldsValue<AccountId> for HoldsStablecoinOrCoupons {
	fn holds_value(who: &AccountId) -> bool {
		[USDC_ASSET_ID, USDT_ASSET_ID]
			.iter()
			.any(|asset| Assets::balance(*asset, who) > 0)
			|| <Coupons as CouponLedger<AccountId>>::holds_coupons(who)
	}
}

impl pallet_compliance::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type TimeProvider = Timestamp;
	type Freezes = Freeze;
	type Freezer = Freeze;
	type Holdings = HoldsStablecoinOrCoupons;
	type MaxSanctionsBatch = ConstU32<100>;
	type MaxSourceLength = ConstU32<64>;
	type MaxAlertsPerCase = ConstU32<32>;
	type TravelRuleThreshold = TravelRuleThreshold;
	type TravelRuleKyc = TravelRuleKyc;
	type TradeKyc = TradeKyc;
	type TransferKyc = TransferKyc;
	type RedeemKyc = RedeemKyc;
	type MaxUrlLength = ConstU32<256>;
	/// OFAC lists about a thousand digital-currency addresses; room for a hundred times more.
	type MaxListEntries = ConstU32<100_000>;
	type MinSyncInterval = MinSyncInterval;
	type ListFetchTimeout = ListFetchTimeout;
	type OracleSigner = SignedTransactions<Runtime, OracleAuthority>;
	/// A pattern's records: fan-out cites 11, spoofing 20 or more.
	type MaxEvidence = ConstU32<32>;
	/// A run reads at most this many records (a catch-up continues on the next blocks).
	type MaxScreenedPerRun = ConstU32<5_000>;
	/// And for at most 1.5 s, within a 2 s block (the lock keeps runs from overlapping).
	type ScreeningRunMillis = ConstU64<1_500>;
	/// Three blocks (6 s) behind the best block: Aura forks resolve within that.
	type ScreeningLag = ConstU32<3>;
	type WeightInfo = pallet_compliance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

impl pallet_freeze::Config for Runtime {
	type Roles = Compliance;
	type GovernanceOrigin = GovernanceOrigin;
	type TimeProvider = Timestamp;
	/// Two of the three guardians lift a freeze.
	type UnfreezeApprovals = ConstU32<2>;
	type MaxGuardianApprovals = ConstU32<8>;
	type MaxIncidentLength = ConstU32<32>;
	type WeightInfo = pallet_freeze::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Whether `who` may receive value: not sanctioned, not frozen.
fn may_receive(who: &AccountId) -> bool {
	!Compliance::is_sanctioned(who) && !Freeze::account_frozen(who)
}

/// The runtime's call filter: no GNX may be sent to a sanctioned or frozen account (the
/// sender side is the transaction extension's job), and stablecoin moves between accounts only
/// through `Settlement::transfer_stablecoin`, which asks the compliance gate, applies the
/// Travel Rule and records the movement for AML screening: `pallet-assets`' own transfer and
/// approval calls are refused. It applies inside batches and multisig calls too.
pub struct NoValueToBlockedAccounts;
impl Contains<RuntimeCall> for NoValueToBlockedAccounts {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_assets::Call as AssetsCall;
		if matches!(
			call,
			RuntimeCall::Assets(
				AssetsCall::transfer { .. }
					| AssetsCall::transfer_keep_alive { .. }
					| AssetsCall::transfer_all { .. }
					| AssetsCall::approve_transfer { .. }
					| AssetsCall::transfer_approved { .. }
			)
		) {
			return false;
		}
		let receiver = match call {
			RuntimeCall::Balances(
				BalancesCall::transfer_allow_death { dest, .. }
				| BalancesCall::transfer_keep_alive { dest, .. }
				| BalancesCall::transfer_all { dest, .. },
			) => Some(dest),
			_ => None,
		};
		receiver.is_none_or(may_receive)
	}
}

/// Calls a frozen (but not sanctioned) account may still sign: governance (a frozen council
/// member can still vote) and sudo on dev chains. Guardians' own unfreezing is not among them.
pub struct FrozenMayCall;
impl Contains<RuntimeCall> for FrozenMayCall {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::Council(..) | RuntimeCall::Sudo(..))
	}
}

/// Benchmark setup through the real pallets.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_compliance::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn make_holder(who: &AccountId) {
		use frame_support::traits::fungibles::Mutate;
		let _ = <Assets as Mutate<AccountId>>::mint_into(USDC_ASSET_ID, who, DOLLARS);
	}
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_freeze::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn make_guardian(who: &AccountId) {
		let _ = Compliance::assign_role(
			frame_system::RawOrigin::Root.into(),
			Role::Guardian,
			who.clone(),
		);
	}
}

/// The role every compliance call of other pallets needs.
pub struct ComplianceOfficerRole;
impl frame_support::traits::Get<Role> for ComplianceOfficerRole {
	fn get() -> Role {
		Role::ComplianceOfficer
	}
}

/// Compliance decisions: Root, or a compliance officer.
pub type ComplianceOrigin = frame_support::traits::EitherOfDiverse<
	frame_system::EnsureRoot<AccountId>,
	pallet_compliance::EnsureRole<Runtime, ComplianceOfficerRole>,
>;
