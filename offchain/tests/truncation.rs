//! A body cut at any byte never parses as a different complete list.

mod common;

use common::*;
use genex_offchain::sanctions::{fixtures::render, parse, Limits, ListFormat, ParseError};

/// The offset just after the last `>` (the root's end tag).
fn root_end(body: &[u8]) -> usize {
	body.iter().rposition(|&b| b == b'>').unwrap() + 1
}

#[test]
fn xml_cut_anywhere_is_truncated() {
	for (format, current) in RENDERINGS {
		if matches!(format, ListFormat::Text | ListFormat::Json) {
			continue;
		}
		let body = render(format, &mixed_entries(), PUBLISHED, current);
		let full = parse(format, &body, Limits::default()).unwrap();
		let end = root_end(&body);
		for cut in 0..=body.len() {
			let result = parse(format, &body[..cut], Limits::default());
			if cut < end {
				assert_eq!(result, Err(ParseError::Truncated), "{format:?} cut at {cut}");
			} else {
				assert_eq!(result.as_ref(), Ok(&full), "{format:?} cut at {cut}");
			}
		}
	}
}

#[test]
fn json_cut_anywhere_is_truncated() {
	let entries = mixed_entries().into_iter().filter(|(_, v)| v != "0x12").collect::<Vec<_>>();
	for body in [
		render(ListFormat::Json, &entries, PUBLISHED, false),
		ofac_file("sanctioned_addresses_ETH.json"),
	] {
		let full = parse(ListFormat::Json, &body, Limits::default()).unwrap();
		let end = body.iter().rposition(|&b| b == b']').unwrap() + 1;
		for cut in 0..=body.len() {
			let result = parse(ListFormat::Json, &body[..cut], Limits::default());
			if cut < end {
				assert_eq!(result, Err(ParseError::Truncated), "cut at {cut}");
			} else {
				assert_eq!(result.as_ref(), Ok(&full), "cut at {cut}");
			}
		}
	}
}

#[test]
fn text_cut_inside_an_address_is_a_bad_address() {
	let body = ofac_file("sanctioned_addresses_ETH.txt");
	let full = parse(ListFormat::Text, &body, Limits::default()).unwrap();
	let mut line_start = 0;
	let mut bad = 0;
	for cut in 0..=body.len() {
		if cut > 0 && body[cut - 1] == b'\n' {
			line_start = cut;
		}
		let in_address = cut > line_start && cut < line_start + 42;
		let result = parse(ListFormat::Text, &body[..cut], Limits::default());
		if in_address {
			assert_eq!(
				result,
				Err(ParseError::BadAddress { offset: line_start as u64 }),
				"cut {cut}"
			);
			bad += 1;
		} else {
			// A cut between lines gives the lines before it: a prefix of the file.
			let list = result.unwrap();
			assert!(list.addresses.iter().all(|a| full.contains(a)));
			assert_eq!(list.values as usize, list.addresses.len());
		}
	}
	assert_eq!(bad, 152 * 41);
}

#[test]
fn a_cut_byte_order_mark_is_an_error() {
	for format in [ListFormat::AdvancedXml, ListFormat::SdnXml, ListFormat::Json] {
		for cut in 1..3 {
			assert!(parse(format, &[0xEF, 0xBB, 0xBF][..cut], Limits::default()).is_err());
		}
		assert_eq!(
			parse(format, &[0xEF, 0xBB, 0xBF], Limits::default()),
			Err(ParseError::Truncated)
		);
	}
	assert_eq!(
		parse(ListFormat::Text, &[0xEF, 0xBB], Limits::default()),
		Err(ParseError::InvalidUtf8 { offset: 2 })
	);
}
