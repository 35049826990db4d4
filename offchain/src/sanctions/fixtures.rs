//! Test and benchmark fixtures (feature `std`): list files of every format rendered from given
//! values, deterministic pseudo-random addresses, and a large synthetic SDN Advanced XML written
//! piece by piece.
//!
//! The XML shapes follow OFAC's published files (element names, nesting, attributes, the
//! digital-currency feature types looked up by name), so the parsers are exercised on what
//! they meet in production.

use super::{advanced, sdn, ListFormat};
use genex_primitives::AccountId20;
use std::{collections::BTreeSet, fmt::Write as _, io};

/// A list's publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
	/// The year, e.g. 2024.
	pub year: u32,
	/// The month, 1–12.
	pub month: u32,
	/// The day of the month, 1–31.
	pub day: u32,
}

/// `text` with the five XML special characters escaped.
fn xml_escape(text: &str) -> String {
	let mut out = String::with_capacity(text.len());
	for c in text.chars() {
		match c {
			'&' => out.push_str("&amp;"),
			'<' => out.push_str("&lt;"),
			'>' => out.push_str("&gt;"),
			'"' => out.push_str("&quot;"),
			'\'' => out.push_str("&apos;"),
			_ => out.push(c),
		}
	}
	out
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
	let mut out = String::with_capacity(text.len() + 2);
	out.push('"');
	for c in text.chars() {
		match c {
			'"' => out.push_str("\\\""),
			'\\' => out.push_str("\\\\"),
			'\n' => out.push_str("\\n"),
			'\r' => out.push_str("\\r"),
			'\t' => out.push_str("\\t"),
			c if (c as u32) < 0x20 => {
				let _ = write!(out, "\\u{:04x}", c as u32);
			},
			c => out.push(c),
		}
	}
	out.push('"');
	out
}

/// The distinct symbols of `entries`, in order of first appearance.
fn symbols(entries: &[(String, String)]) -> Vec<&str> {
	let mut symbols: Vec<&str> = Vec::new();
	for (symbol, _) in entries {
		if !symbols.contains(&symbol.as_str()) {
			symbols.push(symbol);
		}
	}
	symbols
}

/// The values (as given, any case) rendered as a complete list file of `format`.
///
/// The XML formats put every value under the currency symbol given with it (three values per
/// sanctioned party, next to features and identifiers of other kinds), dated `published`, in
/// OFAC's current namespace or the one used before May 2024. Text and JSON ignore symbols and
/// the date (the text file starts with a `#` comment line).
pub fn render(
	format: ListFormat,
	entries: &[(String, String)],
	published: Published,
	current_namespace: bool,
) -> Vec<u8> {
	match format {
		ListFormat::Text => {
			let mut out = String::from("# Sanctioned digital-currency addresses (fixture)\n");
			for (_, value) in entries {
				out.push_str(value);
				out.push('\n');
			}
			out.into_bytes()
		},
		ListFormat::Json => {
			let values: Vec<String> = entries.iter().map(|(_, v)| json_string(v)).collect();
			if values.is_empty() {
				b"[]\n".to_vec()
			} else {
				format!("[\n  {}\n]\n", values.join(",\n  ")).into_bytes()
			}
		},
		ListFormat::AdvancedXml => render_advanced(entries, published, current_namespace),
		ListFormat::SdnXml => render_sdn(entries, published, current_namespace),
	}
}

