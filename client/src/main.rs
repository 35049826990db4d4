//! `genex`: the Genex Chain command line. See `genex --help`.

use clap::Parser;

#[tokio::main]
async fn main() {
	let cli = genex_client::cli::Cli::parse();
	match genex_client::cli::run(cli).await {
		Ok(output) => println!("{output}"),
		// A report of problems found (e.g. reconciliation discrepancies): its output, status 3
		// (1 is an error, 2 a usage error).
		Err(error) if error.downcast_ref::<genex_client::cli::Flagged>().is_some() => {
			println!("{error}");
			std::process::exit(3);
		},
		Err(error) => {
			eprintln!("error: {}", describe(&error));
			std::process::exit(1);
		},
	}
}

/// The error and its causes, leaving out a cause whose text the previous message already
/// contains (subxt's errors repeat their sources in their own text).
fn describe(error: &anyhow::Error) -> String {
	let mut text = String::new();
	for cause in error.chain() {
		let message = cause.to_string();
		if !text.contains(&message) {
			if !text.is_empty() {
				text.push_str(": ");
			}
			text.push_str(&message);
		}
	}
	text
}
