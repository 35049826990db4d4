//! Every kind of malformed input gives its error, in every format it applies to.

mod common;

use common::*;
use genex_offchain::sanctions::{fixtures::render, parse, Limits, ListFormat, ParseError};

const ADVANCED_NS: &str =
	"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML";
const SDN_NS: &str =
	"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML";
const ALITH: &str = "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac";

fn run(
	format: ListFormat,
	body: &str,
) -> Result<genex_offchain::sanctions::SanctionsList, ParseError> {
	parse(format, body.as_bytes(), Limits::default())
}

fn advanced_body(inner: &str) -> String {
	format!("<Sanctions xmlns=\"{ADVANCED_NS}\">{inner}</Sanctions>")
}

/// A valid rendered fixture of `format` as text.
fn fixture(format: ListFormat) -> String {
	String::from_utf8(render(format, &entries("ETH", &[ALITH.to_string()]), PUBLISHED, true))
		.unwrap()
}

#[test]
fn truncated() {
	for format in [ListFormat::AdvancedXml, ListFormat::SdnXml, ListFormat::Json] {
		assert_eq!(run(format, ""), Err(ParseError::Truncated), "{format:?} empty");
		let body = fixture(format);
		let half = &body[..body.len() / 2];
		assert_eq!(run(format, half), Err(ParseError::Truncated), "{format:?} half");
	}
	let open = format!("<Sanctions xmlns='{ADVANCED_NS}'><!-- x");
	for body in ["<!-- only a comment -->", "<?xml version='1.0'?>\n", "<Sanctions", &open] {
		assert_eq!(run(ListFormat::AdvancedXml, body), Err(ParseError::Truncated), "{body}");
	}
	assert_eq!(run(ListFormat::Json, "[\"0x"), Err(ParseError::Truncated));
	assert_eq!(run(ListFormat::Json, "[\"a\\"), Err(ParseError::Truncated));
	assert_eq!(run(ListFormat::Json, " \n"), Err(ParseError::Truncated));
}

#[test]
fn mismatched_tags() {
	let body = advanced_body("<DateOfIssue><Year>2024</Month></DateOfIssue>");
	assert_eq!(run(ListFormat::AdvancedXml, &body), Err(ParseError::Syntax { offset: 130 }));
	let body = fixture(ListFormat::SdnXml).replace("</idType>", "</idtype>");
	assert!(matches!(run(ListFormat::SdnXml, &body), Err(ParseError::Syntax { .. })));
	// Closing more than was opened.
	let body = format!("{}</x>", advanced_body(""));
	assert!(matches!(run(ListFormat::AdvancedXml, &body), Err(ParseError::Syntax { .. })));
}

#[test]
fn bad_entity() {
	for entity in ["&nbsp;", "&amp", "&#xZZ;", "&#;", "&#12345678901234;", "& ", "&#x1;"] {
		let body = fixture(ListFormat::SdnXml).replace("&amp; SONS", entity);
		assert!(
			matches!(run(ListFormat::SdnXml, &body), Err(ParseError::Syntax { .. })),
			"{entity}"
		);
	}
	// In an attribute too.
	let body = format!("<Sanctions xmlns=\"{ADVANCED_NS}&foo;\"/>");
	assert!(matches!(run(ListFormat::AdvancedXml, &body), Err(ParseError::Syntax { .. })));
}

#[test]
fn stray_markup() {
	for inner in [
		"<",
		"< DateOfIssue/>",
		"<DateOfIssue a='<'/>",
		"<1a/>",
		"<a b/>",
		"<a b='1' b2='2'c='3'/>",
		"<!x>",
		"<![CDATA x]]>",
		"<? ?>",
	] {
		let body = advanced_body(inner);
		assert!(
			matches!(run(ListFormat::AdvancedXml, &body), Err(ParseError::Syntax { .. })),
			"{inner}"
		);
	}
}

#[test]
fn content_after_the_root() {
	for tail in ["x", "<Sanctions/>", "&amp;", "<![CDATA[x]]>", "</Sanctions>"] {
		let body = format!("{}{tail}", fixture(ListFormat::AdvancedXml));
		assert!(
			matches!(run(ListFormat::AdvancedXml, &body), Err(ParseError::Syntax { .. })),
			"{tail}"
		);
	}
	// Whitespace, comments and processing instructions are allowed.
	let body = format!("{}\n<!-- c --> <?pi x?>\r\n", fixture(ListFormat::AdvancedXml));
	assert_eq!(run(ListFormat::AdvancedXml, &body).unwrap().addresses.len(), 1);
}

