//! Test runtime: System, Timestamp and the mapping anchor pallet, with three anchor parties.

use crate as pallet_mapping_anchor;
use frame_support::{derive_impl, traits::ConstU32, traits::ConstU64};
use pallet_compliance::{Role, RoleInspect};
use sp_runtime::BuildStorage;
use std::{cell::RefCell, collections::BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		MappingAnchor: pallet_mapping_anchor,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

/// The platform server, the HSM module and the audit node.
pub const SERVER: AccountId = 1;
pub const HSM: AccountId = 2;
pub const AUDIT: AccountId = 3;
pub const OUTSIDER: AccountId = 9;
pub const HOUR: u64 = 3_600_000;
/// 2026-11-24 10:15 UTC: epoch 498_754 began at 10:00.
pub const NOW: u64 = 498_754 * HOUR + 15 * 60_000;
pub const EPOCH: u64 = 498_754;

thread_local! {
	static PARTIES: RefCell<BTreeSet<AccountId>> = RefCell::new([SERVER, HSM, AUDIT].into());
}

/// Anchor parties as the compliance pallet would report them.
pub struct Parties;
impl RoleInspect<AccountId> for Parties {
	fn has_role(role: Role, who: &AccountId) -> bool {
		role == Role::AnchorParty && PARTIES.with(|parties| parties.borrow().contains(who))
	}
	fn role_count(role: Role) -> u32 {
		if role == Role::AnchorParty {
			PARTIES.with(|parties| parties.borrow().len() as u32)
		} else {
			0
		}
	}
}

impl pallet_mapping_anchor::Config for Test {
	type Roles = Parties;
	type TimeProvider = Timestamp;
	type EpochDuration = ConstU64<HOUR>;
	type ConfirmationDeadline = ConstU64<{ 2 * HOUR }>;
	type Threshold = ConstU32<2>;
	type MaxSubmissions = ConstU32<5>;
	type MaxEpochsWatchedPerBlock = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmarks add anchor parties.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn make_anchor_party(who: &AccountId) {
		add_party(*who);
	}
}

/// Gives `who` the anchor-party role.
pub fn add_party(who: AccountId) {
	PARTIES.with(|parties| parties.borrow_mut().insert(who));
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		PARTIES.with(|parties| *parties.borrow_mut() = [SERVER, HSM, AUDIT].into());
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
	});
	ext
}
