//! Helpers for end-to-end tests: run the real `genex-node` binary on free loopback ports and
//! talk to it over JSON-RPC.
#![allow(dead_code)]

use std::{
	fs,
	io::{BufRead, BufReader, Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::rpcs::{rpc_params, RpcClient};

/// The `genex-node` binary cargo built for this test run.
pub const NODE_BINARY: &str = env!("CARGO_BIN_EXE_genex-node");

/// A file of OFAC's published lists in `../shared/testdata/ofac`. The manifest directory is read
/// when the test runs (cargo sets it), not baked in at build time: a target directory shared by
/// two checkouts keeps test binaries built in the other one.
pub fn ofac_file(name: &str) -> String {
	let manifest = std::env::var("CARGO_MANIFEST_DIR")
		.unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
	format!("{manifest}/../../shared/testdata/ofac/{name}")
}

/// The `genex` CLI, built next to `genex-node` by `cargo test --workspace` (the client
/// crate's tests build its binary).
pub fn genex_cli() -> PathBuf {
	let path = Path::new(NODE_BINARY).with_file_name("genex");
	assert!(
		path.exists(),
		"{} is missing: build it with `cargo build --release -p genex-client` (scripts/test.sh does)",
		path.display()
	);
	path
}

/// Runs `genex` against `url`; returns (success, stdout, stderr).
pub fn genex(url: &str, args: &[&str]) -> (bool, String, String) {
	let output = Command::new(genex_cli())
		.arg("--url")
		.arg(url)
		.args(args)
		.output()
		.expect("run genex");
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).trim().to_string(),
		String::from_utf8_lossy(&output.stderr).trim().to_string(),
	)
}

/// Runs a `genex` command that must succeed; returns what it printed.
pub fn ok(url: &str, args: &[&str]) -> String {
	let (success, stdout, stderr) = genex(url, args);
	assert!(success, "genex {args:?} failed: {stderr}");
	stdout
}

/// Runs `genex <args>` every second until `done` holds for its output; returns the output and
/// the time it took. The deadline guards against a hung chain; timing assertions are the
/// caller's.
pub fn poll_cli(
	url: &str,
	args: &[&str],
	within: Duration,
	done: impl Fn(&str) -> bool,
) -> (String, Duration) {
	let started = Instant::now();
	loop {
		let out = ok(url, args);
		if done(&out) {
			return (out, started.elapsed());
		}
		assert!(
			started.elapsed() < within,
			"genex {args:?} never matched within {within:?}:\n{out}"
		);
		std::thread::sleep(Duration::from_secs(1));
	}
}

/// Runs a `genex` command that must fail; returns its error text.
pub fn refused(url: &str, args: &[&str]) -> String {
	let (success, stdout, stderr) = genex(url, args);
	assert!(!success, "genex {args:?} should fail, printed {stdout}");
	stderr
}

/// `issuer` (a dev account) applies as an issuer and Alith approves it; it creates class 0
/// of `supply` coupons of `face` dollars expiring in 90 days, Alith approves the class, and
/// `issuer` mints them all.
pub fn issue_first_class(url: &str, issuer: &str, company: &str, face: &str, supply: &str) {
	ok(url, &["issuer", "apply", "--company", company, "--licence", "BL-1", "--signer", issuer]);
	ok(url, &["issuer", "approve", issuer, "--signer", "alith"]);
	ok(
		url,
		&[
			"class", "create", "--face", face, "--expiry", "+90", "--supply", supply, "--signer",
			issuer,
		],
	);
	ok(url, &["class", "approve", "0", "--signer", "alith"]);
	ok(url, &["coupons", "mint", "0", supply, "--signer", issuer]);
}

/// A free TCP port on loopback (the OS picks it; the tiny race with other processes is
/// acceptable in tests).
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A scratch directory removed when dropped.
pub struct ScratchDir(pub PathBuf);

impl ScratchDir {
	pub fn new(name: &str) -> Self {
		let path = std::env::temp_dir().join(format!("genex-e2e-{}-{name}", std::process::id()));
		let _ = fs::remove_dir_all(&path);
		fs::create_dir_all(&path).unwrap();
		Self(path)
	}

	pub fn path(&self) -> &Path {
		&self.0
	}
}

