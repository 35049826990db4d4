//! Test runtime: System, Timestamp and Compliance, with freezes, holdings and the freezer
//! simulated in thread-local sets.

use crate as pallet_compliance;
use crate::traits::*;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use std::collections::BTreeSet;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Compliance: pallet_compliance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

thread_local! {
	pub static FROZEN_ACCOUNTS: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
	pub static FROZEN_CLASSES: RefCell<BTreeSet<u32>> = RefCell::new(BTreeSet::new());
	pub static FROZEN_ISSUERS: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
	pub static PAUSED: RefCell<BTreeSet<MarketScope>> = RefCell::new(BTreeSet::new());
	pub static HOLDERS: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
}

/// Freezes as the freeze pallet would report them.
pub struct MockFreezes;
impl FreezeInspect<AccountId> for MockFreezes {
	fn account_frozen(who: &AccountId) -> bool {
		FROZEN_ACCOUNTS.with(|set| set.borrow().contains(who))
	}
	fn class_frozen(class: u32) -> bool {
		FROZEN_CLASSES.with(|set| set.borrow().contains(&class))
	}
	fn issuer_frozen(issuer: &AccountId) -> bool {
		FROZEN_ISSUERS.with(|set| set.borrow().contains(issuer))
	}
	fn market_paused(scope: MarketScope) -> bool {
		PAUSED.with(|set| set.borrow().contains(&scope))
	}
}

/// Freezing a sanctioned holder adds it to the frozen accounts.
pub struct MockFreezer;
impl AccountFreezer<AccountId> for MockFreezer {
	fn freeze_sanctioned(who: &AccountId) {
		FROZEN_ACCOUNTS.with(|set| set.borrow_mut().insert(*who));
	}
}

/// Accounts in `HOLDERS` hold stablecoin or coupons.
pub struct MockHoldings;
impl HoldsValue<AccountId> for MockHoldings {
	fn holds_value(who: &AccountId) -> bool {
		HOLDERS.with(|set| set.borrow().contains(who))
	}
}

parameter_types! {
	pub const TravelRuleThreshold: u128 = 3_000 * DOLLAR;
	pub const TravelRuleKyc: KycLevel = KycLevel::L2;
	pub const TradeKyc: KycLevel = KycLevel::L1;
	pub const TransferKyc: KycLevel = KycLevel::L1;
	pub const RedeemKyc: KycLevel = KycLevel::L0;
}

impl pallet_compliance::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type TimeProvider = Timestamp;
	type Freezes = MockFreezes;
	type Freezer = MockFreezer;
	type Holdings = MockHoldings;
	type MaxSanctionsBatch = ConstU32<200>;
	type MaxSourceLength = ConstU32<64>;
	type MaxAlertsPerCase = ConstU32<4>;
	type TravelRuleThreshold = TravelRuleThreshold;
	type TravelRuleKyc = TravelRuleKyc;
	type TradeKyc = TradeKyc;
	type TransferKyc = TransferKyc;
	type RedeemKyc = RedeemKyc;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmarks make holders by adding them to `HOLDERS`.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn make_holder(who: &AccountId) {
		HOLDERS.with(|set| set.borrow_mut().insert(*who));
	}
}

pub const DOLLAR: u128 = 1_000_000;
pub const OFFICER: AccountId = 1;
pub const KYC_PROVIDER: AccountId = 2;
pub const ORACLE: AccountId = 3;
pub const ALICE: AccountId = 10;
pub const BOB: AccountId = 11;
pub const CAROL: AccountId = 12;
pub const ISSUER: AccountId = 20;
/// 2024-10-04 12:00 UTC.
pub const NOW: u64 = 1_728_043_200_000;
pub const DAY: u64 = 86_400_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_compliance::GenesisConfig::<Test> {
		roles: vec![
			(Role::ComplianceOfficer, OFFICER),
			(Role::KycProvider, KYC_PROVIDER),
			(Role::SanctionsOracle, ORACLE),
		],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
		for set in [&FROZEN_ACCOUNTS, &FROZEN_ISSUERS, &HOLDERS] {
			set.with(|set| set.borrow_mut().clear());
		}
		FROZEN_CLASSES.with(|set| set.borrow_mut().clear());
		PAUSED.with(|set| set.borrow_mut().clear());
	});
	ext
}

/// Runs `f`, then checks the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Compliance::do_try_state().expect("invariants hold");
	});
}

use sp_runtime::BuildStorage;
