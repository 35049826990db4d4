//! Test harness: starts the real `genex-gateway-sim` binary on a free loopback port with a
//! fresh lists directory (and the banks' ledgers in `<lists>/.banks`), restarts it on the same
//! directories, and speaks raw HTTP to it over `TcpStream`.

#![allow(dead_code)] // Each test file uses part of the harness.

use std::{
	fs,
	io::{BufRead, BufReader, ErrorKind, Read, Write},
	net::{SocketAddr, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::atomic::{AtomicUsize, Ordering},
	time::Duration,
};

/// The simulator binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_genex-gateway-sim");

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
	/// A new empty directory.
	pub fn new() -> Self {
		static NEXT: AtomicUsize = AtomicUsize::new(0);
		let n = NEXT.fetch_add(1, Ordering::Relaxed);
		let path =
			std::env::temp_dir().join(format!("genex-gateway-sim-test-{}-{n}", std::process::id()));
		let _ = fs::remove_dir_all(&path);
		fs::create_dir_all(&path).unwrap();
		Self(path)
	}

	/// The path of `name` inside.
	pub fn path(&self, name: &str) -> PathBuf {
		self.0.join(name)
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = fs::remove_dir_all(&self.0);
	}
}

/// A running simulator, killed on drop.
pub struct Sim {
	child: Child,
	/// Where it listens.
	pub addr: SocketAddr,
	/// Its parent directory: `lists/` inside is served, anything else is outside it.
	pub root: TempDir,
	/// The options it was started with besides `--listen` and `--lists`.
	args: Vec<String>,
}

/// Starts the binary serving `<root>/lists` with `args`; the child and its address.
fn spawn(root: &TempDir, args: &[String]) -> (Child, SocketAddr) {
	let mut child = Command::new(BIN)
		.args(["--listen", "127.0.0.1:0", "--lists"])
		.arg(root.path("lists"))
		.args(args)
		.stdin(Stdio::null())
		.stdout(Stdio::piped())
		.stderr(Stdio::inherit())
		.spawn()
		.expect("start genex-gateway-sim");
	let mut line = String::new();
	BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
	let rest = line
		.trim_end()
		.strip_prefix("genex-gateway-sim listening on http://")
		.unwrap_or_else(|| panic!("unexpected first line {line:?}"));
	let addr: SocketAddr = rest.parse().unwrap();
	assert!(addr.ip().is_loopback() && addr.port() != 0, "{addr}");
	(child, addr)
}

impl Sim {
	/// Starts the simulator on `127.0.0.1:0` serving `<root>/lists`.
	pub fn start() -> Self {
		Self::start_with(&[])
	}

	/// Starts the simulator with more options (`--reserve`, `--rate`, ...).
	pub fn start_with(args: &[&str]) -> Self {
		let root = TempDir::new();
		fs::create_dir(root.path("lists")).unwrap();
		let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
		let (child, addr) = spawn(&root, &args);
		Self { child, addr, root, args }
	}

	/// Kills the simulator (SIGKILL: no chance to tidy up) and starts it again on the same
	/// directories with the same options (on a new port).
	pub fn restart(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
		let (child, addr) = spawn(&self.root, &self.args);
		self.child = child;
		self.addr = addr;
	}

	/// The base URL of `bank`.
	pub fn bank_url(&self, bank: &str) -> String {
		format!("http://{}/banks/{bank}", self.addr)
	}

	/// `POST path` with a JSON body.
	pub fn post(&self, path: &str, json: &str) -> Reply {
		self.request("POST", path, json)
	}

	/// The path of the list `name`.
	pub fn list_path(&self, name: &str) -> PathBuf {
		self.root.0.join("lists").join(name)
	}

	/// Writes the list `name`.
	pub fn write_list(&self, name: &str, body: &[u8]) -> PathBuf {
		let path = self.list_path(name);
		fs::write(&path, body).unwrap();
		path
	}

	/// A new connection, with a 10 s read timeout.
	pub fn connect(&self) -> TcpStream {
		let stream = TcpStream::connect(self.addr).unwrap();
		stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
		stream
	}