impl Drop for ScratchDir {
	fn drop(&mut self) {
		// A failed test keeps its nodes' logs to read.
		if std::thread::panicking() {
			eprintln!("kept {} (the test failed)", self.0.display());
		} else {
			let _ = fs::remove_dir_all(&self.0);
		}
	}
}

/// Runs `genex-node` with `args` to completion; returns (stdout, stderr) or panics with both.
pub fn run_node_command(args: &[&str]) -> (String, String) {
	let output = Command::new(NODE_BINARY).args(args).output().expect("run genex-node");
	let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
	let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
	assert!(output.status.success(), "genex-node {args:?} failed:\n{stdout}\n{stderr}");
	(stdout, stderr)
}

/// A running `genex-node` process, killed when dropped.
pub struct Node {
	pub name: String,
	child: Child,
	pub rpc_port: u16,
	pub p2p_port: u16,
	log: PathBuf,
}

impl Node {
	/// Starts `genex-node` with `args` plus its own free RPC, P2P and Prometheus ports; the
	/// log goes to `<log_dir>/<name>.log`.
	pub fn start(name: &str, log_dir: &Path, args: &[&str]) -> Node {
		let rpc_port = free_port();
		let p2p_port = free_port();
		let prometheus_port = free_port();
		let log = log_dir.join(format!("{name}.log"));
		let log_file = fs::File::create(&log).unwrap();
		let child = Command::new(NODE_BINARY)
			.args(args)
			.args([
				"--rpc-port",
				&rpc_port.to_string(),
				"--port",
				&p2p_port.to_string(),
				"--prometheus-port",
				&prometheus_port.to_string(),
				"--no-telemetry",
				"--no-mdns",
			])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("start genex-node");
		Node { name: name.to_string(), child, rpc_port, p2p_port, log }
	}

	/// A single-validator `--dev` chain in a fresh temporary database, without off-chain
	/// workers (so that a dev chain's gateway simulator on this machine cannot reach into the
	/// test's chain).
	pub fn start_dev(log_dir: &Path) -> Node {
		Node::start("dev", log_dir, &["--dev", "--tmp", "--offchain-worker", "never"])
	}

	/// A `--dev` chain whose off-chain workers run (with the dev oracle key the node inserts).
	pub fn start_dev_with_workers(log_dir: &Path) -> Node {
		Node::start("dev", log_dir, &["--dev", "--tmp"])
	}

	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The last lines of the node's log, for failure messages.
	pub fn log_tail(&self, lines: usize) -> String {
		let file = match fs::File::open(&self.log) {
			Ok(file) => file,
			Err(_) => return String::new(),
		};
		let all: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}

