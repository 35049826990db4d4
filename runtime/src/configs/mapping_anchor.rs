//! Mapping anchors: hourly roots of the phone->address table, final when two of the three
//! anchor parties (platform server, HSM module, audit node) agree.

use frame_support::traits::{ConstU32, ConstU64};

use crate::{Compliance, Runtime, Timestamp};

/// One hour, in milliseconds.
const HOUR_MS: u64 = 60 * 60 * 1_000;

impl pallet_mapping_anchor::Config for Runtime {
	type Roles = Compliance;
	type TimeProvider = Timestamp;
	/// The platform anchors every hour (seed §26: cron `0 * * * *`).
	type EpochDuration = ConstU64<HOUR_MS>;
	/// An epoch not final two hours after it is due raises `EpochMissing`.
	type ConfirmationDeadline = ConstU64<{ 2 * HOUR_MS }>;
	/// Two of the three parties.
	type Threshold = ConstU32<2>;
	/// Room for the three parties and replacements while keys rotate.
	type MaxSubmissions = ConstU32<5>;
	/// After downtime, four overdue epochs are reported per block.
	type MaxEpochsWatchedPerBlock = ConstU32<4>;
	type WeightInfo = pallet_mapping_anchor::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AnchorBenchmarkHelper;
}

/// Benchmarks make anchor parties through the compliance pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct AnchorBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_mapping_anchor::BenchmarkHelper<crate::AccountId> for AnchorBenchmarkHelper {
	fn make_anchor_party(who: &crate::AccountId) {
		let _ = Compliance::assign_role(
			frame_system::RawOrigin::Root.into(),
			pallet_compliance::Role::AnchorParty,
			*who,
		);
	}
}
