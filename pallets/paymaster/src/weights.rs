//! Weights for `pallet_paymaster`. Provisional until `scripts/bench.sh paymaster` regenerates
//! this file from the pallet's `benchmarking.rs`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call and hook of `pallet_paymaster`.
pub trait WeightInfo {
	fn set_policy() -> Weight;
	fn set_category() -> Weight;
	fn charge_sponsored() -> Weight;
}

/// Measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_policy() -> Weight {
		Weight::from_parts(10_000_000, 1_500)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_category() -> Weight {
		Weight::from_parts(10_000_000, 1_500)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn charge_sponsored() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
}

/// The same measurements priced with ParityDB's weights, for tests and mocks.
impl WeightInfo for () {
	fn set_policy() -> Weight {
		Weight::from_parts(10_000_000, 1_500)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_category() -> Weight {
		Weight::from_parts(10_000_000, 1_500)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn charge_sponsored() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
}