	/// Connects a raw JSON-RPC client, retrying until the node listens.
	pub async fn rpc(&mut self) -> RpcClient {
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			if let Some(status) = self.child.try_wait().unwrap() {
				panic!("{} exited with {status}:\n{}", self.name, self.log_tail(40));
			}
			if let Ok(client) = RpcClient::from_insecure_url(self.ws_url()).await {
				return client;
			}
			assert!(
				Instant::now() < deadline,
				"{} never opened RPC:\n{}",
				self.name,
				self.log_tail(40)
			);
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// Number of the best block the node knows.
pub async fn best_number(rpc: &RpcClient) -> u64 {
	let header: serde_json::Value = rpc.request("chain_getHeader", rpc_params![]).await.unwrap();
	parse_number(&header["number"])
}

/// Number and hash of the node's finalized head.
pub async fn finalized(rpc: &RpcClient) -> (u64, String) {
	let hash: String = rpc.request("chain_getFinalizedHead", rpc_params![]).await.unwrap();
	let header: serde_json::Value =
		rpc.request("chain_getHeader", rpc_params![hash.clone()]).await.unwrap();
	(parse_number(&header["number"]), hash)
}

/// Hash of block `number` on the node's best chain.
pub async fn block_hash(rpc: &RpcClient, number: u64) -> Option<String> {
	rpc.request("chain_getBlockHash", rpc_params![number]).await.unwrap()
}

/// Header of block `hash` as JSON.
pub async fn header(rpc: &RpcClient, hash: &str) -> serde_json::Value {
	rpc.request("chain_getHeader", rpc_params![hash]).await.unwrap()
}

pub fn parse_number(value: &serde_json::Value) -> u64 {
	let text = value.as_str().expect("block number is hex text");
	u64::from_str_radix(text.trim_start_matches("0x"), 16).unwrap()
}

/// Waits until the node's finalized head reaches `number` (polling; the deadline only guards
/// against a hung network, it is not a speed assertion).
pub async fn wait_finalized(node: &mut Node, number: u64, deadline: Duration) -> (u64, String) {
	let rpc = node.rpc().await;
	let until = Instant::now() + deadline;
	loop {
		let head = finalized(&rpc).await;
		if head.0 >= number {
			return head;
		}
		assert!(
			Instant::now() < until,
			"{}: finalized head stuck at #{} (best #{}):\n{}",
			node.name,
			head.0,
			best_number(&rpc).await,
			node.log_tail(40)
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// The Aura slot a block was authored in, read from its pre-runtime digest
/// (`0x06 ‖ "aura" ‖ compact(8) ‖ slot as u64 LE`).
pub fn aura_slot(header: &serde_json::Value) -> u64 {
	for log in header["digest"]["logs"].as_array().expect("digest logs") {
		let bytes = hex::decode(log.as_str().unwrap().trim_start_matches("0x")).unwrap();
		if bytes.len() == 14 && bytes[0] == 6 && &bytes[1..5] == b"aura" && bytes[5] == 8 << 2 {
			return u64::from_le_bytes(bytes[6..14].try_into().unwrap());
		}
	}
	panic!("no Aura pre-digest in {header}");
}

/// Events of type `E` in the finalized blocks `from..=to`.
pub async fn events<E: subxt::events::DecodeAsEvent>(
	client: &genex_client::GenexClient,
	from: u64,
	to: u64,
) -> Vec<E> {
	let mut found = Vec::new();
	for number in from..=to {
		let at = client.api().at_block(number).await.unwrap();
		let events = at.events().fetch().await.unwrap();
		found.extend(events.find::<E>().filter_map(Result::ok));
	}
	found
}

/// A running `genex-gateway-sim`, killed when dropped.
pub struct GatewaySim {
	child: Child,
	/// `http://127.0.0.1:<port>`.
	pub base: String,
}

impl GatewaySim {
	/// Serves `lists` (and the simulated banks, ledgers beside them) on a free port.
	pub fn start(lists: &Path) -> Self {
		Self::start_with(lists, &[])
	}

	/// As [`start`](Self::start), with more options of `genex-gateway-sim serve` (e.g.
	/// `--reserve primary_bank:USDC=…`).
	pub fn start_with(lists: &Path, args: &[&str]) -> Self {
		let binary = Path::new(NODE_BINARY).with_file_name("genex-gateway-sim");
		assert!(
			binary.exists(),
			"{} is missing: cargo test --workspace builds it",
			binary.display()
		);
		let mut child = Command::new(binary)
			.args(["--listen", "127.0.0.1:0", "--lists"])
			.arg(lists)
			.args(args)
			.stdout(Stdio::piped())
			.stderr(Stdio::null())
			.spawn()
			.expect("start genex-gateway-sim");
		let mut line = String::new();
		BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
		let base = line
			.trim()
			.strip_prefix("genex-gateway-sim listening on ")
			.unwrap_or_else(|| panic!("unexpected first line: {line}"))
			.to_string();
		Self { child, base }
	}

	/// The URL of list `file`.
	pub fn url(&self, file: &str) -> String {
		format!("{}/lists/{file}", self.base)
	}

	/// The base URL of simulated bank `bank` (`primary_bank`, `backup_processor`).
	pub fn bank(&self, bank: &str) -> String {
		format!("{}/banks/{bank}", self.base)
	}

	/// Sends a control request; returns the status code.
	pub fn control(&self, method: &str, path: &str, body: &str) -> u16 {
		let address = self.base.trim_start_matches("http://");
		let mut stream = TcpStream::connect(address).unwrap();
		write!(
			stream,
			"{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
			body.len()
		)
		.unwrap();
		let mut answer = String::new();
		stream.read_to_string(&mut answer).unwrap();
		answer.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
	}

	/// Sets a fault (`POST /control/faults`).
	pub fn fault(&self, json: &str) {
		assert_eq!(self.control("POST", "/control/faults", json), 200, "{json}");
	}

	/// Clears every fault.
	pub fn clear_faults(&self) {
		assert_eq!(self.control("DELETE", "/control/faults", ""), 200);
	}
}

impl Drop for GatewaySim {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}
