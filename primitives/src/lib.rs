//! Genex Chain's shared primitives.
//!
//! One small crate that the runtime, the pallets, the node and the client all depend on, so
//! that they agree on what an account, a signature and a balance are:
//!
//! - [`AccountId20`]: a 20-byte Ethereum-style address (H160), shown and parsed as an EIP-55
//!   checksummed `0x…` string everywhere (CLI, logs, chain specs, JSON-RPC).
//! - [`EthereumSignature`]: a 65-byte recoverable secp256k1 ECDSA signature over the keccak-256
//!   hash of the signed payload, verified with `sp_io::crypto::secp256k1_ecdsa_recover`. This is
//!   what MPC custody wallets, polkadot-js' `ethereum` keyring and subxt-signer's Ethereum keys
//!   produce.
//! - [`oracle`]: the off-chain workers' `gxor` ECDSA key and how it signs transactions.
//! - [`aml`]: the movement records AML screening reads, its rules, severities and parameters.
//! - the basic aliases ([`Balance`], [`Nonce`], [`BlockNumber`], …).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod account;
pub mod aml;
pub mod calendar;
pub mod dev;
pub mod mapping;
pub mod oracle;
pub mod voucher;

pub use account::{AccountId20, AddressParseError, EthereumSignature, EthereumSigner};

/// The account identifier of Genex Chain: an Ethereum-style 20-byte address.
pub type AccountId = AccountId20;
/// The signature every signed extrinsic carries.
pub type Signature = EthereumSignature;
/// Balances: GNX base units (18 decimals) and stablecoin base units (6 decimals).
pub type Balance = u128;
/// Per-account transaction counter.
pub type Nonce = u32;
/// Block height.
pub type BlockNumber = u32;
/// Block and state hashes.
pub type Hash = sp_core::H256;
/// Identifier of a `pallet-assets` asset (USDC = 1, USDT = 2).
pub type AssetId = u32;
/// Milliseconds since the Unix epoch.
pub type Moment = u64;

/// Decimals of the native token `GNX`.
pub const GNX_DECIMALS: u8 = 18;
/// One `GNX` in base units.
pub const GNX: Balance = 1_000_000_000_000_000_000;
/// Decimals of the stablecoins (USDC, USDT).
pub const STABLECOIN_DECIMALS: u8 = 6;
/// One US dollar in stablecoin base units.
pub const DOLLARS: Balance = 1_000_000;
/// Asset id of USDC in `pallet-assets`.
pub const USDC_ASSET_ID: AssetId = 1;
/// Asset id of USDT in `pallet-assets`.
pub const USDT_ASSET_ID: AssetId = 2;
