//! The well-known Ethereum development accounts (Moonbeam's "Alith, Baltathar, …"), derived
//! from the public dev mnemonic `bottom drive obey lake curtain smoke basket hold race lonely
//! fit walk` at `m/44'/60'/0'/0/i`. subxt-signer's `eth::dev` keys, polkadot-js' Ethereum
//! keyring and MetaMask produce the same keys. Their private keys are public: dev and local
//! networks only.

use crate::AccountId20;

/// A development account: its name, address and (public!) private key.
#[derive(Clone, Copy, Debug)]
pub struct DevAccount {
	/// Lower-case name, as the CLI accepts it (`--signer alith`).
	pub name: &'static str,
	/// The account's address.
	pub address: AccountId20,
	/// The secp256k1 private key as 0x-prefixed hex.
	pub private_key: &'static str,
}

const fn hex_nibble(c: u8) -> u8 {
	match c {
		b'0'..=b'9' => c - b'0',
		b'a'..=b'f' => c - b'a' + 10,
		b'A'..=b'F' => c - b'A' + 10,
		_ => panic!("not a hex digit"),
	}
}

/// Decodes `0x` + 40 hex digits at compile time (a typo is a compile error).
const fn address(text: &str) -> AccountId20 {
	let bytes = text.as_bytes();
	assert!(bytes.len() == 42 && bytes[0] == b'0' && bytes[1] == b'x');
	let mut out = [0u8; 20];
	let mut i = 0;
	while i < 20 {
		out[i] = (hex_nibble(bytes[2 + 2 * i]) << 4) | hex_nibble(bytes[3 + 2 * i]);
		i += 1;
	}
	AccountId20(out)
}

/// Alith, index 0: the dev chain's sudo key.
pub const ALITH: DevAccount = DevAccount {
	name: "alith",
	address: address("0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac"),
	private_key: "0x5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133",
};
/// Baltathar, index 1.
pub const BALTATHAR: DevAccount = DevAccount {
	name: "baltathar",
	address: address("0x3Cd0A705a2DC65e5b1E1205896BaA2be8A07c6e0"),
	private_key: "0x8075991ce870b93a8870eca0c0f91913d12f47948ca0fd25b49c6fa7cdbeee8b",
};
/// Charleth, index 2.
pub const CHARLETH: DevAccount = DevAccount {
	name: "charleth",
	address: address("0x798d4Ba9baf0064Ec19eB4F0a1a45785ae9D6DFc"),
	private_key: "0x0b6e18cafb6ed99687ec547bd28139cafdd2bffe70e6b688025de6b445aa5c5b",
};
/// Dorothy, index 3.
pub const DOROTHY: DevAccount = DevAccount {
	name: "dorothy",
	address: address("0x773539d4Ac0e786233D90A233654ccEE26a613D9"),
	private_key: "0x39539ab1876910bbf3a223d84a29e28f1cb4e2e456503e7e91ed39b2e7223d68",
};
/// Ethan, index 4.
pub const ETHAN: DevAccount = DevAccount {
	name: "ethan",
	address: address("0xFf64d3F6efE2317EE2807d223a0Bdc4c0c49dfDB"),
	private_key: "0x7dce9bc8babb68fec1409be38c8e1a52650206a7ed90ff956ae8a6d15eeaaef4",
};
/// Faith, index 5.
pub const FAITH: DevAccount = DevAccount {
	name: "faith",
	address: address("0xC0F0f4ab324C46e55D02D0033343B4Be8A55532d"),
	private_key: "0xb9d2ea9a615f3165812e8d44de0d24da9bbd164b65c4f0573e1ce2c8dbd9c8df",
};

/// Gareth, index 6: the dev and local networks' sanctions oracle. `genex-node --dev` puts its
/// key in the node's keystore as the off-chain workers' oracle key (`gxor`), so that no test
/// or user signs with it (the worker's nonces never race anyone's).
pub const GARETH: DevAccount = DevAccount {
	name: "gareth",
	address: address("0x7BF369283338E12C90514468aa3868A551AB2929"),
	private_key: "0x96b8a38e12e1a31dee1eab2fffdf9d9990045f5b37e44d8cc27766ef294acf18",
};

/// Heath, index 7: the local network's second bridge attestor (its key on Bob's node).
pub const HEATH: DevAccount = DevAccount {
	name: "heath",
	address: address("0x931f3600a299fd9B24cEfB3BfF79388D19804BeA"),
	private_key: "0x0d6dcaaef49272a5411896be8ad16c01c35d6f8c18873387b71fbc734759b0ab",
};
/// Ida, index 8: the local network's third bridge attestor (its key on Charlie's node).
pub const IDA: DevAccount = DevAccount {
	name: "ida",
	address: address("0xC41C5F1123ECCd5ce233578B2e7ebd5693869d73"),
	private_key: "0x4c42532034540267bf568198ccec4cb822a025da542861fcb146a5fab6433ff8",
};

/// The dev accounts users and tests sign with, in derivation order: each starts with GNX, USDC
/// and USDT on dev and local networks.
pub const ALL: [DevAccount; 6] = [ALITH, BALTATHAR, CHARLETH, DOROTHY, ETHAN, FAITH];

/// The dev sanctions oracle (the off-chain workers' key on dev and local networks).
pub const ORACLE: DevAccount = GARETH;

/// The local network's fiat-bridge attestors, one key on each validator's node (2 of 3 must
/// agree); the dev network's only attestor is the first, the oracle.
pub const ATTESTORS: [DevAccount; 3] = [GARETH, HEATH, IDA];

/// The dev account with this (case-insensitive) name, the oracle and attestors included.
pub fn by_name(name: &str) -> Option<DevAccount> {
	ALL.into_iter()
		.chain(ATTESTORS)
		.find(|account| account.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{crypto::ByteArray, ecdsa::KeccakPair, Pair};

	/// Each address is the one its private key gives, and is written with a valid checksum.
	#[test]
	fn dev_private_keys_match_their_addresses() {
		for account in ALL.into_iter().chain(ATTESTORS) {
			let seed: [u8; 32] =
				hex::decode(&account.private_key[2..]).unwrap().try_into().unwrap();
			let public: [u8; 33] =
				KeccakPair::from_seed(&seed).public().as_slice().try_into().unwrap();
			assert_eq!(
				AccountId20::from_compressed_public_key(&public),
				Some(account.address),
				"{}",
				account.name
			);
			assert_eq!(account.address.to_string().parse::<AccountId20>(), Ok(account.address));
		}
	}
}