	/// Sends `raw` on a new connection and reads the reply up to EOF.
	pub fn raw(&self, raw: &[u8]) -> Reply {
		let mut stream = self.connect();
		stream.write_all(raw).unwrap();
		Reply::parse(&read_to_eof(&mut stream))
	}

	/// A request with `method`, `path` and `body` (with Content-Length when not empty).
	pub fn request(&self, method: &str, path: &str, body: &str) -> Reply {
		let length = if body.is_empty() {
			String::new()
		} else {
			format!("Content-Length: {}\r\n", body.len())
		};
		self.raw(format!("{method} {path} HTTP/1.1\r\nHost: sim\r\n{length}\r\n{body}").as_bytes())
	}

	/// `GET path`.
	pub fn get(&self, path: &str) -> Reply {
		self.request("GET", path, "")
	}

	/// `POST /control/faults` with `json`, asserting 200.
	pub fn fault(&self, json: &str) -> Reply {
		let reply = self.request("POST", "/control/faults", json);
		assert_eq!(reply.status, 200, "{json}: {}", reply.text());
		reply
	}

	/// `GET /control/requests` as JSON.
	pub fn requests(&self) -> serde_json::Value {
		let reply = self.get("/control/requests");
		assert_eq!(reply.status, 200);
		reply.json()
	}
}

impl Drop for Sim {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// Reads `stream` to EOF (panics on a timeout).
pub fn read_to_eof(stream: &mut TcpStream) -> Vec<u8> {
	let mut bytes = Vec::new();
	stream.read_to_end(&mut bytes).expect("read the reply to EOF");
	bytes
}

/// Whether `err` is a read timeout.
pub fn is_timeout(err: &std::io::Error) -> bool {
	matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// A parsed response.
#[derive(Debug)]
pub struct Reply {
	/// The status code.
	pub status: u16,
	/// The header fields.
	pub headers: Vec<(String, String)>,
	/// Everything after the head.
	pub body: Vec<u8>,
}

impl Reply {
	/// Parses a whole response as read from the wire.
	pub fn parse(bytes: &[u8]) -> Self {
		let end = bytes
			.windows(4)
			.position(|w| w == b"\r\n\r\n")
			.unwrap_or_else(|| panic!("no end of head in {:?}", String::from_utf8_lossy(bytes)));
		let head = std::str::from_utf8(&bytes[..end]).unwrap();
		let mut lines = head.split("\r\n");
		let status_line = lines.next().unwrap();
		let mut parts = status_line.splitn(3, ' ');
		assert_eq!(parts.next(), Some("HTTP/1.1"), "{status_line}");
		let status = parts.next().unwrap().parse().unwrap();
		let headers = lines
			.map(|l| {
				let (n, v) = l.split_once(": ").unwrap();
				(n.to_owned(), v.to_owned())
			})
			.collect();
		Self { status, headers, body: bytes[end + 4..].to_vec() }
	}

	/// The value of header `name` (case-insensitive).
	pub fn header(&self, name: &str) -> Option<&str> {
		self.headers
			.iter()
			.find(|(n, _)| n.eq_ignore_ascii_case(name))
			.map(|(_, v)| v.as_str())
	}

	/// `Content-Length` as a number.
	pub fn content_length(&self) -> usize {
		self.header("content-length").expect("Content-Length").parse().unwrap()
	}

	/// The body as text.
	pub fn text(&self) -> String {
		String::from_utf8_lossy(&self.body).into_owned()
	}

	/// The body as JSON.
	pub fn json(&self) -> serde_json::Value {
		serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
	}
}

/// `n` bytes of a recognisable text list.
pub fn sample_list(n: usize) -> Vec<u8> {
	(0..n).map(|i| b"0123456789abcdef\n"[i % 17]).collect()
}

/// The repository's shared test data directory. The manifest directory is read when the test
/// runs (cargo sets it), not baked in when it is built: a target directory shared by two
/// checkouts keeps test binaries built in the other one.
pub fn testdata(path: &str) -> PathBuf {
	let manifest = std::env::var("CARGO_MANIFEST_DIR")
		.unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
	Path::new(&manifest).join("../../../shared/testdata").join(path)
}