#[test]
fn entity_declarations_in_the_doctype() {
	let bomb = "<?xml version=\"1.0\"?><!DOCTYPE Sanctions [<!ENTITY a \"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\"><!ENTITY b \"&a;&a;\">]>";
	let body = format!("{bomb}{}", advanced_body("&b;"));
	assert_eq!(
		run(ListFormat::AdvancedXml, &body),
		Err(ParseError::UnexpectedDocument { offset: 41 })
	);
	let body = format!(
		"<!DOCTYPE sdnList [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}",
		fixture(ListFormat::SdnXml)
	);
	assert!(matches!(run(ListFormat::SdnXml, &body), Err(ParseError::UnexpectedDocument { .. })));
	// A DOCTYPE without internal subset is fine.
	let body = format!(
		"<!DOCTYPE sdnList SYSTEM \"sdn[1].dtd\">{}",
		fixture(ListFormat::SdnXml).replace("<?xml version=\"1.0\" standalone=\"yes\"?>", "")
	);
	assert_eq!(run(ListFormat::SdnXml, &body).unwrap().addresses.len(), 1);
}

#[test]
fn wrong_root() {
	// Each format given the other's file.
	let advanced = fixture(ListFormat::AdvancedXml);
	let sdn = fixture(ListFormat::SdnXml);
	assert!(matches!(
		run(ListFormat::SdnXml, &advanced),
		Err(ParseError::UnexpectedDocument { .. })
	));
	assert!(matches!(
		run(ListFormat::AdvancedXml, &sdn),
		Err(ParseError::UnexpectedDocument { .. })
	));
	let body = format!("<Sanction xmlns=\"{ADVANCED_NS}\"/>");
	assert_eq!(
		run(ListFormat::AdvancedXml, &body),
		Err(ParseError::UnexpectedDocument { offset: 0 })
	);
	let body = format!("<!-- x --><html xmlns=\"{SDN_NS}\"><sdnList/></html>");
	assert_eq!(run(ListFormat::SdnXml, &body), Err(ParseError::UnexpectedDocument { offset: 10 }));
}

#[test]
fn wrong_namespace() {
	for body in [
		"<Sanctions/>".to_string(),
		"<Sanctions xmlns=\"http://www.un.org/sanctions/2.0\"/>".to_string(),
		// The namespace bound to another prefix than the root's.
		format!("<Sanctions xmlns:o=\"{ADVANCED_NS}\"/>"),
		format!("<o:Sanctions xmlns=\"{ADVANCED_NS}\"/>"),
		// The SDN namespace on an Advanced root.
		format!("<Sanctions xmlns=\"{SDN_NS}\"/>"),
	] {
		assert_eq!(
			run(ListFormat::AdvancedXml, &body),
			Err(ParseError::UnexpectedDocument { offset: 0 }),
			"{body}"
		);
	}
	let body = fixture(ListFormat::SdnXml).replace(SDN_NS, "http://tempuri.org/other.xsd");
	assert!(matches!(run(ListFormat::SdnXml, &body), Err(ParseError::UnexpectedDocument { .. })));
}

#[test]
fn parties_before_reference_values() {
	let body = advanced_body("<DistinctParties/><ReferenceValueSets/>");
	assert!(matches!(
		run(ListFormat::AdvancedXml, &body),
		Err(ParseError::UnexpectedDocument { .. })
	));
}

#[test]
fn json_not_an_array_of_strings() {
	for (body, offset) in [
		("{\"addresses\": []}", 0),
		("\"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\"", 0),
		("[12]", 1),
		(" [\"a\", null]", 7),
		("[\"a\", true]", 6),
		("[\"a\", [\"b\"]]", 6),
		("[{\"a\": \"b\"}]", 1),
		("[-1]", 1),
	] {
		assert_eq!(
			run(ListFormat::Json, body),
			Err(ParseError::UnexpectedDocument { offset }),
			"{body}"
		);
	}
}

#[test]
fn trailing_garbage() {
	assert_eq!(run(ListFormat::Json, "[\"a\"] ]"), Err(ParseError::Syntax { offset: 6 }));
	assert_eq!(run(ListFormat::Json, "[][]"), Err(ParseError::Syntax { offset: 2 }));
	assert_eq!(run(ListFormat::Json, "[]\n,"), Err(ParseError::Syntax { offset: 3 }));
	assert!(matches!(
		run(ListFormat::SdnXml, &format!("{}garbage", fixture(ListFormat::SdnXml))),
		Err(ParseError::Syntax { .. })
	));
	assert_eq!(run(ListFormat::Json, "x"), Err(ParseError::Syntax { offset: 0 }));
}

