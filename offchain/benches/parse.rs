//! Parsing throughput: a ~100 MB synthetic SDN Advanced XML (the size of OFAC's file) and a
//! 100,000-address text list, fed in 4 KiB chunks as an off-chain worker receives them.
//! `cargo bench -p genex-offchain --bench parse`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use genex_offchain::sanctions::{
	fixtures::{synthetic_addresses, synthetic_advanced_xml},
	Limits, ListFormat, ListParser,
};
use std::{hint::black_box, time::Duration};

const XML_BYTES: usize = 100_000_000;
const XML_ADDRESSES: usize = 2_000;
const TEXT_ADDRESSES: usize = 100_000;

fn parse_in_chunks(format: ListFormat, body: &[u8]) -> usize {
	let mut parser = ListParser::new(format, Limits::default());
	for chunk in body.chunks(4_096) {
		parser.feed(black_box(chunk)).expect("the fixture is valid");
	}
	parser.finish().expect("the fixture is complete").addresses.len()
}

fn parse(c: &mut Criterion) {
	let mut xml = Vec::with_capacity(XML_BYTES + 1_000_000);
	synthetic_advanced_xml(XML_BYTES, XML_ADDRESSES, 1, &mut xml).expect("writes to memory");
	assert_eq!(parse_in_chunks(ListFormat::AdvancedXml, &xml), XML_ADDRESSES);

	let mut group = c.benchmark_group("sanctions list parsing");
	group.sample_size(10);
	group.measurement_time(Duration::from_secs(20));
	group.throughput(Throughput::Bytes(xml.len() as u64));
	group.bench_function(format!("SDN Advanced XML, {} bytes", xml.len()), |b| {
		b.iter(|| parse_in_chunks(ListFormat::AdvancedXml, &xml))
	});
	drop(xml);

	let text = synthetic_addresses(TEXT_ADDRESSES, 2).join("\n").into_bytes();
	group.throughput(Throughput::Bytes(text.len() as u64));
	group.measurement_time(Duration::from_secs(5));
	group.bench_function(format!("text, {TEXT_ADDRESSES} addresses"), |b| {
		b.iter(|| parse_in_chunks(ListFormat::Text, &text))
	});
	group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
