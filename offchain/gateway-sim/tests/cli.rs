//! `generate` and `render`: their output parses with the worker's own parsers.

mod common;

use std::{collections::BTreeSet, fs, process::Command};

use common::{testdata, TempDir, BIN};
use genex_offchain::sanctions::{parse, Limits, ListFormat, SanctionsList};

const FORMATS: [(&str, ListFormat); 4] = [
	("advanced-xml", ListFormat::AdvancedXml),
	("sdn-xml", ListFormat::SdnXml),
	("text", ListFormat::Text),
	("json", ListFormat::Json),
];

/// Runs the binary with `args`, asserting success; its stdout.
fn run(args: &[&str]) -> Vec<u8> {
	let output = Command::new(BIN).args(args).output().unwrap();
	assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
	output.stdout
}

fn parse_as(format: ListFormat, body: &[u8]) -> SanctionsList {
	parse(format, body, Limits::default())
		.unwrap_or_else(|e| panic!("{format:?}: {e}\n{}", String::from_utf8_lossy(body)))
}

/// `0x` + 40 hex digits as bytes.
fn decode(address: &str) -> [u8; 20] {
	let hex = address.strip_prefix("0x").unwrap_or_else(|| panic!("{address}"));
	assert_eq!(hex.len(), 40, "{address}");
	let mut out = [0u8; 20];
	for (i, byte) in out.iter_mut().enumerate() {
		*byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
	}
	out
}

#[test]
fn generate_writes_n_distinct_addresses_in_every_format() {
	for (name, format) in FORMATS {
		for n in [0, 1, 250] {
			let n_text = n.to_string();
			let body = run(&[
				"generate",
				"--addresses",
				&n_text,
				"--format",
				name,
				"--date",
				"2026-12-02",
			]);
			let list = parse_as(format, &body);
			assert_eq!(list.addresses.len(), n, "{name} {n}");
		}
	}
}

#[test]
fn generate_is_deterministic_and_the_seed_matters() {
	let a = run(&["generate", "--addresses", "20", "--format", "text", "--seed", "1"]);
	let b = run(&["generate", "--addresses", "20", "--format", "text", "--seed", "1"]);
	let c = run(&["generate", "--addresses", "20", "--format", "text", "--seed", "2"]);
	assert_eq!(a, b);
	let (a, c) = (parse_as(ListFormat::Text, &a), parse_as(ListFormat::Text, &c));
	assert_ne!(a.addresses, c.addresses);
}

#[test]
fn generate_writes_to_out_and_dates_xml_lists() {
	let dir = TempDir::new();
	let out = dir.path("sdn_advanced.xml");
	let stdout = run(&[
		"generate",
		"--addresses",
		"5",
		"--format",
		"advanced-xml",
		"--date",
		"2026-12-02",
		"--out",
		out.to_str().unwrap(),
	]);
	assert!(stdout.is_empty());
	let list = parse_as(ListFormat::AdvancedXml, &fs::read(&out).unwrap());
	assert_eq!(list.addresses.len(), 5);
	// 2026-12-02 00:00 UTC, in seconds or milliseconds.
	let published = list.published_at.expect("a publication date");
	assert!([1_796_169_600, 1_796_169_600_000].contains(&published), "{published}");
}

#[test]
fn render_turns_the_ofac_eth_list_into_every_format() {
	let input = testdata("ofac/sanctioned_addresses_ETH.txt");
	let text = fs::read_to_string(&input).unwrap();
	let expected: BTreeSet<[u8; 20]> =
		text.lines().map(str::trim).filter(|l| !l.is_empty()).map(decode).collect();
	assert_eq!(expected.len(), 152);
	for input in [input, testdata("ofac/sanctioned_addresses_ETH.json")] {
		for (name, format) in FORMATS {
			let body = run(&["render", "--input", input.to_str().unwrap(), "--format", name]);
			let got: BTreeSet<[u8; 20]> = parse_as(format, &body).addresses.into_iter().collect();
			assert!(got == expected, "{} as {name}", input.display());
		}
	}
	// The legacy namespace parses too.
	let input = testdata("ofac/sanctioned_addresses_ETH.txt");
	let body = run(&[
		"render",
		"--input",
		input.to_str().unwrap(),
		"--format",
		"advanced-xml",
		"--legacy-namespace",
	]);
	assert_eq!(parse_as(ListFormat::AdvancedXml, &body).addresses.len(), 152);
}

#[test]
fn bad_arguments_fail() {
	for args in [
		&["generate", "--addresses", "3", "--format", "yaml"][..],
		&["generate", "--addresses", "3", "--format", "text", "--date", "2026-02-30"],
		&["render", "--input", "/nonexistent", "--format", "text"],
	] {
		let output = Command::new(BIN).args(args).output().unwrap();
		assert!(!output.status.success(), "{args:?}");
		assert!(!output.stderr.is_empty(), "{args:?}");
	}
}
