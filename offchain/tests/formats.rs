//! What each format reads: the mixed fixture in every XML rendering, and the details of each
//! format (comments, escapes, namespaces, entities, CDATA, element order…).

mod common;

use common::*;
use genex_offchain::sanctions::{
	fixtures::{render, Published},
	parse, Limits, ListFormat, ParseError, SanctionsList,
};

fn ok(format: ListFormat, body: &str) -> SanctionsList {
	parse(format, body.as_bytes(), Limits::default())
		.unwrap_or_else(|e| panic!("{format:?}: {e}\n{body}"))
}

const ALITH: &str = "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac";
const BALTATHAR: &str = "0x3Cd0A705a2DC65e5b1E1205896BaA2be8A07c6e0";
const CHARLETH: &str = "0x798d4Ba9baf0064Ec19eB4F0a1a45785ae9D6DFc";
const REAL: &str = "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1";

#[test]
fn mixed_xml_fixtures() {
	let mut expected =
		vec![bytes_of(ALITH), bytes_of(BALTATHAR), bytes_of(CHARLETH), bytes_of(REAL)];
	expected.sort();
	for (format, current) in RENDERINGS {
		if matches!(format, ListFormat::Text | ListFormat::Json) {
			continue;
		}
		let body = render(format, &mixed_entries(), PUBLISHED, current);
		let list = parse(format, &body, Limits::default()).unwrap();
		assert_eq!(list.addresses, expected, "{format:?} {current}");
		assert_eq!(list.values, 8);
		assert_eq!(list.duplicates, 1, "the upper-case ALITH");
		assert_eq!(list.non_evm, 2, "Tron and Bitcoin");
		assert_eq!(list.invalid_values, 1, "0x12");
		assert_eq!(list.bad_checksums, vec![bytes_of(CHARLETH)]);
		assert!(list.contains(&bytes_of(CHARLETH)), "a bad checksum is still blocked");
		assert_eq!(list.published_at, Some(published_ms()));
	}
}

#[test]
fn xml_dates() {
	let entries = entries("ETH", &[ALITH.to_string()]);
	for format in [ListFormat::AdvancedXml, ListFormat::SdnXml] {
		let body = render(format, &entries, Published { year: 2026, month: 12, day: 1 }, true);
		let list = parse(format, &body, Limits::default()).unwrap();
		assert_eq!(list.published_at, Some(1_796_083_200_000), "{format:?}");
		// An impossible date is no date.
		let body = render(format, &entries, Published { year: 2026, month: 2, day: 30 }, true);
		assert_eq!(parse(format, &body, Limits::default()).unwrap().published_at, None);
	}
}

#[test]
fn text_details() {
	let body = "\u{feff}# header\r\n\r\n  0xF24FF3A9CF04C71DBC94D0B566F7A27B94566CAC  # Alith, upper case\r\n\
		\t0x3cd0a705a2dc65e5b1e1205896baa2be8a07c6e0\n#0x12 commented out\n   \n\
		TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM\nbc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq#btc\n\
		0xf24ff3a9cf04c71dbc94d0b566f7a27b94566cac\n0x798D4Ba9baf0064Ec19eB4F0a1a45785ae9D6DFc";
	let list = ok(ListFormat::Text, body);
	let mut expected = vec![bytes_of(ALITH), bytes_of(BALTATHAR), bytes_of(CHARLETH)];
	expected.sort();
	assert_eq!(list.addresses, expected);
	assert_eq!((list.values, list.duplicates, list.non_evm, list.invalid_values), (6, 1, 2, 0));
	assert_eq!(list.bad_checksums, vec![bytes_of(CHARLETH)]);
	assert_eq!(list.published_at, None);
	for empty in ["", "\u{feff}", "# nothing\n", "\n\r\n  \n", "# a\n#b"] {
		assert_eq!(ok(ListFormat::Text, empty), SanctionsList::default(), "{empty:?}");
	}
}

