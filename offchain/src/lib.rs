//! Genex Chain's off-chain worker logic, compiled into the runtime (wasm, `no_std`) and tested
//! natively.
//!
//! - [`aml`]: the AML rule engine: movement records in one at a time, findings out, bounded state.
//! - [`bridge`]: the fiat bridge worker's side of the bank HTTP contract: request builders,
//!   response parsers, the payout classifier and retry state, the deposit cursor and planner.
//! - [`sanctions`]: streaming parsers for the sanctions lists the compliance worker downloads
//!   (OFAC SDN Advanced XML, legacy SDN XML, plain text and JSON address lists). They take the
//!   HTTP body chunk by chunk, keep memory bounded whatever the body size, never panic on any
//!   input, and produce the sorted set of sanctioned 20-byte addresses with its hash.
//! - [`sanctions::sync`]: when a sync is due, whether a fetched list may replace the applied
//!   one, and its difference in bounded parts: the rules the compliance pallet's worker and its
//!   `sync_sanctions` call share.
//! - [`parse_http_date`]: the `Last-Modified` header as milliseconds since the Unix epoch,
//!   the publication time of lists whose format carries no date.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod aml;
pub mod bridge;
pub mod http_date;
pub mod sanctions;

pub use http_date::parse_http_date;
