//! What every format does with a value once it is read: classify it (address, other chain,
//! malformed) and collect the address set with its counters.

use super::{ParseError, SanctionsList};
use alloc::collections::BTreeSet;

/// The addresses and counters of the list being parsed.
pub(crate) struct Collector {
	max_entries: u32,
	addresses: BTreeSet<[u8; 20]>,
	bad_checksums: BTreeSet<[u8; 20]>,
	values: u32,
	duplicates: u32,
	non_evm: u32,
	invalid_values: u32,
}

/// What a `0x…` value is.
enum Hex {
	/// `0x` + 40 hex digits; whether the letter case is valid EIP-55 (all lower, all upper, or
	/// the checksum's mixed case).
	Address([u8; 20], bool),
	/// Anything else after `0x`.
	Malformed,
}

impl Collector {
	/// An empty collection that keeps at most `max_entries` distinct addresses.
	pub(crate) fn new(max_entries: u32) -> Self {
		Self {
			max_entries,
			addresses: BTreeSet::new(),
			bad_checksums: BTreeSet::new(),
			values: 0,
			duplicates: 0,
			non_evm: 0,
			invalid_values: 0,
		}
	}

	/// A value from an XML list (surrounding whitespace is ignored, empty values are not values):
	/// an address is kept, a malformed `0x` value is counted in `invalid_values`, any other
	/// value in `non_evm`.
	pub(crate) fn xml_value(&mut self, value: &[u8]) -> Result<(), ParseError> {
		let value = value.trim_ascii();
		if value.is_empty() {
			return Ok(());
		}
		self.values = self.values.saturating_add(1);
		match hex_value(value) {
			Some(Hex::Address(address, checksum_ok)) => self.add(address, checksum_ok),
			Some(Hex::Malformed) => {
				self.invalid_values = self.invalid_values.saturating_add(1);
				Ok(())
			},
			None => {
				self.non_evm = self.non_evm.saturating_add(1);
				Ok(())
			},
		}
	}

	/// A value from a text or JSON list, already trimmed and not empty, starting at `offset`:
	/// a value starting with `0` must be an address ([`ParseError::BadAddress`] otherwise), any
	/// other value must be printable ASCII without spaces (another chain's address, counted in
	/// `non_evm`; [`ParseError::Syntax`] otherwise).
	pub(crate) fn strict_value(&mut self, value: &[u8], offset: u64) -> Result<(), ParseError> {
		self.values = self.values.saturating_add(1);
		if value.first() == Some(&b'0') {
			// Also a `0` alone: the start of an address cut short.
			match hex_value(value) {
				Some(Hex::Address(address, checksum_ok)) => self.add(address, checksum_ok),
				_ => Err(ParseError::BadAddress { offset }),
			}
		} else if value.iter().all(|b| (0x21..=0x7E).contains(b)) {
			self.non_evm = self.non_evm.saturating_add(1);
			Ok(())
		} else {
			Err(ParseError::Syntax { offset })
		}
	}

	fn add(&mut self, address: [u8; 20], checksum_ok: bool) -> Result<(), ParseError> {
		if !checksum_ok {
			self.bad_checksums.insert(address);
		}
		if self.addresses.contains(&address) {
			self.duplicates = self.duplicates.saturating_add(1);
			return Ok(());
		}
		if self.addresses.len() >= self.max_entries as usize {
			return Err(ParseError::TooManyEntries);
		}
		self.addresses.insert(address);
		Ok(())
	}

	/// The list collected, with its publication time.
	pub(crate) fn into_list(self, published_at: Option<u64>) -> SanctionsList {
		SanctionsList {
			addresses: self.addresses.into_iter().collect(),
			published_at,
			values: self.values,
			duplicates: self.duplicates,
			non_evm: self.non_evm,
			invalid_values: self.invalid_values,
			bad_checksums: self.bad_checksums.into_iter().collect(),
		}
	}
}