#[test]
fn json_details() {
	let body = "\u{feff} [ \"\\u0030\\u0078f24ff3a9cf04c71dbc94d0b566f7a27b94566cac\" ,\n\
		\"0x3Cd0A705a2DC65e5b1E1205896BaA2be8A07c6e0\",\"T\\/x\",\"\",\"  \",\
		\"0XF24FF3A9CF04C71DBC94D0B566F7A27B94566CAC\"\t]\r\n ";
	let list = ok(ListFormat::Json, body);
	let mut expected = vec![bytes_of(ALITH), bytes_of(BALTATHAR)];
	expected.sort();
	assert_eq!(list.addresses, expected);
	assert_eq!((list.values, list.duplicates, list.non_evm), (4, 1, 1));
	assert_eq!(ok(ListFormat::Json, "[]"), SanctionsList::default());
	assert_eq!(ok(ListFormat::Json, " [\n] "), SanctionsList::default());
	// A surrogate pair decodes (to a character no address has: a syntax error at the string);
	// a lone surrogate is a syntax error at the escape.
	let parse_json = |body: &str| parse(ListFormat::Json, body.as_bytes(), Limits::default());
	assert_eq!(parse_json("[\"T\\ud83d\\ude00\"]"), Err(ParseError::Syntax { offset: 1 }));
	assert_eq!(parse_json("[\"T\\ud83dx\"]"), Err(ParseError::Syntax { offset: 9 }));
	assert_eq!(parse_json("[\"T\\ude00\"]"), Err(ParseError::Syntax { offset: 8 }));
	assert_eq!(parse_json("[\"T\\q\"]"), Err(ParseError::Syntax { offset: 4 }));
	assert_eq!(parse_json("[\"T\\u12G4\"]"), Err(ParseError::Syntax { offset: 7 }));
	assert_eq!(parse_json("[\"a\",]"), Err(ParseError::Syntax { offset: 5 }));
	assert_eq!(parse_json("[\"a\" \"b\"]"), Err(ParseError::Syntax { offset: 5 }));
	assert_eq!(parse_json("[\"a\tb\"]"), Err(ParseError::Syntax { offset: 3 }));
	assert_eq!(parse_json("[\"T\\tb\"]"), Err(ParseError::Syntax { offset: 1 }));
}

const ADVANCED_NS: &str =
	"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML";

/// An Advanced XML document around `parties`, with feature type 9001 = ETH, 77 = USDT and
/// 5 = a website.
fn advanced(parties: &str) -> String {
	format!(
		"<?xml version=\"1.0\"?>\n<!DOCTYPE Sanctions SYSTEM \"x.dtd\">\n<!-- comment -->\n\
		<ofac:Sanctions xmlns=\"urn:other\" xmlns:ofac=\"{ADVANCED_NS}\">\
		<ofac:DateOfIssue><ofac:Year> 2025</ofac:Year><ofac:Month>1</ofac:Month><ofac:Day>31 </ofac:Day></ofac:DateOfIssue>\
		<ofac:ReferenceValueSets><ofac:FeatureTypeValues>\
		<ofac:FeatureType FeatureTypeGroupID='1' ID=' 9001 '>\n  Digital Currency Address - ETH\n</ofac:FeatureType>\
		<ofac:FeatureType ID=\"77\"><![CDATA[Digital Currency Address - USDT]]></ofac:FeatureType>\
		<ofac:FeatureType ID=\"5\">Website</ofac:FeatureType>\
		<ofac:FeatureType ID=\"6\">Digital Currency</ofac:FeatureType>\
		</ofac:FeatureTypeValues></ofac:ReferenceValueSets>\
		<ofac:DistinctParties>{parties}</ofac:DistinctParties><?pi inside?></ofac:Sanctions>\n<!-- end -->\n"
	)
}

fn party(features: &str) -> String {
	format!(
		"<ofac:DistinctParty FixedRef=\"1\"><ofac:Comment/><ofac:Profile ID=\"1\">\
		<ofac:Identity><ofac:Alias><ofac:DocumentedName>0xf24ff3a9cf04c71dbc94d0b566f7a27b94566cac</ofac:DocumentedName></ofac:Alias></ofac:Identity>\
		{features}</ofac:Profile></ofac:DistinctParty>"
	)
}