fn render_advanced(
	entries: &[(String, String)],
	published: Published,
	current_namespace: bool,
) -> Vec<u8> {
	let namespace =
		if current_namespace { advanced::NAMESPACE_CURRENT } else { advanced::NAMESPACE_OLD };
	let namespace = String::from_utf8_lossy(namespace);
	let symbols = symbols(entries);
	// Ids that differ between the two namespaces, as they do between real files.
	let type_id = |index: usize| 1_000 + 7 * index + if current_namespace { 3 } else { 0 };
	let mut out = String::new();
	let _ = write!(
		out,
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
		<Sanctions xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
		xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"{namespace}\">\n\
		  <DateOfIssue>\n    <Year>{}</Year>\n    <Month>{}</Month>\n    <Day>{}</Day>\n  </DateOfIssue>\n\
		  <ReferenceValueSets>\n\
		    <AliasTypeValues>\n      <AliasType ID=\"1400\">A.K.A.</AliasType>\n    </AliasTypeValues>\n\
		    <FeatureTypeValues>\n\
		      <FeatureType ID=\"8\" FeatureTypeGroupID=\"0\">Birthdate</FeatureType>\n\
		      <FeatureType ID=\"14\" FeatureTypeGroupID=\"1\">Website</FeatureType>\n\
		      <FeatureType ID=\"21\" FeatureTypeGroupID=\"1\">Email Address</FeatureType>\n",
		published.year, published.month, published.day
	);
	for (index, symbol) in symbols.iter().enumerate() {
		let _ = writeln!(
			out,
			"      <FeatureType ID=\"{}\" FeatureTypeGroupID=\"1\">Digital Currency Address - {}</FeatureType>",
			type_id(index),
			xml_escape(symbol)
		);
	}
	out.push_str(
		"    </FeatureTypeValues>\n  </ReferenceValueSets>\n  <Locations />\n  <IDRegDocuments />\n  <DistinctParties>\n",
	);
	for (party, group) in entries.chunks(3).enumerate() {
		let _ = write!(
			out,
			"    <DistinctParty FixedRef=\"{ref_}\">\n      <Comment />\n      <Profile ID=\"{ref_}\" PartySubTypeID=\"4\">\n\
			        <Identity ID=\"{identity}\" FixedRef=\"{ref_}\" Primary=\"true\" False=\"false\">\n\
			          <Alias FixedRef=\"{ref_}\" AliasTypeID=\"1403\" Primary=\"true\" LowQuality=\"false\">\n\
			            <DocumentedName ID=\"{identity}\" FixedRef=\"{ref_}\" DocNameStatusID=\"1\">\n\
			              <DocumentedNamePart><NamePartValue NamePartGroupID=\"{identity}\" ScriptID=\"215\" ScriptStatusID=\"1\" Acronym=\"false\">PARTY {party} &amp; SONS</NamePartValue></DocumentedNamePart>\n\
			            </DocumentedName>\n          </Alias>\n        </Identity>\n\
			        <Feature ID=\"{f1}\" FeatureTypeID=\"14\"><FeatureVersion ID=\"{f1}\" ReliabilityID=\"1\"><Comment /><VersionDetail DetailTypeID=\"1432\">www.party{party}.example</VersionDetail></FeatureVersion></Feature>\n",
			ref_ = 50_000 + party,
			identity = 60_000 + party,
			f1 = 70_000 + 10 * party,
		);
		for (i, (symbol, value)) in group.iter().enumerate() {
			let index = symbols.iter().position(|s| s == symbol).unwrap_or_default();
			let id = 70_001 + 10 * party + i;
			let _ = writeln!(
				out,
				"        <Feature ID=\"{id}\" FeatureTypeID=\"{}\">\n          <FeatureVersion ID=\"{id}\" ReliabilityID=\"1560\">\n            <Comment />\n            <VersionDetail DetailTypeID=\"1432\">{}</VersionDetail>\n          </FeatureVersion>\n          <IdentityReference IdentityID=\"{}\" IdentityFeatureLinkTypeID=\"1\" />\n        </Feature>",
				type_id(index),
				xml_escape(value),
				60_000 + party,
			);
		}
		out.push_str("      </Profile>\n    </DistinctParty>\n");
	}
	out.push_str(
		"  </DistinctParties>\n  <ProfileRelationships />\n  <SanctionsEntries />\n</Sanctions>\n",
	);
	out.into_bytes()
}