/// `None` when `value` does not start with `0x` or `0X`.
fn hex_value(value: &[u8]) -> Option<Hex> {
	let digits = value.strip_prefix(b"0x").or_else(|| value.strip_prefix(b"0X"))?;
	Some(parse_address(digits).map_or(Hex::Malformed, |(a, ok)| Hex::Address(a, ok)))
}

/// The 20 bytes of 40 hex digits, and whether their case is valid EIP-55.
fn parse_address(digits: &[u8]) -> Option<([u8; 20], bool)> {
	let digits: &[u8; 40] = digits.try_into().ok()?;
	let mut address = [0u8; 20];
	let mut lower = [0u8; 40];
	let (mut has_lower, mut has_upper) = (false, false);
	for (pair, (byte, low)) in
		digits.chunks_exact(2).zip(address.iter_mut().zip(lower.chunks_exact_mut(2)))
	{
		let mut value = 0u8;
		for (&c, l) in pair.iter().zip(low.iter_mut()) {
			let nibble = match c {
				b'0'..=b'9' => c - b'0',
				b'a'..=b'f' => {
					has_lower = true;
					c - b'a' + 10
				},
				b'A'..=b'F' => {
					has_upper = true;
					c - b'A' + 10
				},
				_ => return None,
			};
			value = (value << 4) | nibble;
			*l = c.to_ascii_lowercase();
		}
		*byte = value;
	}
	if !(has_lower && has_upper) {
		return Some((address, true));
	}
	// EIP-55: a letter is upper case when the matching nibble of keccak-256 of the lowercase
	// hex text is 8 or more.
	let hash = sp_io::hashing::keccak_256(&lower);
	let checksum_ok = digits.iter().enumerate().all(|(i, c)| {
		let byte = hash.get(i / 2).copied().unwrap_or_default();
		let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
		!c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
	});
	Some((address, checksum_ok))
}

#[cfg(test)]
mod tests {
	use super::*;
	use core::str::FromStr;
	use genex_primitives::{AccountId20, AddressParseError};

	#[test]
	fn checksum_agrees_with_account_id() {
		let checksummed = "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac";
		let account = AccountId20::from_str(checksummed).unwrap();
		let digits = checksummed.as_bytes().get(2..).unwrap();
		assert_eq!(parse_address(digits), Some((account.0, true)));
		assert_eq!(
			parse_address(checksummed.to_lowercase().as_bytes().get(2..).unwrap()),
			Some((account.0, true))
		);
		assert_eq!(
			parse_address(checksummed.to_uppercase().as_bytes().get(2..).unwrap()),
			Some((account.0, true))
		);
		// One letter's case flipped.
		let flipped = "0xF24FF3a9CF04c71Dbc94D0b566f7A27B94566cac";
		assert!(matches!(
			AccountId20::from_str(flipped),
			Err(AddressParseError::BadChecksum { .. })
		));
		assert_eq!(parse_address(flipped.as_bytes().get(2..).unwrap()), Some((account.0, false)));
		assert_eq!(parse_address(b"f24FF3a9CF04c71Dbc94D0b566f7A27B94566ca"), None);
		assert_eq!(parse_address(b"g24FF3a9CF04c71Dbc94D0b566f7A27B94566cac"), None);
	}

	#[test]
	fn strict_values() {
		let mut collector = Collector::new(10);
		assert_eq!(collector.strict_value(b"0", 7), Err(ParseError::BadAddress { offset: 7 }));
		assert_eq!(collector.strict_value(b"0x12", 7), Err(ParseError::BadAddress { offset: 7 }));
		assert_eq!(collector.strict_value(b"TXyz", 7), Ok(()));
		assert_eq!(collector.strict_value(b"a b", 7), Err(ParseError::Syntax { offset: 7 }));
		assert_eq!(
			collector.strict_value("é".as_bytes(), 7),
			Err(ParseError::Syntax { offset: 7 })
		);
		assert_eq!(collector.non_evm, 1);
	}
}