fn feature(type_id: &str, detail: &str) -> String {
	format!(
		"<ofac:Feature ID=\"3\" FeatureTypeID=\"{type_id}\"><ofac:FeatureVersion ID=\"4\" ReliabilityID=\"1\">\
		<ofac:Comment/><ofac:VersionDetail DetailTypeID=\"1432\">{detail}</ofac:VersionDetail>\
		</ofac:FeatureVersion></ofac:Feature>"
	)
}

#[test]
fn advanced_xml_details() {
	let body = advanced(&format!(
		"{}{}",
		party(&format!(
			"{}{}{}",
			feature("9001", "\n  0x3cd0a705a2dc65e5b1e1205896baa2be8a07c6e0\n"),
			// Entities, a comment and CDATA inside the value.
			feature("77", "0x&#x66;24ff3a9cf04c71dbc94d0b566f7a27b<!-- x -->94566<![CDATA[cac]]>"),
			// Not a currency feature type: ignored.
			feature("5", "0x798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc"),
		)),
		party(&feature("6", "0x798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc")),
	));
	let list = ok(ListFormat::AdvancedXml, &body);
	let mut expected = vec![bytes_of(ALITH), bytes_of(BALTATHAR)];
	expected.sort();
	assert_eq!(list.addresses, expected);
	assert_eq!(list.values, 2);
	assert_eq!(
		list.published_at,
		Some(
			u64::from(genex_primitives::calendar::days_from_civil(2025, 1, 31).unwrap())
				* genex_primitives::calendar::DAY_MS
		)
	);

	// VersionDetail outside a Feature/FeatureVersion is not a value, not even directly
	// under a digital-currency Feature.
	let stray = advanced(&party(
		"<ofac:VersionDetail>0x798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc</ofac:VersionDetail>\
		<ofac:Feature FeatureTypeID=\"9001\"><ofac:VersionDetail>0x798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc</ofac:VersionDetail></ofac:Feature>",
	));
	assert_eq!(ok(ListFormat::AdvancedXml, &stray).values, 0);

	// The old namespace, default-namespaced, attributes in single quotes.
	let old = format!(
		"<Sanctions xmlns='http://www.un.org/sanctions/1.0'><ReferenceValueSets><FeatureTypeValues>\
		<FeatureType ID='1'>Digital Currency Address - ARB</FeatureType></FeatureTypeValues></ReferenceValueSets>\
		<DistinctParties><DistinctParty><Profile><Feature FeatureTypeID='1'><FeatureVersion>\
		<VersionDetail>{CHARLETH}</VersionDetail><VersionDetail>TRON</VersionDetail></FeatureVersion></Feature></Profile></DistinctParty>\
		</DistinctParties></Sanctions>"
	);
	let list = ok(ListFormat::AdvancedXml, &old);
	assert_eq!(list.addresses, vec![bytes_of(CHARLETH)]);
	assert_eq!((list.values, list.non_evm, list.published_at), (2, 1, None));
}

#[test]
fn advanced_xml_order_and_identity() {
	// Parties before reference values cannot be read in one pass: refused.
	let body = format!(
		"<Sanctions xmlns=\"{ADVANCED_NS}\"><DistinctParties/><ReferenceValueSets/></Sanctions>"
	);
	assert_eq!(
		parse(ListFormat::AdvancedXml, body.as_bytes(), Limits::default()),
		Err(ParseError::UnexpectedDocument { offset: 107 })
	);
	// Reference values again after the parties: refused too.
	let body = format!(
		"<Sanctions xmlns=\"{ADVANCED_NS}\"><ReferenceValueSets/><DistinctParties/><ReferenceValueSets/></Sanctions>"
	);
	assert!(matches!(
		parse(ListFormat::AdvancedXml, body.as_bytes(), Limits::default()),
		Err(ParseError::UnexpectedDocument { .. })
	));
	// No parties at all: an empty list.
	let body = format!("<Sanctions xmlns=\"{ADVANCED_NS}\"/>");
	assert_eq!(ok(ListFormat::AdvancedXml, &body), SanctionsList::default());
}

