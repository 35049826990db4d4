//! `genex-gateway-sim`: the local stand-in for Genex Chain's outside services on dev networks
//! and in tests.
//!
//! - `serve` (the default): an HTTP/1.1 server on loopback that serves the sanctions lists in a
//!   directory (`GET /lists/<name>`) and two simulated banks (`/banks/primary_bank/`,
//!   `/banks/backup_processor/`: deposits, payouts, reserves, statements, with ledgers kept in a
//!   data directory), with fault injection (`/control/faults`) and request counts
//!   (`/control/requests`), so that the off-chain workers can be tested end to end with no
//!   outside service. See `README.md` for the HTTP API.
//! - `deposit`: a user's bank transfer to a running simulator's bank; prints its reference.
//! - `payouts`, `statement`, `reserves`: a running simulator's bank ledger, as JSON.
//! - `generate`: a synthetic sanctions list of n distinct addresses in any list format.
//! - `render`: the addresses of a text or JSON list re-rendered in another format.
//!
//! std only, with a small hand-written HTTP layer (`http.rs`) and a thread per connection.

mod banks;
mod client;
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
use genex_offchain::{
	bridge::{
		deposit_notice_request, parse_address, parse_currency, parse_deposit_receipt,
		parse_fiat_decimal, reserves_at_request, statement_request, BridgeError, PRIMARY_BANK,
	},
	sanctions::{
		fixtures::{render, synthetic_addresses, Published},
		ListFormat,
	},
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
	/// Simulate a user's bank transfer to a running simulator's bank; prints the reference.
	Deposit(DepositArgs),
	/// Print a running simulator's bank's payouts (JSON).
	Payouts(Remote),
	/// Print a running simulator's bank's statement (JSON).
	Statement(StatementArgs),
	/// Print a running simulator's bank's reserves now (JSON: the statement at this moment).
	Reserves(Remote),
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
	/// Where the banks keep their ledgers (`<bank>.json`, kept across restarts); default
	/// `<lists>/.banks`.
	#[arg(long, value_name = "DIR")]
	data_dir: Option<PathBuf>,
	/// Starting reserves of a bank's new ledger, in base units (repeatable), e.g.
	/// `primary_bank:USDC=1000000000000`. A stored ledger keeps its own.
	#[arg(long, value_name = "BANK:ASSET=UNITS")]
	reserve: Vec<String>,
	/// A fixed exchange rate for deposits and payouts in another currency than USD
	/// (repeatable), US dollars per unit with at most 6 decimals, e.g. `EUR=1.08`.
	#[arg(long, value_name = "CUR=USD")]
	rate: Vec<String>,
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

/// Where a running simulator is, and which of its banks.
#[derive(Debug, Args)]
struct Remote {
	/// The simulator's address.
	#[arg(long, value_name = "URL", default_value = "http://127.0.0.1:9960")]
	url: String,
	/// The bank.
	#[arg(long, default_value = PRIMARY_BANK, value_parser = banks::BANK_NAMES)]
	bank: String,
}

impl Remote {
	/// The bank's base URL, `<url>/banks/<bank>`.
	fn base(&self) -> String {
		format!("{}/banks/{}", self.url.trim_end_matches('/'), self.bank)
	}
}

/// Options of `deposit`.
#[derive(Debug, Args)]
struct DepositArgs {
	/// The account credited on chain: 0x and 40 hex digits.
	#[arg(long, value_name = "ADDRESS")]
	to: String,
	/// The amount, with at most 2 decimals (`100`, `100.5`, `0.01`).
	#[arg(long)]
	amount: String,
	/// The currency (ISO 4217).
	#[arg(long, default_value = "USD")]
	currency: String,
	#[command(flatten)]
	remote: Remote,
}

/// Options of `statement`.
#[derive(Debug, Args)]
struct StatementArgs {
	/// From this time (ms since the epoch, inclusive).
	#[arg(long, value_name = "MS", default_value_t = 0)]
	from: u64,
	/// Until this time (ms since the epoch, exclusive); no end when left out.
	#[arg(long, value_name = "MS")]
	to: Option<u64>,
	#[command(flatten)]
	remote: Remote,
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
		Some(Command::Deposit(args)) => deposit(args),
		Some(Command::Payouts(remote)) => {
			print_answer(client::get(&format!("{}/payouts", remote.base())))
		},
		Some(Command::Statement(args)) => {
			let to = args.to.unwrap_or(u64::MAX);
			statement_request(&args.remote.base(), args.from, to)
				.map_err(|e| format!("--from/--to: {e}"))
				.and_then(|request| print_answer(client::send(&request)))
		},
		Some(Command::Reserves(remote)) => {
			// The live balance: the statement at this moment, not the minute's cut-off.
			print_answer(client::send(&reserves_at_request(&remote.base(), banks::now_ms())))
		},
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
	let starting = args
		.reserve
		.iter()
		.map(|text| banks::parse_reserve(text).map_err(|e| format!("--reserve {e}")))
		.collect::<Result<Vec<_>, _>>()?;
	let rates = args
		.rate
		.iter()
		.map(|text| banks::parse_rate(text).map_err(|e| format!("--rate {e}")))
		.collect::<Result<banks::Rates, _>>()?;
	let data_dir = args.data_dir.unwrap_or_else(|| lists_dir.join(".banks"));
	let banks = banks::Banks::open(&data_dir, &starting, rates)?;
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
	if args.verbose {
		eprintln!("bank ledgers in {}", banks.dir().display());
	}
	server::serve(listener, Arc::new(server::State::new(lists_dir, banks, args.verbose)))
}

/// What a command says about an argument it cannot use.
fn arg_error(err: BridgeError) -> String {
	match err {
		BridgeError::BadAmount { .. } | BridgeError::AmountOutOfRange { .. } => {
			format!("{err}: give a positive amount with at most 2 decimals, e.g. 100 or 100.50")
		},
		other => other.to_string(),
	}
}

/// `deposit`: posts a bank transfer to the simulator; prints the bank's reference.
fn deposit(args: DepositArgs) -> Result<(), String> {
	let account = parse_address(&args.to, "--to").map_err(arg_error)?;
	let currency = parse_currency(&args.currency, "--currency").map_err(arg_error)?;
	let amount_minor = parse_fiat_decimal(&args.amount, "--amount").map_err(arg_error)?;
	let request = deposit_notice_request(&args.remote.base(), &account, &currency, amount_minor)
		.map_err(arg_error)?;
	let (status, body) = client::send(&request)?;
	if status != 200 {
		return Err(format!(
			"{} refused the deposit ({status}): {}",
			args.remote.bank,
			String::from_utf8_lossy(&body).trim()
		));
	}
	let receipt = parse_deposit_receipt(&body)
		.map_err(|e| format!("unexpected answer of {}: {e}", args.remote.bank))?;
	println!("{}", receipt.reference);
	Ok(())
}

/// Prints a 200 answer's body to stdout; any other status is an error.
fn print_answer(answer: Result<(u16, Vec<u8>), String>) -> Result<(), String> {
	let (status, body) = answer?;
	if status != 200 {
		return Err(format!(
			"the simulator answered {status}: {}",
			String::from_utf8_lossy(&body).trim()
		));
	}
	let mut stdout = io::stdout().lock();
	stdout
		.write_all(&body)
		.and_then(|()| stdout.flush())
		.map_err(|e| format!("cannot write to stdout: {e}"))
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
	fn bank_commands_parse() {
		let cli =
			Cli::try_parse_from(["sim", "deposit", "--to", "0x1", "--amount", "1.5"]).unwrap();
		let Some(Command::Deposit(args)) = cli.command else { panic!("not a deposit") };
		assert_eq!((args.currency.as_str(), args.remote.bank.as_str()), ("USD", PRIMARY_BANK));
		assert_eq!(args.remote.base(), "http://127.0.0.1:9960/banks/primary_bank");
		let cli = Cli::try_parse_from([
			"sim",
			"payouts",
			"--bank",
			"backup_processor",
			"--url",
			"http://127.0.0.1:1/",
		])
		.unwrap();
		let Some(Command::Payouts(remote)) = cli.command else { panic!("not payouts") };
		assert_eq!(remote.base(), "http://127.0.0.1:1/banks/backup_processor");
		assert!(Cli::try_parse_from(["sim", "payouts", "--bank", "nobank"]).is_err());
		assert!(Cli::try_parse_from(["sim", "deposit", "--amount", "1"]).is_err());
		let cli = Cli::try_parse_from([
			"sim",
			"--lists",
			"/tmp",
			"--reserve",
			"primary_bank:USDC=5",
			"--rate",
			"EUR=1.08",
		])
		.unwrap();
		assert_eq!((cli.serve.reserve.len(), cli.serve.rate.len()), (1, 1));
	}

	#[test]
	fn amount_errors_explain_the_format() {
		let err = arg_error(parse_fiat_decimal("1.234", "--amount").unwrap_err());
		assert!(err.starts_with("--amount") && err.contains("at most 2 decimals"), "{err}");
		let err = arg_error(parse_address("0x12", "--to").unwrap_err());
		assert!(err.starts_with("--to"), "{err}");
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
