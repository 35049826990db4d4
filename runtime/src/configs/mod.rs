//! Pallet configuration, one file per group of pallets.

mod consensus;
mod monetary;
mod system;
mod utility;

pub use consensus::*;
pub use monetary::*;
pub use system::*;
