//! The Genex Chain runtime.
//!
//! Accounts are 20-byte Ethereum-style addresses signed with secp256k1 ECDSA
//! ([`genex_primitives::EthereumSignature`]); `GNX` (18 decimals) pays fees; the stablecoins
//! `USDC` (asset 1) and `USDT` (asset 2) live in `pallet-assets`; the paymaster pays the fees of
//! users' exchange calls; Aura produces a block every 2 seconds and GRANDPA finalizes them.
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` expands to a very deep type.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(test)]
mod tests;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::RuntimeVersion;

pub use genex_primitives::{
	AccountId, AssetId, Balance, BlockNumber, Hash, Moment, Nonce, Signature, DOLLARS, GNX,
	GNX_DECIMALS, STABLECOIN_DECIMALS, USDC_ASSET_ID, USDT_ASSET_ID,
};
pub use pallet_balances::Call as BalancesCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node needs to know of blocks without knowing the runtime's types.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers: Aura (sr25519) to author, GRANDPA (ed25519) to finalize.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime version. Bump `spec_version` with every runtime change that ships, and
/// `transaction_version` whenever the encoding of calls or transaction extensions changes.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("genex"),
	impl_name: Cow::Borrowed("genex-node"),
	authoring_version: 1,
	spec_version: 109,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Block time: one Aura slot, 2 seconds. It cannot change once the chain has started.
pub const MILLISECS_PER_BLOCK: u64 = 2_000;
/// Aura slot duration (equal to the block time).
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Number of blocks in a minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Number of blocks in an hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Number of blocks in a day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One thousandth of a GNX.
pub const MILLI_GNX: Balance = GNX / 1_000;
/// One millionth of a GNX.
pub const MICRO_GNX: Balance = GNX / 1_000_000;
/// The smallest GNX balance an account may hold: users mostly hold none (the paymaster pays
/// their fees), so this only keeps dust accounts out of state.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_GNX;

/// The address format of extrinsics: the account id itself (no indices, no multi-address).
pub type Address = AccountId;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block signed with a justification.
pub type SignedBlock = generic::SignedBlock<Block>;

/// The transaction extensions every signed transaction carries, in this order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	pallet_compliance::CheckCompliance<Runtime, configs::FrozenMayCall>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// `ChargeTransactionPayment`, except that the paymaster pays for sponsored calls.
	pallet_paymaster::ChargeSponsored<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on the next runtime upgrade, beyond the pallets' own.
type Migrations = ();

/// Executive: dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// --- system and consensus (configs/system.rs, configs/consensus.rs)
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	// --- money (configs/monetary.rs)
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(12)]
	pub type Assets = pallet_assets;

	// --- account tools and dev governance (configs/utility.rs)
	#[runtime::pallet_index(20)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(21)]
	pub type Multisig = pallet_multisig;
	#[runtime::pallet_index(22)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(23)]
	pub type Council = pallet_collective<Instance1>;

	// --- Genex pallets (configs/coupons.rs, configs/compliance.rs, …)
	#[runtime::pallet_index(30)]
	pub type Coupons = pallet_coupons;
	#[runtime::pallet_index(31)]
	pub type Compliance = pallet_compliance;
	#[runtime::pallet_index(32)]
	pub type Freeze = pallet_freeze;
	#[runtime::pallet_index(33)]
	pub type MappingAnchor = pallet_mapping_anchor;
	#[runtime::pallet_index(34)]
	pub type Settlement = pallet_settlement;
	#[runtime::pallet_index(35)]
	pub type Redemption = pallet_redemption;
	#[runtime::pallet_index(36)]
	pub type FiatBridge = pallet_fiat_bridge;
	#[runtime::pallet_index(37)]
	pub type Paymaster = pallet_paymaster;
}

/// Metadata version the client's typed API is generated from.
pub const CLIENT_METADATA_VERSION: u32 = 16;

/// The runtime's metadata as SCALE-encoded `RuntimeMetadataPrefixed` at
/// [`CLIENT_METADATA_VERSION`]: the bytes `client/metadata/genex.scale` must hold.
#[cfg(feature = "std")]
pub fn metadata_bytes() -> alloc::vec::Vec<u8> {
	Runtime::metadata_at_version(CLIENT_METADATA_VERSION)
		.expect("the runtime supports metadata v16")
		.to_vec()
}