#[test]
fn sdn_xml_details() {
	let body = format!(
		"\u{feff}<?xml version=\"1.0\" standalone=\"yes\"?>\
		<sdnList xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://tempuri.org/sdnList.xsd\">\
		<publshInformation><Publish_Date>12/31/2023</Publish_Date><Record_Count>2</Record_Count></publshInformation>\
		<sdnEntry><uid>1</uid><lastName>0x798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc</lastName><idList>\
		<id><idNumber>{ALITH}</idNumber><idType>Digital Currency Address - ETH</idType></id>\
		<id><idType>Digital Currency Address - USDT</idType><idNumber> {BALTATHAR} </idNumber></id>\
		<id><idType>Passport</idType><idNumber>0x798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc</idNumber></id>\
		<id><idType>Digital Currency Address - XBT</idType></id>\
		<id><idType>Digital Currency Address - ETH</idType><idNumber>0x123</idNumber></id>\
		</idList></sdnEntry><sdnEntry/></sdnList>"
	);
	let list = ok(ListFormat::SdnXml, &body);
	let mut expected = vec![bytes_of(ALITH), bytes_of(BALTATHAR)];
	expected.sort();
	assert_eq!(list.addresses, expected);
	assert_eq!((list.values, list.invalid_values), (3, 1));
	assert_eq!(
		list.published_at,
		Some(
			u64::from(genex_primitives::calendar::days_from_civil(2023, 12, 31).unwrap())
				* genex_primitives::calendar::DAY_MS
		)
	);
}

#[test]
fn long_text_that_is_not_kept_is_fine() {
	// OFAC's remarks can be long; only kept values are bounded.
	let remarks = "r".repeat(10_000);
	let body = String::from_utf8(render(
		ListFormat::SdnXml,
		&entries("ETH", &[ALITH.to_string()]),
		PUBLISHED,
		true,
	))
	.unwrap()
	.replace("<sdnType>", &format!("<remarks>{remarks}</remarks><sdnType>"));
	assert_eq!(ok(ListFormat::SdnXml, &body).addresses, vec![bytes_of(ALITH)]);
	// A long currency value is not.
	let body = String::from_utf8(render(
		ListFormat::SdnXml,
		&entries("ETH", &[format!("0x{remarks}")]),
		PUBLISHED,
		true,
	))
	.unwrap();
	assert!(matches!(
		parse(ListFormat::SdnXml, body.as_bytes(), Limits::default()),
		Err(ParseError::TooLong { .. })
	));
}

#[test]
fn display_is_short_english() {
	let errors = [
		ParseError::Truncated,
		ParseError::Syntax { offset: 3 },
		ParseError::UnexpectedDocument { offset: 3 },
		ParseError::BadAddress { offset: 3 },
		ParseError::TooManyEntries,
		ParseError::TooLong { offset: 3 },
		ParseError::TooDeep { offset: 3 },
		ParseError::InvalidUtf8 { offset: 3 },
	];
	let texts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
	for (error, text) in errors.iter().zip(&texts) {
		assert!(text.ends_with('.') && text.len() < 100, "{text}");
		if !matches!(error, ParseError::Truncated | ParseError::TooManyEntries) {
			assert!(text.contains("byte 3"), "{text}");
		}
	}
	let distinct: std::collections::BTreeSet<_> = texts.iter().collect();
	assert_eq!(distinct.len(), errors.len());
}

#[test]
fn parse_http_date_from_the_root() {
	assert_eq!(
		genex_offchain::parse_http_date("Wed, 02 Dec 2026 05:52:10 GMT"),
		Some(1_796_190_730_000)
	);
	assert_eq!(genex_offchain::parse_http_date("Wed, 02 Dec 2026 05:52:10"), None);
	assert_eq!(genex_offchain::parse_http_date("2026-12-02T05:52:10Z"), None);
}
