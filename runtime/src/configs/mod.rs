//! Pallet configuration, one file per group of pallets.

mod compliance;
mod consensus;
mod coupons;
mod fiat_bridge;
mod governance;
mod mapping_anchor;
mod monetary;
mod offchain;
mod paymaster;
mod redemption;
mod settlement;
mod system;
mod utility;

pub use compliance::*;
pub use consensus::*;
pub use coupons::*;
pub use fiat_bridge::*;
pub use governance::*;
pub use monetary::*;
pub use offchain::*;
pub use paymaster::*;
pub use system::*;
