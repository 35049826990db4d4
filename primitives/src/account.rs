//! Ethereum-style accounts: 20-byte addresses, EIP-55 text form, secp256k1 ECDSA signatures.

use alloc::string::String;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::{fmt, str::FromStr};
use scale_info::TypeInfo;
use sp_core::{crypto::ByteArray, ecdsa, H160};
use sp_io::hashing::keccak_256;
use sp_runtime::traits::{IdentifyAccount, Lazy, Verify};

/// A 20-byte Ethereum-style address: the last 20 bytes of the keccak-256 hash of the
/// account's uncompressed secp256k1 public key.
///
/// Its text form is EIP-55: `0x` followed by 40 hex digits whose letter case encodes a
/// checksum. [`Display`](fmt::Display), [`FromStr`] and serde all use that form.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct AccountId20(pub [u8; 20]);

impl AccountId20 {
	/// The address of an uncompressed public key given as its 64 coordinate bytes (x ‖ y,
	/// without the `0x04` SEC1 tag).
	pub fn from_uncompressed_public_key(public: &[u8; 64]) -> Self {
		let hash = keccak_256(public);
		let mut address = [0u8; 20];
		address.copy_from_slice(&hash[12..]);
		Self(address)
	}

	/// The address of a compressed (33-byte SEC1) secp256k1 public key, or `None` when the bytes
	/// are not a point on the curve.
	pub fn from_compressed_public_key(public: &[u8; 33]) -> Option<Self> {
		use k256::elliptic_curve::sec1::ToEncodedPoint;
		let key = k256::PublicKey::from_sec1_bytes(public).ok()?;
		let point = key.to_encoded_point(false);
		let mut xy = [0u8; 64];
		// Uncompressed SEC1 encoding is 0x04 ‖ x ‖ y.
		xy.copy_from_slice(&point.as_bytes()[1..65]);
		Some(Self::from_uncompressed_public_key(&xy))
	}

	/// The raw 20 bytes.
	pub fn as_bytes(&self) -> &[u8; 20] {
		&self.0
	}

	/// The EIP-55 checksummed text form, `0x` + 40 hex digits.
	pub fn to_checksum_string(&self) -> String {
		let mut out = [0u8; 42];
		self.write_checksummed(&mut out);
		// Only ASCII was written.
		String::from_utf8_lossy(&out).into_owned()
	}

	/// Writes `0x` + the EIP-55 mixed-case hex digits into `out`.
	fn write_checksummed(&self, out: &mut [u8; 42]) {
		const HEX: &[u8; 16] = b"0123456789abcdef";
		let mut lower = [0u8; 40];
		for (i, byte) in self.0.iter().enumerate() {
			lower[2 * i] = HEX[(byte >> 4) as usize];
			lower[2 * i + 1] = HEX[(byte & 0x0f) as usize];
		}
		// EIP-55: hash the lowercase hex text; a letter is upper case when the matching
		// nibble of the hash is 8 or more.
		let hash = keccak_256(&lower);
		out[0] = b'0';
		out[1] = b'x';
		for (i, c) in lower.iter().enumerate() {
			let nibble = if i % 2 == 0 { hash[i / 2] >> 4 } else { hash[i / 2] & 0x0f };
			out[2 + i] =
				if c.is_ascii_alphabetic() && nibble >= 8 { c.to_ascii_uppercase() } else { *c };
		}
	}
}

/// Why a text could not be read as an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressParseError {
	/// The text does not start with `0x`.
	MissingPrefix,
	/// The text after `0x` is not 40 characters long.
	BadLength {
		/// Number of characters found after `0x`.
		found: usize,
	},
	/// A character that is not a hex digit.
	BadCharacter {
		/// Position of the character after `0x` (0-based).
		position: usize,
	},
	/// Mixed-case hex whose case does not match the EIP-55 checksum: usually a typo.
	BadChecksum {
		/// The correctly checksummed form of the same 20 bytes.
		expected: String,
	},
}

impl fmt::Display for AddressParseError {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		match self {
			Self::MissingPrefix => write!(f, "an address must start with 0x"),
			Self::BadLength { found } => {
				write!(f, "an address has 40 hex digits after 0x, found {found}")
			},
			Self::BadCharacter { position } => {
				write!(f, "character {} after 0x is not a hex digit", position + 1)
			},
			Self::BadChecksum { expected } => write!(
				f,
				"EIP-55 checksum mismatch (a mistyped address?): the checksummed form is {expected}"
			),
		}
	}
}

