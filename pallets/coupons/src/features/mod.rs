//! The pallet's logic by topic; `lib.rs` only declares and dispatches.

pub mod classes;
pub mod credit;
pub mod expiry;
pub mod issuers;
pub mod ledger;
