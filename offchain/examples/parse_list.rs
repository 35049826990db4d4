//! Parses a sanctions-list file as an off-chain worker would (streamed in 4 KiB chunks, never
//! read whole) and prints what it holds; or writes a synthetic SDN Advanced XML.
//!
//! ```text
//! cargo run --release -p genex-offchain --example parse_list -- <advanced-xml|sdn-xml|text|json> <file> [--list]
//! cargo run --release -p genex-offchain --example parse_list -- --generate <bytes> <addresses> <out-file>
//! ```

use genex_offchain::sanctions::{fixtures::synthetic_advanced_xml, Limits, ListFormat, ListParser};
use genex_primitives::AccountId20;
use std::{
	fs::File,
	io::{BufWriter, Read, Write},
	process::ExitCode,
	time::Instant,
};

const USAGE: &str = "usage: parse_list <advanced-xml|sdn-xml|text|json> <file> [--list]\n       parse_list --generate <bytes> <addresses> <out-file>";

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn generate(bytes: &str, addresses: &str, path: &str) -> Result<(), String> {
	let bytes: usize = bytes.parse().map_err(|e| format!("<bytes>: {e}"))?;
	let addresses: usize = addresses.parse().map_err(|e| format!("<addresses>: {e}"))?;
	let file = File::create(path).map_err(|e| format!("{path}: {e}"))?;
	let mut out = BufWriter::new(file);
	synthetic_advanced_xml(bytes, addresses, 1, &mut out).map_err(|e| format!("{path}: {e}"))?;
	out.flush().map_err(|e| format!("{path}: {e}"))?;
	let size = std::fs::metadata(path).map_err(|e| format!("{path}: {e}"))?.len();
	println!("wrote {path}: {size} bytes, {addresses} addresses");
	Ok(())
}

fn parse(format: &str, path: &str, list: bool) -> Result<(), String> {
	let format = match format {
		"advanced-xml" => ListFormat::AdvancedXml,
		"sdn-xml" => ListFormat::SdnXml,
		"text" => ListFormat::Text,
		"json" => ListFormat::Json,
		other => return Err(format!("unknown format {other}\n{USAGE}")),
	};
	let mut file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
	let started = Instant::now();
	let mut parser = ListParser::new(format, Limits::default());
	let mut chunk = [0u8; 4_096];
	loop {
		let n = file.read(&mut chunk).map_err(|e| format!("{path}: {e}"))?;
		if n == 0 {
			break;
		}
		parser.feed(&chunk[..n]).map_err(|e| format!("{path}: {e}"))?;
	}
	let bytes = parser.bytes_read();
	let result = parser.finish().map_err(|e| format!("{path}: {e}"))?;
	let elapsed = started.elapsed();
	if list {
		for address in &result.addresses {
			println!("{}", AccountId20(*address));
		}
	}
	println!("bytes read:     {bytes}");
	println!("addresses:      {}", result.addresses.len());
	println!("values:         {}", result.values);
	println!("duplicates:     {}", result.duplicates);
	println!("non-EVM:        {}", result.non_evm);
	println!("invalid:        {}", result.invalid_values);
	println!("bad checksums:  {}", result.bad_checksums.len());
	for address in &result.bad_checksums {
		println!("  {}", AccountId20(*address));
	}
	match result.published_at {
		Some(ms) => {
			let (y, m, d) = genex_primitives::calendar::civil_from_days(
				(ms / genex_primitives::calendar::DAY_MS) as u32,
			);
			println!("published at:   {ms} ms ({y:04}-{m:02}-{d:02})");
		},
		None => println!("published at:   (not in the file)"),
	}
	println!("list hash:      0x{}", hex(&result.list_hash()));
	println!(
		"parsed in:      {:.3} s ({:.0} MB/s)",
		elapsed.as_secs_f64(),
		bytes as f64 / 1e6 / elapsed.as_secs_f64().max(1e-9)
	);
	Ok(())
}

fn main() -> ExitCode {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
		["--generate", bytes, addresses, path] => generate(bytes, addresses, path),
		[format, path] => parse(format, path, false),
		[format, path, "--list"] => parse(format, path, true),
		_ => Err(USAGE.to_string()),
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("{error}");
			ExitCode::FAILURE
		},
	}
}
