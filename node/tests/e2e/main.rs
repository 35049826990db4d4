//! End-to-end tests: each module drives the real `genex-node` (and `genex-gateway-sim`)
//! binaries over JSON-RPC and HTTP, every scenario on its own node on free loopback ports.
//! One test binary, so that it links once and the harness runs the scenarios side by side
//! (they spend most of their time waiting for blocks).

mod common;

mod aml;
mod anchor;
mod bridge;
mod compliance;
mod coupons;
mod dev_chain;
mod local_network;
mod paymaster;
mod redemption;
mod sanctions_sync;
mod settlement;
