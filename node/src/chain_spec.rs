//! Chain specifications: built-in `dev` and `local` from the runtime's genesis presets, or a
//! JSON file (such as those in `chain-spec/`).

use genex_runtime::{GNX_DECIMALS, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// Genex Chain's chain spec type.
pub type ChainSpec = sc_service::GenericChainSpec;

/// What wallets read to display balances and addresses: GNX with 18 decimals, Ethereum-style
/// (H160) accounts.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "GNX".into());
	properties.insert("tokenDecimals".into(), GNX_DECIMALS.into());
	properties.insert("isEthereum".into(), true.into());
	properties
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime wasm was not built (SKIP_WASM_BUILD set?)".to_string())
}

/// The single-validator development chain (`--dev`, `--chain dev`).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Genex Development")
		.with_id("genex_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The three-validator local network (`--chain local`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Genex Local Testnet")
		.with_id("genex_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