#[cfg(feature = "std")]
impl std::error::Error for AddressParseError {}

impl FromStr for AccountId20 {
	type Err = AddressParseError;

	/// Parses `0x` + 40 hex digits. All-lowercase and all-uppercase digits carry no checksum
	/// and are accepted as they are (EIP-55); mixed case must match the checksum exactly.
	fn from_str(s: &str) -> Result<Self, Self::Err> {
		let digits = s
			.strip_prefix("0x")
			.or_else(|| s.strip_prefix("0X"))
			.ok_or(AddressParseError::MissingPrefix)?;
		if digits.len() != 40 {
			return Err(AddressParseError::BadLength { found: digits.chars().count() });
		}
		let bytes = digits.as_bytes();
		let mut address = [0u8; 20];
		for (i, pair) in bytes.chunks(2).enumerate() {
			let hi =
				hex_value(pair[0]).ok_or(AddressParseError::BadCharacter { position: 2 * i })?;
			let lo = hex_value(pair[1])
				.ok_or(AddressParseError::BadCharacter { position: 2 * i + 1 })?;
			address[i] = (hi << 4) | lo;
		}
		let account = Self(address);
		let has_lower = bytes.iter().any(|c| c.is_ascii_lowercase());
		let has_upper = bytes.iter().any(|c| c.is_ascii_uppercase());
		if has_lower && has_upper {
			let mut expected = [0u8; 42];
			account.write_checksummed(&mut expected);
			if &expected[2..] != bytes {
				return Err(AddressParseError::BadChecksum {
					expected: account.to_checksum_string(),
				});
			}
		}
		Ok(account)
	}
}

fn hex_value(c: u8) -> Option<u8> {
	match c {
		b'0'..=b'9' => Some(c - b'0'),
		b'a'..=b'f' => Some(c - b'a' + 10),
		b'A'..=b'F' => Some(c - b'A' + 10),
		_ => None,
	}
}

impl fmt::Display for AccountId20 {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		let mut out = [0u8; 42];
		self.write_checksummed(&mut out);
		// Only ASCII was written, so this cannot fail.
		f.write_str(core::str::from_utf8(&out).map_err(|_| fmt::Error)?)
	}
}

impl fmt::Debug for AccountId20 {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		fmt::Display::fmt(self, f)
	}
}

impl serde::Serialize for AccountId20 {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		let mut out = [0u8; 42];
		self.write_checksummed(&mut out);
		serializer.serialize_str(core::str::from_utf8(&out).map_err(serde::ser::Error::custom)?)
	}
}

impl<'de> serde::Deserialize<'de> for AccountId20 {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = String::deserialize(deserializer)?;
		text.parse().map_err(serde::de::Error::custom)
	}
}

impl From<[u8; 20]> for AccountId20 {
	fn from(bytes: [u8; 20]) -> Self {
		Self(bytes)
	}
}

impl From<AccountId20> for [u8; 20] {
	fn from(account: AccountId20) -> Self {
		account.0
	}
}

impl From<H160> for AccountId20 {
	fn from(h: H160) -> Self {
		Self(h.0)
	}
}

impl From<AccountId20> for H160 {
	fn from(account: AccountId20) -> Self {
		H160(account.0)
	}
}

impl AsRef<[u8]> for AccountId20 {
	fn as_ref(&self) -> &[u8] {
		&self.0
	}
}

impl AsMut<[u8]> for AccountId20 {
	fn as_mut(&mut self) -> &mut [u8] {
		&mut self.0
	}
}

impl From<ecdsa::Public> for AccountId20 {
	/// The address of a keystore ECDSA key. Bytes that are not a curve point (no key can sign
	/// for them) map to the zero address, which no private key controls either.
	fn from(public: ecdsa::Public) -> Self {
		let mut bytes = [0u8; 33];
		bytes.copy_from_slice(public.as_slice());
		Self::from_compressed_public_key(&bytes).unwrap_or_default()
	}
}

/// The signer of an [`EthereumSignature`]: it is identified by its address, since the public
/// key itself is recovered from the signature.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct EthereumSigner(pub AccountId20);

impl IdentifyAccount for EthereumSigner {
	type AccountId = AccountId20;
	fn into_account(self) -> AccountId20 {
		self.0
	}
}

