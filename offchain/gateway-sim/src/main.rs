//! `genex-gateway-sim`: the local stand-in for Genex Chain's outside services on dev networks
//! and in tests.
//!
//! - `serve` (the default): an HTTP/1.1 server on loopback that serves the sanctions lists in a
//!   directory (`GET /lists/<name>`), with fault injection (`/control/faults`) and request
//!   counts (`/control/requests`), so that the off-chain worker's list sync can be tested end to
//!   end with no outside service. See `README.md` for the HTTP API.
//! - `generate`: a synthetic sanctions list of n distinct addresses in any list format.
//! - `render`: the addresses of a text or JSON list re-rendered in another format.
//!
//! std only, with a small hand-written HTTP layer (`http.rs`) and a thread per connection.

mod date;
mod faults;
mod http;
mod lists;
mod server;

use std::{
	fs,
	io::{self, Write},
	net::{SocketAddr, TcpListener, ToSocketAddrs},
	path::{Path, PathBuf},
	process::ExitCode,
	sync::Arc,
	time::{SystemTime, UNIX_EPOCH},
};

use clap::{Args, Parser, Subcommand, ValueEnum};
use genex_offchain::sanctions::{
	fixtures::{render, synthetic_addresses, Published},
	ListFormat,
};

/// The local stand-in for Genex Chain's outside services (sanctions lists with fault
/// injection) on dev networks and in tests.
#[derive(Debug, Parser)]
#[command(
	name = "genex-gateway-sim",
	version,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
struct Cli {
	/// What to do; `serve` when left out.
	#[command(subcommand)]
	command: Option<Command>,
	/// The options of `serve`, when the command is left out.
	#[command(flatten)]
	serve: ServeArgs,
}

/// The commands.
#[derive(Debug, Subcommand)]
enum Command {
	/// Serve the lists in a directory over HTTP (the default command).
	Serve(ServeArgs),
	/// Write a synthetic list of distinct addresses.
	Generate(GenerateArgs),
	/// Re-render the addresses of a text or JSON list in another format.
	Render(RenderArgs),
}

/// Options of `serve`.
#[derive(Debug, Args)]
struct ServeArgs {
	/// The address to listen on (port 0: the OS picks one).
	#[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9960")]
	listen: String,
	/// The directory whose files are served under /lists/.
	#[arg(long, value_name = "DIR", required = true)]
	lists: Option<PathBuf>,
	/// Allow listening on an address other than loopback.
	#[arg(long)]
	allow_remote: bool,
	/// Log one line per request to stderr.
	#[arg(long, short)]
	verbose: bool,
}

/// Options of `generate`.
#[derive(Debug, Args)]
struct GenerateArgs {
	/// How many distinct addresses.
	#[arg(long, value_name = "N")]
	addresses: usize,
	/// The list format.
	#[arg(long, value_enum)]
	format: Format,
	/// The seed of the addresses (the same seed gives the same addresses).
	#[arg(long, default_value_t = 0)]
	seed: u64,
	#[command(flatten)]
	render: RenderOptions,
}

/// Options of `render`.
#[derive(Debug, Args)]
struct RenderArgs {
	/// The list to read: one address per line (`#` comments), or a JSON array of strings.
	#[arg(long, value_name = "FILE")]
	input: PathBuf,
	/// The list format to write.
	#[arg(long, value_enum)]
	format: Format,
	#[command(flatten)]
	render: RenderOptions,
}

/// Options `generate` and `render` share.
#[derive(Debug, Args)]
struct RenderOptions {
	/// The publication date written into the list (XML formats); today (UTC) when left out.
	#[arg(long, value_name = "YYYY-MM-DD")]
	date: Option<String>,
	/// The currency symbol of the addresses (XML formats).
	#[arg(long, default_value = "ETH")]
	symbol: String,
	/// Use OFAC's namespace from before May 2024 (XML formats).
	#[arg(long)]
	legacy_namespace: bool,
	/// The file to write; stdout when left out.
	#[arg(long, value_name = "FILE")]
	out: Option<PathBuf>,
}

/// A list format on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
	/// OFAC's SDN Advanced XML.
	AdvancedXml,
	/// OFAC's legacy SDN XML.
	SdnXml,
	/// One address per line.
	Text,
	/// A JSON array of strings.
	Json,
}

impl From<Format> for ListFormat {
	fn from(format: Format) -> Self {
		match format {
			Format::AdvancedXml => ListFormat::AdvancedXml,
			Format::SdnXml => ListFormat::SdnXml,
			Format::Text => ListFormat::Text,
			Format::Json => ListFormat::Json,
		}
	}
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match cli.command {
		None => serve(cli.serve),
		Some(Command::Serve(args)) => serve(args),
		Some(Command::Generate(args)) => generate(args),
		Some(Command::Render(args)) => render_list(args),
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(message) => {
			eprintln!("genex-gateway-sim: {message}");
			ExitCode::FAILURE
		},
	}
}

