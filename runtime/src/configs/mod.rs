//! Pallet configuration, one file per group of pallets.

mod consensus;
mod coupons;
mod monetary;
mod system;
mod utility;

pub use consensus::*;
pub use coupons::*;
pub use monetary::*;
pub use system::*;