fn render_sdn(
	entries: &[(String, String)],
	published: Published,
	current_namespace: bool,
) -> Vec<u8> {
	let namespace = if current_namespace { sdn::NAMESPACE_CURRENT } else { sdn::NAMESPACE_OLD };
	let namespace = String::from_utf8_lossy(namespace);
	let mut out = String::new();
	let _ = write!(
		out,
		"<?xml version=\"1.0\" standalone=\"yes\"?>\n\
		<sdnList xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"{namespace}\">\n\
		  <publshInformation>\n    <Publish_Date>{:02}/{:02}/{:04}</Publish_Date>\n    <Record_Count>{}</Record_Count>\n  </publshInformation>\n",
		published.month,
		published.day,
		published.year,
		entries.len().div_ceil(3)
	);
	for (party, group) in entries.chunks(3).enumerate() {
		let uid = 40_000 + 10 * party;
		let _ = write!(
			out,
			"  <sdnEntry>\n    <uid>{uid}</uid>\n    <lastName>PARTY {party} &amp; SONS</lastName>\n    <sdnType>Entity</sdnType>\n\
			    <programList>\n      <program>CYBER2</program>\n    </programList>\n    <idList>\n\
			      <id>\n        <uid>{}</uid>\n        <idType>Website</idType>\n        <idNumber>www.party{party}.example</idNumber>\n      </id>\n",
			uid + 1
		);
		for (i, (symbol, value)) in group.iter().enumerate() {
			let _ = write!(
				out,
				"      <id>\n        <uid>{}</uid>\n        <idType>Digital Currency Address - {}</idType>\n        <idNumber>{}</idNumber>\n      </id>\n",
				uid + 2 + i,
				xml_escape(symbol),
				xml_escape(value)
			);
		}
		out.push_str("    </idList>\n  </sdnEntry>\n");
	}
	out.push_str("</sdnList>\n");
	out.into_bytes()
}

/// `n` distinct pseudo-random addresses in EIP-55 checksummed text, the same for the same
/// `seed` (keccak-256 of the seed and a counter).
pub fn synthetic_addresses(n: usize, seed: u64) -> Vec<String> {
	let mut seen = BTreeSet::new();
	let mut out = Vec::with_capacity(n);
	let mut counter = 0u64;
	while out.len() < n {
		let mut input = [0u8; 16];
		input[..8].copy_from_slice(&seed.to_le_bytes());
		input[8..].copy_from_slice(&counter.to_le_bytes());
		counter += 1;
		let hash = sp_io::hashing::keccak_256(&input);
		let mut address = [0u8; 20];
		address.copy_from_slice(&hash[12..]);
		if seen.insert(address) {
			out.push(AccountId20(address).to_checksum_string());
		}
	}
	out
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
	fn new(seed: u64) -> Self {
		Self(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
	}

	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}

	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}

	/// A name-like word.
	fn word(&mut self) -> String {
		const SYLLABLES: [&str; 16] = [
			"ka", "ro", "mi", "tan", "el", "su", "vor", "an", "de", "li", "zha", "no", "bek", "ov",
			"ra", "ush",
		];
		let mut word = String::new();
		for _ in 0..2 + self.below(3) {
			word.push_str(SYLLABLES[self.below(16) as usize]);
		}
		word.to_uppercase()
	}
}

/// Buffers the generated text and writes it through in 64 KiB pieces, counting the bytes.
struct Sink<'a> {
	out: &'a mut dyn io::Write,
	buffer: String,
	written: usize,
}

impl Sink<'_> {
	fn flush_if_full(&mut self) -> io::Result<()> {
		if self.buffer.len() >= 64 * 1024 {
			self.flush()?;
		}
		Ok(())
	}

	fn flush(&mut self) -> io::Result<()> {
		self.out.write_all(self.buffer.as_bytes())?;
		self.written += self.buffer.len();
		self.buffer.clear();
		Ok(())
	}

	fn total(&self) -> usize {
		self.written + self.buffer.len()
	}
}

/// Feature type ids of the synthetic file (the parser looks them up by name).
const ETH_TYPE: u32 = 345;
const USDT_TYPE: u32 = 887;

