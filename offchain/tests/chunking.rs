//! Any split of a body into chunks gives the same result as the whole body.

mod common;

use common::*;
use genex_offchain::sanctions::{fixtures::render, parse, Limits, ListFormat};

/// Bodies of every format: the mixed fixture, the real lists, and BOM variants.
fn bodies() -> Vec<(ListFormat, Vec<u8>)> {
	let mut bodies = Vec::new();
	let real = entries("ETH", &real_addresses());
	for (format, current) in RENDERINGS {
		let mixed = match format {
			// Text and JSON refuse a malformed 0x value: leave the oddity out.
			ListFormat::Text | ListFormat::Json => {
				mixed_entries().into_iter().filter(|(_, v)| v != "0x12").collect()
			},
			_ => mixed_entries(),
		};
		bodies.push((format, render(format, &mixed, PUBLISHED, current)));
		bodies.push((format, render(format, &real, PUBLISHED, current)));
		let mut with_bom = vec![0xEF, 0xBB, 0xBF];
		with_bom.extend(render(format, &mixed, PUBLISHED, current));
		bodies.push((format, with_bom));
	}
	bodies.push((ListFormat::Text, ofac_file("sanctioned_addresses_ETH.txt")));
	bodies.push((ListFormat::Json, ofac_file("sanctioned_addresses_ETH.json")));
	// CRLF text.
	let crlf = String::from_utf8(ofac_file("sanctioned_addresses_ETH.txt"))
		.unwrap()
		.replace('\n', "\r\n");
	bodies.push((ListFormat::Text, crlf.into_bytes()));
	bodies
}

#[test]
fn every_chunking_gives_the_same_list() {
	for (format, body) in bodies() {
		let whole = parse(format, &body, Limits::default()).unwrap();
		assert!(!whole.addresses.is_empty());
		let mut whole_fed = genex_offchain::sanctions::ListParser::new(format, Limits::default());
		whole_fed.feed(&body).unwrap();
		assert_eq!(whole_fed.finish().unwrap(), whole);
		for size in [1, 2, 3, 7, 4096] {
			assert_eq!(
				parse_chunked(format, &body, size, Limits::default()).unwrap(),
				whole,
				"{format:?} in chunks of {size}"
			);
		}
		for seed in 0..40 {
			assert_eq!(
				parse_random_split(format, &body, seed, Limits::default()).unwrap(),
				whole,
				"{format:?} split with seed {seed}"
			);
		}
	}
}

#[test]
fn every_chunking_gives_the_same_error() {
	let cases: Vec<(ListFormat, &[u8])> = vec![
		(ListFormat::Text, b"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\n0x1234\n"),
		(ListFormat::Text, b"TX\xC3\x28"),
		(ListFormat::Json, b"[\"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\", 12]"),
		(ListFormat::Json, b"[\"a\"] x"),
		(
			ListFormat::AdvancedXml,
			b"<Sanctions xmlns='http://www.un.org/sanctions/1.0'></Sanction>",
		),
		(ListFormat::AdvancedXml, b"<Sanctions xmlns='urn:x'/>"),
		(ListFormat::SdnXml, b"<sdnList xmlns='http://tempuri.org/sdnList.xsd'>&bad;</sdnList>"),
		(ListFormat::SdnXml, b"<sdnList xmlns='http://tempuri.org/sdnList.xsd'>"),
	];
	for (format, body) in cases {
		let whole = parse(format, body, Limits::default());
		assert!(whole.is_err(), "{format:?} {:?}", String::from_utf8_lossy(body));
		for size in [1, 2, 3, 7, 4096] {
			assert_eq!(parse_chunked(format, body, size, Limits::default()), whole);
		}
		for seed in 0..20 {
			assert_eq!(parse_random_split(format, body, seed, Limits::default()), whole);
		}
	}
}

#[test]
fn errors_are_sticky() {
	let mut parser =
		genex_offchain::sanctions::ListParser::new(ListFormat::Json, Limits::default());
	let error = parser.feed(b"{").unwrap_err();
	assert_eq!(parser.feed(b"[]"), Err(error));
	assert_eq!(parser.finish(), Err(error));
}