#[test]
fn bad_address_in_text_and_json() {
	for value in [
		"0x1234",
		"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB",
		"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1a",
		"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BBg",
		"0X",
		"0",
		"0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac0",
	] {
		assert_eq!(
			run(ListFormat::Text, &format!("# list\n{ALITH}\n  {value}  # comment\n")),
			Err(ParseError::BadAddress { offset: 52 }),
			"{value}"
		);
		assert_eq!(
			run(ListFormat::Json, &format!("[\"{ALITH}\", \"{value}\"]")),
			Err(ParseError::BadAddress { offset: 47 }),
			"{value}"
		);
	}
	// The same value in an XML list is only counted.
	let body =
		render(ListFormat::AdvancedXml, &entries("ETH", &["0x1234".to_string()]), PUBLISHED, true);
	assert_eq!(parse(ListFormat::AdvancedXml, &body, Limits::default()).unwrap().invalid_values, 1);
}

#[test]
fn text_values_with_spaces_or_control_bytes() {
	assert_eq!(run(ListFormat::Text, "TX abc\n"), Err(ParseError::Syntax { offset: 0 }));
	assert_eq!(run(ListFormat::Text, "ok\n\x01T\n"), Err(ParseError::Syntax { offset: 3 }));
	assert_eq!(run(ListFormat::Text, "T\rX\n"), Err(ParseError::Syntax { offset: 0 }));
	assert_eq!(run(ListFormat::Text, "  T\u{e9}\n"), Err(ParseError::Syntax { offset: 2 }));
	assert_eq!(run(ListFormat::Json, "[\"TX abc\"]"), Err(ParseError::Syntax { offset: 1 }));
}

#[test]
fn too_long() {
	// The namespace (87 bytes) is a kept attribute value.
	let limits = Limits { max_value_len: 100, ..Limits::default() };
	let long = "T".repeat(101);
	assert_eq!(
		parse(ListFormat::Text, format!("{ALITH}\n{long}\n").as_bytes(), limits),
		Err(ParseError::TooLong { offset: 43 })
	);
	// A long comment line is a long line too; a 100-byte line is fine.
	assert_eq!(
		parse(ListFormat::Text, format!("#{long}").as_bytes(), limits),
		Err(ParseError::TooLong { offset: 0 })
	);
	assert!(parse(ListFormat::Text, format!("{}\r\n", &long[..99]).as_bytes(), limits).is_ok());
	assert_eq!(
		parse(ListFormat::Json, format!("[\"{long}\"]").as_bytes(), limits),
		Err(ParseError::TooLong { offset: 1 })
	);
	let body = render(
		ListFormat::AdvancedXml,
		&entries("ETH", std::slice::from_ref(&long)),
		PUBLISHED,
		true,
	);
	assert!(matches!(
		parse(ListFormat::AdvancedXml, &body, limits),
		Err(ParseError::TooLong { .. })
	));
	// A long element name, a long attribute name, a long kept attribute value.
	let name = "N".repeat(101);
	for inner in [
		format!("<{name}/>"),
		format!("<a {name}='1'/>"),
		format!("<ReferenceValueSets><FeatureTypeValues><FeatureType ID='{name}'/></FeatureTypeValues></ReferenceValueSets>"),
	] {
		let body = advanced_body(&inner);
		assert!(
			matches!(parse(ListFormat::AdvancedXml, body.as_bytes(), limits), Err(ParseError::TooLong { .. })),
			"{inner}"
		);
	}
	// An attribute value nobody keeps may be long.
	let body = advanced_body(&format!("<a b='{name}'/>"));
	assert!(parse(ListFormat::AdvancedXml, body.as_bytes(), limits).is_ok());
}

#[test]
fn too_deep() {
	let limits = Limits { max_depth: 8, ..Limits::default() };
	let nested = |levels: usize| {
		advanced_body(&format!("{}{}", "<a>".repeat(levels), "</a>".repeat(levels)))
	};
	// The root and 7 levels: 8.
	assert!(parse(ListFormat::AdvancedXml, nested(7).as_bytes(), limits).is_ok());
	assert_eq!(
		parse(ListFormat::AdvancedXml, nested(8).as_bytes(), limits),
		Err(ParseError::TooDeep { offset: 107 + 7 * 3 })
	);
	// With the default limit, 10,000 levels are refused, not a stack overflow.
	assert!(matches!(
		parse(ListFormat::AdvancedXml, nested(10_000).as_bytes(), Limits::default()),
		Err(ParseError::TooDeep { .. })
	));
}