/// One synthetic party with names, non-currency features, and the given currency values.
fn synthetic_party(rng: &mut Rng, party: usize, values: &[(u32, &str)], buffer: &mut String) {
	let fixed_ref = 10_000 + party;
	let identity = 20_000 + party;
	let _ = write!(
		buffer,
		"    <DistinctParty FixedRef=\"{fixed_ref}\">\n      <Comment />\n      <Profile ID=\"{fixed_ref}\" PartySubTypeID=\"4\">\n        <Identity ID=\"{identity}\" FixedRef=\"{fixed_ref}\" Primary=\"true\" False=\"false\">\n"
	);
	for alias in 0..1 + rng.below(3) {
		let _ = write!(
			buffer,
			"          <Alias FixedRef=\"{fixed_ref}\" AliasTypeID=\"{}\" Primary=\"{}\" LowQuality=\"false\">\n            <DocumentedName ID=\"{}\" FixedRef=\"{fixed_ref}\" DocNameStatusID=\"1\">\n",
			if alias == 0 { 1403 } else { 1400 },
			alias == 0,
			identity * 4 + alias as usize
		);
		for part in 0..2 {
			let _ = write!(
				buffer,
				"              <DocumentedNamePart>\n                <NamePartValue NamePartGroupID=\"{}\" ScriptID=\"215\" ScriptStatusID=\"1\" Acronym=\"false\">{}</NamePartValue>\n              </DocumentedNamePart>\n",
				identity * 8 + part,
				rng.word()
			);
		}
		buffer.push_str("            </DocumentedName>\n          </Alias>\n");
	}
	buffer.push_str("        </Identity>\n");
	let mut feature_id = 1_000_000 + party * 16;
	// A birthdate, a nationality, a website: features of other types.
	let _ = write!(
		buffer,
		"        <Feature ID=\"{feature_id}\" FeatureTypeID=\"8\">\n          <FeatureVersion ID=\"{feature_id}\" ReliabilityID=\"1\">\n            <Comment />\n            <DatePeriod CalendarTypeID=\"1\" YearFixed=\"false\" MonthFixed=\"false\" DayFixed=\"false\">\n              <Start Approximate=\"false\" YearFixed=\"false\" MonthFixed=\"false\" DayFixed=\"false\">\n                <From><Year>{y}</Year><Month>{m}</Month><Day>{d}</Day></From>\n                <To><Year>{y}</Year><Month>{m}</Month><Day>{d}</Day></To>\n              </Start>\n            </DatePeriod>\n          </FeatureVersion>\n          <IdentityReference IdentityID=\"{identity}\" IdentityFeatureLinkTypeID=\"1\" />\n        </Feature>\n",
		y = 1950 + rng.below(50),
		m = 1 + rng.below(12),
		d = 1 + rng.below(28),
	);
	feature_id += 1;
	let _ = write!(
		buffer,
		"        <Feature ID=\"{feature_id}\" FeatureTypeID=\"10\">\n          <FeatureVersion ID=\"{feature_id}\" ReliabilityID=\"1\">\n            <Comment />\n            <VersionLocation LocationID=\"{}\" />\n          </FeatureVersion>\n          <IdentityReference IdentityID=\"{identity}\" IdentityFeatureLinkTypeID=\"1\" />\n        </Feature>\n",
		rng.below(2_000)
	);
	feature_id += 1;
	let _ = write!(
		buffer,
		"        <Feature ID=\"{feature_id}\" FeatureTypeID=\"14\">\n          <FeatureVersion ID=\"{feature_id}\" ReliabilityID=\"1\">\n            <Comment />\n            <VersionDetail DetailTypeID=\"1432\">www.{}.example</VersionDetail>\n          </FeatureVersion>\n          <IdentityReference IdentityID=\"{identity}\" IdentityFeatureLinkTypeID=\"1\" />\n        </Feature>\n",
		rng.word().to_lowercase()
	);
	for (type_id, value) in values {
		feature_id += 1;
		let _ = write!(
			buffer,
			"        <Feature ID=\"{feature_id}\" FeatureTypeID=\"{type_id}\">\n          <FeatureVersion ID=\"{feature_id}\" ReliabilityID=\"1560\">\n            <Comment />\n            <VersionDetail DetailTypeID=\"1432\">{value}</VersionDetail>\n          </FeatureVersion>\n          <IdentityReference IdentityID=\"{identity}\" IdentityFeatureLinkTypeID=\"1\" />\n        </Feature>\n"
		);
	}
	buffer.push_str("      </Profile>\n    </DistinctParty>\n");
}

