//! The fixtures other crates build on: synthetic addresses and the large synthetic file.

use genex_offchain::sanctions::{
	fixtures::{synthetic_addresses, synthetic_advanced_xml},
	parse, Limits, ListFormat,
};
use genex_primitives::AccountId20;
use std::io;

#[test]
fn synthetic_addresses_are_distinct_checksummed_and_deterministic() {
	let addresses = synthetic_addresses(1_000, 42);
	assert_eq!(addresses.len(), 1_000);
	let distinct: std::collections::BTreeSet<_> =
		addresses.iter().map(|a| a.to_lowercase()).collect();
	assert_eq!(distinct.len(), 1_000);
	for address in &addresses {
		let account: AccountId20 = address.parse().unwrap();
		assert_eq!(&account.to_checksum_string(), address);
	}
	assert_eq!(synthetic_addresses(1_000, 42), addresses);
	assert_eq!(synthetic_addresses(10, 42), addresses[..10]);
	assert_ne!(synthetic_addresses(10, 43), addresses[..10]);
}

/// Records how the file is written.
struct Recorder {
	bytes: Vec<u8>,
	largest_write: usize,
}

impl io::Write for Recorder {
	fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
		self.largest_write = self.largest_write.max(buf.len());
		self.bytes.extend_from_slice(buf);
		Ok(buf.len())
	}
	fn flush(&mut self) -> io::Result<()> {
		Ok(())
	}
}

#[test]
fn synthetic_advanced_xml_has_the_size_and_addresses_asked_for() {
	for (target, n) in [(2_000_000, 500), (300_000, 0), (1_000, 50)] {
		let mut out = Recorder { bytes: Vec::new(), largest_write: 0 };
		synthetic_advanced_xml(target, n, 7, &mut out).unwrap();
		let len = out.bytes.len();
		if n < 100 && target > 100_000 {
			assert!(len >= target && len < target + 10_000, "{len} for {target}");
		}
		if target > 1_000_000 {
			assert!(len >= target && len < target + target / 50, "{len} for {target}");
			assert!(out.largest_write < 200_000, "written in pieces: {}", out.largest_write);
		}
		let list = parse(ListFormat::AdvancedXml, &out.bytes, Limits::default()).unwrap();
		assert_eq!(list.addresses.len(), n);
		assert_eq!(list.values as usize, n);
		let mut expected: Vec<[u8; 20]> = synthetic_addresses(n, 7)
			.iter()
			.map(|a| a.parse::<AccountId20>().unwrap().0)
			.collect();
		expected.sort();
		assert_eq!(list.addresses, expected);
		assert!(list.published_at.is_some());
		// Deterministic.
		let mut again = Vec::new();
		synthetic_advanced_xml(target, n, 7, &mut again).unwrap();
		assert_eq!(again, out.bytes);
	}
}
