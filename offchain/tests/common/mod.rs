//! Helpers shared by the integration tests: the real OFAC address lists, fixtures, and ways to
//! feed a body.
#![allow(dead_code)]

use genex_offchain::sanctions::{
	fixtures::Published, Limits, ListFormat, ListParser, ParseError, SanctionsList,
};
use genex_primitives::calendar::{days_from_civil, DAY_MS};

/// The directory of the shared OFAC test data. The manifest directory is read when the test
/// runs (cargo sets it), not baked in when it is built: a target directory shared by two
/// checkouts keeps test binaries built in the other one.
pub fn ofac_dir() -> String {
	let manifest = std::env::var("CARGO_MANIFEST_DIR")
		.unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
	format!("{manifest}/../../shared/testdata/ofac/")
}

/// A file of the shared OFAC test data.
pub fn ofac_file(name: &str) -> Vec<u8> {
	let path = format!("{}{name}", ofac_dir());
	std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The 152 real ETH addresses of the text list, as written.
pub fn real_addresses() -> Vec<String> {
	String::from_utf8(ofac_file("sanctioned_addresses_ETH.txt"))
		.unwrap()
		.lines()
		.map(str::trim)
		.filter(|line| !line.is_empty() && !line.starts_with('#'))
		.map(String::from)
		.collect()
}

/// The date the XML fixtures carry.
pub const PUBLISHED: Published = Published { year: 2024, month: 5, day: 3 };

/// `PUBLISHED` in milliseconds since the epoch.
pub fn published_ms() -> u64 {
	u64::from(days_from_civil(2024, 5, 3).unwrap()) * DAY_MS
}

/// Every format and namespace a fixture can be rendered in.
pub const RENDERINGS: [(ListFormat, bool); 6] = [
	(ListFormat::Text, false),
	(ListFormat::Json, false),
	(ListFormat::AdvancedXml, false),
	(ListFormat::AdvancedXml, true),
	(ListFormat::SdnXml, false),
	(ListFormat::SdnXml, true),
];

/// `(symbol, value)` pairs with one symbol.
pub fn entries(symbol: &str, values: &[String]) -> Vec<(String, String)> {
	values.iter().map(|v| (symbol.to_string(), v.clone())).collect()
}

/// The mixed fixture: ETH and USDT addresses, a duplicate in another case, a bad checksum,
/// Tron and Bitcoin values, a `0x12` oddity, a USDC address.
pub fn mixed_entries() -> Vec<(String, String)> {
	[
		("ETH", "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac"),
		("USDT", "0x3cd0a705a2dc65e5b1e1205896baa2be8a07c6e0"),
		("ETH", "0XF24FF3A9CF04C71DBC94D0B566F7A27B94566CAC"),
		// Charleth's address with the first letter's case flipped: fails EIP-55.
		("ETH", "0x798D4Ba9baf0064Ec19eB4F0a1a45785ae9D6DFc"),
		("TRX", "TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM"),
		("XBT", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
		("ETH", "0x12"),
		("USDC", "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1"),
	]
	.into_iter()
	.map(|(s, v)| (s.to_string(), v.to_string()))
	.collect()
}

/// Parses `body` fed in chunks of `size` bytes.
pub fn parse_chunked(
	format: ListFormat,
	body: &[u8],
	size: usize,
	limits: Limits,
) -> Result<SanctionsList, ParseError> {
	let mut parser = ListParser::new(format, limits);
	for chunk in body.chunks(size) {
		parser.feed(chunk)?;
	}
	assert_eq!(parser.bytes_read(), body.len() as u64);
	parser.finish()
}

/// A deterministic xorshift64 generator for tests.
pub struct Rng(pub u64);

impl Rng {
	/// The next pseudo-random number.
	pub fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}
}

/// Parses `body` fed in pseudo-random pieces (0 to 99 bytes, empty feeds included).
pub fn parse_random_split(
	format: ListFormat,
	body: &[u8],
	seed: u64,
	limits: Limits,
) -> Result<SanctionsList, ParseError> {
	let mut rng = Rng(seed | 1);
	let mut parser = ListParser::new(format, limits);
	let mut rest = body;
	while !rest.is_empty() {
		let n = (rng.next() % 100) as usize;
		let (piece, tail) = rest.split_at(n.min(rest.len()));
		parser.feed(piece)?;
		rest = tail;
	}
	parser.finish()
}

/// 20 bytes of an address text.
pub fn bytes_of(address: &str) -> [u8; 20] {
	address.to_lowercase().parse::<genex_primitives::AccountId20>().unwrap().0
}