/// A synthetic SDN Advanced XML of about `target_bytes` (at least what the header, the
/// `n_addresses` values and the footer need): parties with names and non-currency features
/// (birthdates, nationalities, websites), `n_addresses` distinct [`synthetic_addresses`] spread
/// over them as ETH values (every fourth one USDT), in OFAC's current namespace, dated
/// 2026-12-01. Written through `out` in 64 KiB pieces, so the whole file never sits in memory
/// unless `out` keeps it.
pub fn synthetic_advanced_xml(
	target_bytes: usize,
	n_addresses: usize,
	seed: u64,
	out: &mut dyn io::Write,
) -> io::Result<()> {
	let addresses = synthetic_addresses(n_addresses, seed);
	let mut rng = Rng::new(seed);
	let mut sink = Sink { out, buffer: String::with_capacity(128 * 1024), written: 0 };
	let _ = write!(
		sink.buffer,
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Sanctions xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"{}\">\n  <DateOfIssue>\n    <Year>2026</Year>\n    <Month>12</Month>\n    <Day>1</Day>\n  </DateOfIssue>\n  <ReferenceValueSets>\n    <FeatureTypeValues>\n",
		String::from_utf8_lossy(advanced::NAMESPACE_CURRENT)
	);
	for id in 1..200u32 {
		let name = match id {
			8 => "Birthdate".to_string(),
			10 => "Nationality Country".to_string(),
			14 => "Website".to_string(),
			_ => format!("Feature Type {id}"),
		};
		let _ = writeln!(
			sink.buffer,
			"      <FeatureType ID=\"{id}\" FeatureTypeGroupID=\"1\">{name}</FeatureType>"
		);
	}
	for (id, symbol) in [(ETH_TYPE, "ETH"), (344, "XBT"), (USDT_TYPE, "USDT"), (998, "TRX")] {
		let _ = writeln!(
			sink.buffer,
			"      <FeatureType ID=\"{id}\" FeatureTypeGroupID=\"1\">Digital Currency Address - {symbol}</FeatureType>"
		);
	}
	sink.buffer
		.push_str("    </FeatureTypeValues>\n  </ReferenceValueSets>\n  <DistinctParties>\n");
	let footer = "  </DistinctParties>\n  <SanctionsEntries />\n</Sanctions>\n";

	// Address k goes into the party being written once k / n of the room is written, so the
	// values spread evenly over the file.
	let header = sink.total();
	let room = target_bytes.saturating_sub(header + footer.len()).max(1) as u128;
	let n = addresses.len() as u128;
	let mut next = 0;
	let mut party = 0;
	let mut values: Vec<(u32, &str)> = Vec::new();
	while next < addresses.len() || sink.total() + footer.len() < target_bytes {
		values.clear();
		let written = (sink.total() - header) as u128;
		while next < addresses.len() && (next as u128 * room / n <= written) {
			let type_id = if next % 4 == 3 { USDT_TYPE } else { ETH_TYPE };
			values.push((type_id, &addresses[next]));
			next += 1;
		}
		synthetic_party(&mut rng, party, &values, &mut sink.buffer);
		sink.flush_if_full()?;
		party += 1;
	}
	sink.buffer.push_str(footer);
	sink.flush()?;
	sink.out.flush()
}