impl From<ecdsa::Public> for EthereumSigner {
	fn from(public: ecdsa::Public) -> Self {
		Self(public.into())
	}
}

impl From<AccountId20> for EthereumSigner {
	fn from(account: AccountId20) -> Self {
		Self(account)
	}
}

impl fmt::Display for EthereumSigner {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		fmt::Display::fmt(&self.0, f)
	}
}

/// A 65-byte recoverable secp256k1 ECDSA signature (r ‖ s ‖ v) over the keccak-256 hash of the
/// message. `v` may be 0/1 or 27/28. Only low-`s` signatures are accepted, so a valid signature
/// cannot be re-shaped into a second valid one (EIP-2).
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct EthereumSignature(pub ecdsa::Signature);

impl EthereumSignature {
	/// The signature's 65 bytes.
	pub fn as_bytes(&self) -> &[u8; 65] {
		&self.0 .0
	}

	/// The address that produced this signature over `message`, if the signature is well-formed
	/// and canonical (low `s`).
	pub fn recover_signer(&self, message: &[u8]) -> Option<AccountId20> {
		let signature = self.as_bytes();
		if !is_low_s(signature) {
			return None;
		}
		let digest = keccak_256(message);
		sp_io::crypto::secp256k1_ecdsa_recover(signature, &digest)
			.ok()
			.map(|public| AccountId20::from_uncompressed_public_key(&public))
	}
}

impl From<[u8; 65]> for EthereumSignature {
	fn from(bytes: [u8; 65]) -> Self {
		Self(ecdsa::Signature::from_raw(bytes))
	}
}

impl From<ecdsa::Signature> for EthereumSignature {
	fn from(signature: ecdsa::Signature) -> Self {
		Self(signature)
	}
}

impl Verify for EthereumSignature {
	type Signer = EthereumSigner;

	fn verify<L: Lazy<[u8]>>(&self, mut message: L, signer: &AccountId20) -> bool {
		self.recover_signer(message.get()).is_some_and(|recovered| &recovered == signer)
	}
}

