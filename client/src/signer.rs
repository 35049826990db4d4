//! Reading a signing key from the command line: a dev account name, a hex private key or a
//! BIP-39 phrase (derived at `m/44'/60'/0'/0/0`, as MetaMask does).

use std::str::FromStr;
use subxt_signer::{
	bip39::Mnemonic,
	eth::{DerivationPath, Keypair},
};

/// Why a text is not a usable key.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
	/// Not a dev name, not 32 bytes of hex, not a valid phrase.
	#[error(
		"'{0}' is neither a dev account name (alith, baltathar, …), a 0x-prefixed 32-byte \
		 private key, nor a BIP-39 phrase"
	)]
	Unrecognised(String),
	/// 32 bytes of hex that are not a valid secp256k1 secret key.
	#[error("not a valid secp256k1 private key")]
	InvalidKey,
}

/// The key that `text` names.
pub fn parse_signer(text: &str) -> Result<Keypair, SignerError> {
	let text = text.trim();
	if let Some(dev) = genex_primitives::dev::by_name(text) {
		return private_key(dev.private_key);
	}
	if text.starts_with("0x") && text.len() == 66 {
		return private_key(text);
	}
	if let Ok(phrase) = Mnemonic::from_str(text) {
		return Keypair::from_phrase(&phrase, None, DerivationPath::eth(0, 0))
			.map_err(|_| SignerError::InvalidKey);
	}
	Err(SignerError::Unrecognised(text.chars().take(12).collect::<String>() + "…"))
}

fn private_key(hex_text: &str) -> Result<Keypair, SignerError> {
	let bytes: [u8; 32] = hex::decode(hex_text.trim_start_matches("0x"))
		.ok()
		.and_then(|bytes| bytes.try_into().ok())
		.ok_or_else(|| SignerError::Unrecognised("0x…".into()))?;
	Keypair::from_secret_key(bytes).map_err(|_| SignerError::InvalidKey)
}

/// The Genex address of a key.
pub fn address_of(keypair: &Keypair) -> genex_primitives::AccountId20 {
	crate::from_subxt_account(keypair.public_key().to_account_id())
}

#[cfg(test)]
mod tests {
	use super::*;
	use genex_primitives::dev;

	#[test]
	fn dev_names_keys_and_phrase_give_the_expected_addresses() {
		assert_eq!(address_of(&parse_signer("alith").unwrap()), dev::ALITH.address);
		assert_eq!(address_of(&parse_signer("Baltathar").unwrap()), dev::BALTATHAR.address);
		assert_eq!(address_of(&parse_signer(dev::FAITH.private_key).unwrap()), dev::FAITH.address);
		let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
		assert_eq!(address_of(&parse_signer(phrase).unwrap()), dev::ALITH.address);
	}

	/// Our dev account table agrees with subxt-signer's Ethereum dev keys.
	#[test]
	fn dev_table_matches_subxt_signer_dev_keys() {
		use subxt_signer::eth::dev as eth;
		let keys = [
			eth::alith(),
			eth::baltathar(),
			eth::charleth(),
			eth::dorothy(),
			eth::ethan(),
			eth::faith(),
		];
		for (account, key) in dev::ALL.iter().zip(keys) {
			assert_eq!(address_of(&key), account.address, "{}", account.name);
		}
	}

	#[test]
	fn garbage_is_refused_with_a_reason() {
		assert!(matches!(parse_signer("mallory"), Err(SignerError::Unrecognised(_))));
		assert!(matches!(
			parse_signer("0x0000000000000000000000000000000000000000000000000000000000000000"),
			Err(SignerError::InvalidKey)
		));
	}
}
