//! The subxt configuration of Genex Chain.

use subxt::config::{substrate, Config, DefaultTransactionExtensions, HashFor};

/// Genex Chain for subxt: 20-byte accounts used directly as addresses, 65-byte Ethereum
/// signatures, BLAKE2-256 hashing, the standard transaction extensions.
#[derive(Debug, Clone, Default)]
pub struct GenexConfig;

impl Config for GenexConfig {
	type AccountId = subxt::utils::eth::AccountId20;
	type Address = subxt::utils::eth::AccountId20;
	type Signature = subxt::utils::eth::Signature;
	type Hasher = substrate::BlakeTwo256;
	type Header = substrate::SubstrateHeader<HashFor<Self>>;
	type TransactionExtensions = DefaultTransactionExtensions<Self>;
	type AssetId = u32;
}
