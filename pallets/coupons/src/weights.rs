//! Bootstrap weights for `pallet_coupons`: replaced by the benchmark CLI's output
//! (`scripts/bench.sh`) before this pallet ships.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// The weight of each call and hook of `pallet_coupons`.
pub trait WeightInfo {
	fn apply_issuer() -> Weight;
	fn approve_issuer() -> Weight;
	fn reject_issuer() -> Weight;
	fn set_issuer_status() -> Weight;
	fn set_tier() -> Weight;
	fn set_satisfaction() -> Weight;
	fn refresh_credit() -> Weight;
	fn handle_default(c: u32) -> Weight;
	fn create_class() -> Weight;
	fn approve_class() -> Weight;
	fn reject_class() -> Weight;
	fn mint(n: u32) -> Weight;
	fn recall(n: u32) -> Weight;
	fn pay_debt() -> Weight;
	fn claim_guarantee() -> Weight;
	fn set_rating_table() -> Weight;
	fn expire_coupons(n: u32) -> Weight;
	fn apply_transition() -> Weight;
}

/// Weights priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn apply_issuer() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn approve_issuer() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn reject_issuer() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn set_issuer_status() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn set_tier() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn set_satisfaction() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn refresh_credit() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn handle_default(c: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(c.into()))
	}
	fn create_class() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn approve_class() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn reject_class() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn mint(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(n.into()))
	}
	fn recall(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(n.into()))
	}
	fn pay_debt() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn claim_guarantee() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn set_rating_table() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn expire_coupons(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(n.into()))
	}
	fn apply_transition() -> Weight {
		Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
}

impl WeightInfo for () {
	fn apply_issuer() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn approve_issuer() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn reject_issuer() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn set_issuer_status() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn set_tier() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn set_satisfaction() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn refresh_credit() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn handle_default(c: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(c.into()))
	}
	fn create_class() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn approve_class() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn reject_class() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn mint(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(n.into()))
	}
	fn recall(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(n.into()))
	}
	fn pay_debt() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn claim_guarantee() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn set_rating_table() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn expire_coupons(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
			.saturating_add(Weight::from_parts(20_000_000, 1_000).saturating_mul(n.into()))
	}
	fn apply_transition() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
}
