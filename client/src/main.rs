//! `genex`: the Genex Chain command line. See `genex --help`.

use clap::Parser;

#[tokio::main]
async fn main() {
	let cli = genex_client::cli::Cli::parse();
	match genex_client::cli::run(cli).await {
		Ok(output) => println!("{output}"),
		Err(error) => {
			eprintln!("error: {error:#}");
			std::process::exit(1);
		},
	}
}
