//! Test runtime: System, Timestamp, Compliance (roles, sanctions, the gate) and Freeze, wired
//! to each other as in the Genex runtime.

use crate as pallet_freeze;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use genex_primitives::AccountId20;
use pallet_compliance::{KycLevel, Role};
use sp_runtime::{traits::IdentityLookup, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = AccountId20;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Compliance: pallet_compliance,
		Freeze: pallet_freeze,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

parameter_types! {
	pub const TravelRuleThreshold: u128 = 3_000_000_000;
	pub const TravelRuleKyc: KycLevel = KycLevel::L2;
	pub const NoKyc: KycLevel = KycLevel::L0;
	pub const MinSyncInterval: u64 = 10_000;
	pub const ListFetchTimeout: u64 = 30_000;
}

/// In these tests every account holds value, so sanctioned accounts are frozen.
pub struct Everyone;
impl pallet_compliance::HoldsValue<AccountId> for Everyone {
	fn holds_value(_: &AccountId) -> bool {
		true
	}
}

impl pallet_compliance::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type TimeProvider = Timestamp;
	type Freezes = Freeze;
	type Freezer = Freeze;
	type Holdings = Everyone;
	type MaxSanctionsBatch = ConstU32<100>;
	type MaxSourceLength = ConstU32<64>;
	type MaxAlertsPerCase = ConstU32<4>;
	type TravelRuleThreshold = TravelRuleThreshold;
	type TravelRuleKyc = TravelRuleKyc;
	type TradeKyc = NoKyc;
	type TransferKyc = NoKyc;
	type RedeemKyc = NoKyc;
	type MaxUrlLength = ConstU32<128>;
	type MaxListEntries = ConstU32<10_000>;
	type MinSyncInterval = MinSyncInterval;
	type ListFetchTimeout = ListFetchTimeout;
	// No off-chain worker runs in these tests.
	type OracleSigner = ();
	type MaxEvidence = ConstU32<32>;
	type MaxScreenedPerRun = ConstU32<50>;
	type ScreeningRunMillis = ConstU64<1_500>;
	type ScreeningLag = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_freeze::Config for Test {
	type Roles = Compliance;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type TimeProvider = Timestamp;
	type UnfreezeApprovals = ConstU32<2>;
	type MaxGuardianApprovals = ConstU32<3>;
	type MaxIncidentLength = ConstU32<32>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmarks make guardians through the compliance pallet, as the runtime does.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn make_guardian(who: &AccountId) {
		pallet_compliance::Pallet::<Test>::assign_role(
			frame_system::RawOrigin::Root.into(),
			Role::Guardian,
			*who,
		)
		.unwrap();
	}
}

pub const GUARDIAN_1: AccountId = AccountId20([1; 20]);
pub const GUARDIAN_2: AccountId = AccountId20([2; 20]);
pub const GUARDIAN_3: AccountId = AccountId20([3; 20]);
pub const ORACLE: AccountId = AccountId20([4; 20]);
pub const ALICE: AccountId = AccountId20([10; 20]);
pub const BOB: AccountId = AccountId20([11; 20]);
pub const ISSUER: AccountId = AccountId20([20; 20]);
pub const NOW: u64 = 1_728_043_200_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_compliance::GenesisConfig::<Test> {
		roles: vec![
			(Role::Guardian, GUARDIAN_1),
			(Role::Guardian, GUARDIAN_2),
			(Role::Guardian, GUARDIAN_3),
			(Role::SanctionsOracle, ORACLE),
		],
		sanctions_feed: None,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
	});
	ext
}
