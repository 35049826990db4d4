
//! Weights for `pallet_fiat_bridge`: hand-written placeholders in the shape the benchmark CLI
//! writes (`scripts/bench.sh fiat-bridge`, template `scripts/templates/pallet-weights.hbs`),
//! from the pallet's `benchmarking.rs`. Not measured yet: the numbers are estimates of the
//! storage each benchmarked path touches, rounded up. Rerun the benchmarks once the pallet is
//! in the runtime; they replace this file.
//!
//! Benchmark CLI (not run); steps -, repeat -; machine - (-); wasm execution -; chain `-`;
//! database cache - MiB.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call and hook of `pallet_fiat_bridge`.
pub trait WeightInfo {
	fn register_provider(a: u32, ) -> Weight;
	fn set_provider_status() -> Weight;
	fn set_provider_attestors(a: u32, ) -> Weight;
	fn set_provider_allowance() -> Weight;
	fn set_provider_endpoint() -> Weight;
	fn set_limits() -> Weight;
	fn attest_deposit() -> Weight;
	fn resolve_deposit() -> Weight;
	fn release_deposit() -> Weight;
	fn return_deposit() -> Weight;
	fn retry_deposit() -> Weight;
	fn submit_rate() -> Weight;
	fn force_rate() -> Weight;
	fn request_withdrawal() -> Weight;
	fn report_payout_paid() -> Weight;
	fn report_payout_refunded() -> Weight;
	fn report_reserves() -> Weight;
	fn set_minting_paused() -> Weight;
	fn watch_reserves() -> Weight;
}

/// The weights, priced with the runtime's database weights (placeholders until benchmarked).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// The range of component `a` is `[1, MaxAttestors]`.
	fn register_provider(a: u32, ) -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(40_000_000, 6000)
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn set_provider_status() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(35_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// The range of component `a` is `[1, MaxAttestors]`.
	fn set_provider_attestors(a: u32, ) -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(25_000_000, 3500)
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_provider_allowance() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(20_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_provider_endpoint() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(20_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_limits() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn attest_deposit() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn resolve_deposit() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	fn release_deposit() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	fn return_deposit() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(25_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn retry_deposit() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	fn submit_rate() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(30_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn force_rate() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(25_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn request_withdrawal() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(150_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	fn report_payout_paid() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	fn report_payout_refunded() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn report_reserves() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(16_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn set_minting_paused() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(20_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn watch_reserves() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(40_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same weights priced with ParityDB's weights, for tests and mocks.
impl WeightInfo for () {
	fn register_provider(a: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 6000)
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn set_provider_status() -> Weight {
		Weight::from_parts(35_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn set_provider_attestors(a: u32, ) -> Weight {
		Weight::from_parts(25_000_000, 3500)
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_provider_allowance() -> Weight {
		Weight::from_parts(20_000_000, 3500)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_provider_endpoint() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(20_000_000, 3600)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_limits() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn attest_deposit() -> Weight {
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(ParityDbWeight::get().reads(14_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
	fn resolve_deposit() -> Weight {
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
	}
	fn release_deposit() -> Weight {
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
	}
	fn return_deposit() -> Weight {
		Weight::from_parts(25_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn retry_deposit() -> Weight {
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
	}
	fn submit_rate() -> Weight {
		Weight::from_parts(30_000_000, 3500)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn force_rate() -> Weight {
		Weight::from_parts(25_000_000, 1500)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn request_withdrawal() -> Weight {
		Weight::from_parts(150_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().writes(9_u64))
	}
	fn report_payout_paid() -> Weight {
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
	}
	fn report_payout_refunded() -> Weight {
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn report_reserves() -> Weight {
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(16_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn set_minting_paused() -> Weight {
		Weight::from_parts(20_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn watch_reserves() -> Weight {
		Weight::from_parts(40_000_000, 3000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
}