/// Half the order of the secp256k1 group: canonical signatures have `s` at most this.
const SECP256K1_HALF_ORDER: [u8; 32] = [
	0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

fn is_low_s(signature: &[u8; 65]) -> bool {
	// Big-endian byte arrays of equal length compare like the numbers they encode.
	signature[32..64] <= SECP256K1_HALF_ORDER[..]
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{ecdsa::KeccakPair, Pair};

	fn pair(secret_hex: &str) -> KeccakPair {
		let seed: [u8; 32] =
			hex::decode(secret_hex.trim_start_matches("0x")).unwrap().try_into().unwrap();
		KeccakPair::from_seed(&seed)
	}

	fn address_of(pair: &KeccakPair) -> AccountId20 {
		let mut compressed = [0u8; 33];
		compressed.copy_from_slice(pair.public().as_slice());
		AccountId20::from_compressed_public_key(&compressed).unwrap()
	}

	fn sign(pair: &KeccakPair, message: &[u8]) -> EthereumSignature {
		EthereumSignature::from(pair.sign(message).0)
	}

	/// Published private key -> address vectors: Hardhat/Anvil's default account #0 and
	/// Moonbeam's dev account Alith.
	#[test]
	fn published_private_key_vectors_give_published_addresses() {
		let vectors = [
			(
				"ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
				"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
			),
			(
				"5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133",
				"0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac",
			),
		];
		for (secret, address) in vectors {
			let account = address_of(&pair(secret));
			assert_eq!(account.to_string(), address);
			assert_eq!(account, address.parse::<AccountId20>().unwrap());
		}
	}

	#[test]
	fn ecdsa_public_converts_to_the_same_address() {
		let alith = pair("5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133");
		let public = ecdsa::Public::from_raw(alith.public().0);
		assert_eq!(AccountId20::from(public), address_of(&alith));
		assert_eq!(EthereumSigner::from(public).into_account(), address_of(&alith));
	}

	#[test]
	fn sign_and_verify_round_trip() {
		let alith = pair("5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133");
		let message = b"genex: transfer 10 USDC";
		let signature = sp_io::TestExternalities::default().execute_with(|| sign(&alith, message));
		sp_io::TestExternalities::default().execute_with(|| {
			assert!(signature.verify(&message[..], &address_of(&alith)));
			assert_eq!(signature.recover_signer(message), Some(address_of(&alith)));
		});
	}

	#[test]
	fn tampered_signature_or_message_is_rejected() {
		let alith = pair("5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133");
		let message = b"genex: transfer 10 USDC";
		let signature = sign(&alith, message);
		sp_io::TestExternalities::default().execute_with(|| {
			let mut tampered = *signature.as_bytes();
			tampered[10] ^= 0x01;
			assert!(!EthereumSignature::from(tampered).verify(&message[..], &address_of(&alith)));
			assert!(!signature.verify(&b"genex: transfer 99 USDC"[..], &address_of(&alith)));
		});
	}

	#[test]
	fn signature_for_another_address_is_rejected() {
		let alith = pair("5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133");
		let hardhat = pair("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
		let message = b"genex: transfer 10 USDC";
		let signature = sign(&alith, message);
		sp_io::TestExternalities::default().execute_with(|| {
			assert!(!signature.verify(&message[..], &address_of(&hardhat)));
		});
	}

	#[test]
	fn high_s_twin_of_a_valid_signature_is_rejected() {
		// n - s with the recovery bit flipped recovers the same key; EIP-2 forbids it.
		const ORDER: [u8; 32] = [
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c,
			0xd0, 0x36, 0x41, 0x41,
		];
		let alith = pair("5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133");
		let message = b"genex: transfer 10 USDC";
		let signature = *sign(&alith, message).as_bytes();
		assert!(is_low_s(&signature));
		let mut twin = signature;
		let mut borrow = 0i16;
		for i in (0..32).rev() {
			let diff = ORDER[i] as i16 - signature[32 + i] as i16 - borrow;
			twin[32 + i] = diff.rem_euclid(256) as u8;
			borrow = if diff < 0 { 1 } else { 0 };
		}
		twin[64] ^= 1;
		assert!(!is_low_s(&twin));
		sp_io::TestExternalities::default().execute_with(|| {
			assert!(!EthereumSignature::from(twin).verify(&message[..], &address_of(&alith)));
		});
	}

	/// The four examples of the EIP-55 specification.
	#[test]
	fn eip55_examples_round_trip() {
		for text in [
			"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
			"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
			"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
			"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
		] {
			let account: AccountId20 = text.parse().unwrap();
			assert_eq!(account.to_string(), text);
			assert_eq!(format!("{account:?}"), text);
			// Without case information the same bytes parse too.
			assert_eq!(text.to_lowercase().parse::<AccountId20>(), Ok(account));
			assert_eq!(
				format!("0x{}", &text[2..].to_uppercase()).parse::<AccountId20>(),
				Ok(account)
			);
		}
	}

	#[test]
	fn bad_checksum_is_rejected_with_the_correct_form() {
		// One letter's case flipped in an EIP-55 example.
		let err = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD".parse::<AccountId20>().unwrap_err();
		assert_eq!(
			err,
			AddressParseError::BadChecksum {
				expected: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into()
			}
		);
		assert!(err.to_string().contains("checksum"));
	}

	#[test]
	fn malformed_text_is_rejected_with_the_reason() {
		assert_eq!(
			"5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".parse::<AccountId20>(),
			Err(AddressParseError::MissingPrefix)
		);
		assert_eq!(
			"0x5aAeb6053F3E94C9b9".parse::<AccountId20>(),
			Err(AddressParseError::BadLength { found: 18 })
		);
		assert_eq!(
			"0xzaAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".parse::<AccountId20>(),
			Err(AddressParseError::BadCharacter { position: 0 })
		);
	}

	#[test]
	fn serde_uses_the_checksummed_text() {
		let account: AccountId20 = "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac".parse().unwrap();
		let json = serde_json::to_string(&account).unwrap();
		assert_eq!(json, "\"0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac\"");
		assert_eq!(serde_json::from_str::<AccountId20>(&json).unwrap(), account);
		assert!(serde_json::from_str::<AccountId20>(
			"\"0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566caC\""
		)
		.unwrap_err()
		.to_string()
		.contains("checksum"));
	}

	#[test]
	fn scale_encoding_is_the_raw_20_bytes() {
		let account = AccountId20([7u8; 20]);
		assert_eq!(account.encode(), vec![7u8; 20]);
		assert_eq!(AccountId20::decode(&mut &[7u8; 20][..]).unwrap(), account);
		assert_eq!(AccountId20::max_encoded_len(), 20);
	}
}