/// Binds, prints the address, serves until the process is killed.
fn serve(args: ServeArgs) -> Result<(), String> {
	let Some(lists_dir) = args.lists else { return Err("--lists <DIR> is required".into()) };
	if !lists_dir.is_dir() {
		return Err(format!("--lists {}: not a directory", lists_dir.display()));
	}
	let addrs: Vec<SocketAddr> = args
		.listen
		.to_socket_addrs()
		.map_err(|e| format!("--listen {}: {e}", args.listen))?
		.collect();
	if addrs.is_empty() {
		return Err(format!("--listen {}: no address", args.listen));
	}
	if !args.allow_remote {
		if let Some(remote) = addrs.iter().find(|a| !a.ip().is_loopback()) {
			return Err(format!(
				"--listen {}: {} is not a loopback address (pass --allow-remote to serve it)",
				args.listen,
				remote.ip()
			));
		}
	}
	let listener = TcpListener::bind(&addrs[..])
		.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
	let local = listener
		.local_addr()
		.map_err(|e| format!("cannot read the bound address: {e}"))?;
	let mut stdout = io::stdout().lock();
	writeln!(stdout, "genex-gateway-sim listening on http://{local}")
		.and_then(|()| stdout.flush())
		.map_err(|e| format!("cannot write to stdout: {e}"))?;
	drop(stdout);
	server::serve(listener, Arc::new(server::State::new(lists_dir, args.verbose)))
}

/// `generate`: synthetic addresses rendered in a format.
fn generate(args: GenerateArgs) -> Result<(), String> {
	let addresses = synthetic_addresses(args.addresses, args.seed);
	write_list(args.format, addresses, &args.render)
}

/// `render`: the addresses of a list file rendered in a format.
fn render_list(args: RenderArgs) -> Result<(), String> {
	let bytes =
		fs::read(&args.input).map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
	let addresses = read_addresses(&bytes).map_err(|e| format!("{}: {e}", args.input.display()))?;
	write_list(args.format, addresses, &args.render)
}

/// The values of a list file: a JSON array of strings when it starts with `[`, else one value
/// per line with `#` starting a comment.
fn read_addresses(bytes: &[u8]) -> Result<Vec<String>, String> {
	let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
	let text = text.strip_prefix('\u{feff}').unwrap_or(text);
	if text.trim_start().starts_with('[') {
		return serde_json::from_str::<Vec<String>>(text)
			.map_err(|e| format!("not a JSON array of strings: {e}"));
	}
	Ok(text
		.lines()
		.map(|line| line.split('#').next().unwrap_or("").trim())
		.filter(|value| !value.is_empty())
		.map(str::to_owned)
		.collect())
}

/// Renders `addresses` as `format` to `--out` or stdout.
fn write_list(
	format: Format,
	addresses: Vec<String>,
	options: &RenderOptions,
) -> Result<(), String> {
	let day = match &options.date {
		Some(text) => date::parse_ymd(text).map_err(|e| format!("--date: {e}"))?,
		None => {
			let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
			date::civil_from_days(now.as_secs() / 86_400)
		},
	};
	let published = Published { year: day.year, month: day.month, day: day.day };
	let entries: Vec<(String, String)> =
		addresses.into_iter().map(|a| (options.symbol.clone(), a)).collect();
	let body = render(format.into(), &entries, published, !options.legacy_namespace);
	match &options.out {
		Some(path) => write_file(path, &body),
		None => {
			let mut stdout = io::stdout().lock();
			stdout
				.write_all(&body)
				.and_then(|()| stdout.flush())
				.map_err(|e| format!("cannot write to stdout: {e}"))
		},
	}
}

/// Writes `body` to `path`.
fn write_file(path: &Path, body: &[u8]) -> Result<(), String> {
	fs::write(path, body).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::CommandFactory;

	#[test]
	fn the_command_line_is_consistent() {
		Cli::command().debug_assert();
	}

	#[test]
	fn serve_is_the_default_command() {
		let cli =
			Cli::try_parse_from(["sim", "--listen", "127.0.0.1:0", "--lists", "/tmp"]).unwrap();
		assert!(cli.command.is_none());
		assert_eq!(cli.serve.lists, Some(PathBuf::from("/tmp")));
		let cli = Cli::try_parse_from(["sim", "serve", "--lists", "/tmp"]).unwrap();
		assert!(matches!(cli.command, Some(Command::Serve(ServeArgs { lists: Some(_), .. }))));
		assert!(Cli::try_parse_from(["sim", "serve"]).is_err());
		assert!(Cli::try_parse_from(["sim"]).is_err());
		let cli =
			Cli::try_parse_from(["sim", "generate", "--addresses", "3", "--format", "sdn-xml"])
				.unwrap();
		assert!(matches!(cli.command, Some(Command::Generate(GenerateArgs { addresses: 3, .. }))));
	}

	#[test]
	fn reads_text_and_json_lists() {
		let text = b"# OFAC ETH\n0xAb # first\r\n\n  0xcd  \n#0xee\n";
		assert_eq!(read_addresses(text).unwrap(), ["0xAb", "0xcd"]);
		assert_eq!(read_addresses(b" [\"0x1\", \"0x2\"]").unwrap(), ["0x1", "0x2"]);
		assert!(read_addresses(b"[1, 2]").is_err());
		assert!(read_addresses(b"\xff").is_err());
	}
}