#[test]
fn too_many_entries() {
	let addresses = genex_offchain::sanctions::fixtures::synthetic_addresses(4, 7);
	let limits = Limits { max_entries: 3, ..Limits::default() };
	for (format, current) in RENDERINGS {
		let body = render(format, &entries("ETH", &addresses), PUBLISHED, current);
		assert_eq!(parse(format, &body, limits), Err(ParseError::TooManyEntries), "{format:?}");
		// Duplicates do not count against the limit.
		let mut three = addresses[..3].to_vec();
		three.push(addresses[0].to_lowercase());
		let body = render(format, &entries("ETH", &three), PUBLISHED, current);
		assert_eq!(parse(format, &body, limits).unwrap().duplicates, 1, "{format:?}");
	}
	// Advanced XML: more digital-currency feature types than the limit.
	let limits = Limits { max_feature_types: 2, ..Limits::default() };
	let types = ["ETH", "USDT", "USDC"].map(|s| (s.to_string(), addresses[0].clone()));
	let body = render(ListFormat::AdvancedXml, &types, PUBLISHED, true);
	assert_eq!(parse(ListFormat::AdvancedXml, &body, limits), Err(ParseError::TooManyEntries));
	assert!(parse(ListFormat::AdvancedXml, &body, Limits::default()).is_ok());
}

#[test]
fn invalid_utf8() {
	let bad: &[u8] = &[0xC3, 0x28];
	let mut text = b"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\n# ".to_vec();
	text.extend_from_slice(bad);
	assert_eq!(
		parse(ListFormat::Text, &text, Limits::default()),
		Err(ParseError::InvalidUtf8 { offset: 46 })
	);
	let mut json = b"[\"T".to_vec();
	json.extend_from_slice(bad);
	json.extend_from_slice(b"\"]");
	assert_eq!(
		parse(ListFormat::Json, &json, Limits::default()),
		Err(ParseError::InvalidUtf8 { offset: 4 })
	);
	for format in [ListFormat::AdvancedXml, ListFormat::SdnXml] {
		let body = fixture(format).replace("&amp; SONS", "\u{1F600}\u{FFFD}");
		assert!(parse(format, body.as_bytes(), Limits::default()).is_ok(), "valid UTF-8 is fine");
		let mut bytes = body.replace("\u{1F600}", "@@@@").into_bytes();
		let at = bytes.iter().position(|&b| b == b'@').unwrap();
		bytes[at..at + 4].copy_from_slice(&[0xF0, 0x9F, 0x98, 0x41]);
		assert_eq!(
			parse(format, &bytes, Limits::default()),
			Err(ParseError::InvalidUtf8 { offset: at as u64 + 3 }),
			"{format:?}"
		);
		// An overlong form and a surrogate.
		for seq in [[0xC0, 0xAF, 0x20, 0x20], [0xED, 0xA0, 0x80, 0x20]] {
			bytes[at..at + 4].copy_from_slice(&seq);
			assert_eq!(
				parse(format, &bytes, Limits::default()),
				Err(ParseError::InvalidUtf8 { offset: at as u64 + u64::from(seq[0] == 0xED) }),
				"{format:?} {seq:x?}"
			);
		}
	}
}

#[test]
fn random_garbage_bytes() {
	let mut rng = Rng(0x5EED);
	for round in 0..2_000 {
		let len = (rng.next() % 300) as usize + 64;
		let body: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
		for format in
			[ListFormat::AdvancedXml, ListFormat::SdnXml, ListFormat::Text, ListFormat::Json]
		{
			assert!(parse(format, &body, Limits::default()).is_err(), "{format:?} round {round}");
		}
	}
	// A byte changed anywhere in a valid fixture: an error or a list with no more values (one
	// more in text), never a panic.
	for (format, current) in RENDERINGS {
		let entries: Vec<_> = mixed_entries()
			.into_iter()
			.filter(|(_, v)| {
				v != "0x12" || matches!(format, ListFormat::AdvancedXml | ListFormat::SdnXml)
			})
			.collect();
		let body = render(format, &entries, PUBLISHED, current);
		let full = parse(format, &body, Limits::default()).unwrap();
		let mut errors = 0;
		for _ in 0..2_000 {
			let mut mutated = body.clone();
			let at = (rng.next() as usize) % mutated.len();
			mutated[at] = rng.next() as u8;
			match parse(format, &mutated, Limits::default()) {
				// (A line feed put into a Tron value splits it in two.)
				Ok(list) => assert!(
					list.values <= full.values + u32::from(format == ListFormat::Text),
					"{format:?} at {at}"
				),
				Err(_) => errors += 1,
			}
		}
		assert!(errors > 500, "{format:?}: only {errors} errors");
	}
}
