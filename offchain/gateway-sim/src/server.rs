//! The server: an accept loop with a thread per connection (one request each, then
//! `Connection: close`), and [`route`], which maps a request to a response.
//!
//! Routes: `/health`, `/lists/<name>` (see `lists.rs`), the simulated banks under
//! `/banks/<bank>/` (see `banks.rs`), and the control API under `/control/` (`faults`,
//! `requests`). Faults (see `faults.rs`) apply to every path outside `/control/`; list and bank
//! requests are counted before any fault (lists by path, bank requests by `METHOD path`), so a
//! test can see that a source was tried even when it hung. A new group of endpoints joins by
//! adding a prefix to [`endpoint`] and its state to [`State`].

use std::{
	collections::BTreeMap,
	io::BufReader,
	net::{Shutdown, TcpListener, TcpStream},
	path::PathBuf,
	sync::{Arc, Mutex},
	thread,
	time::Duration,
};

use serde_json::{json, Value};

use crate::{
	banks::{self, Banks},
	faults::{self, Faults},
	http::{self, Request, Response},
	lists,
};

/// How long a client may take to send its request, per read.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a write may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long to drain a client's input after answering, before closing.
const LINGER: Duration = Duration::from_secs(2);

/// Everything the routes share.
#[derive(Debug)]
pub struct State {
	/// The directory the lists are served from.
	pub lists_dir: PathBuf,
	/// The simulated banks.
	pub banks: Banks,
	/// The faults in force.
	pub faults: Faults,
	/// List requests seen by path, bank requests by `METHOD path`.
	pub requests: Mutex<BTreeMap<String, u64>>,
	/// Whether to log one line per request to stderr.
	pub verbose: bool,
}

impl State {
	/// The state of a fresh server for the lists in `lists_dir` and the `banks`.
	pub fn new(lists_dir: PathBuf, banks: Banks, verbose: bool) -> Self {
		Self { lists_dir, banks, faults: Faults::default(), requests: Mutex::default(), verbose }
	}

	fn requests(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
		self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}
}

/// Accepts connections on `listener` forever, each on its own thread.
pub fn serve(listener: TcpListener, state: Arc<State>) -> ! {
	loop {
		match listener.accept() {
			Ok((stream, _)) => {
				let state = state.clone();
				let spawned = thread::Builder::new()
					.name("connection".into())
					.spawn(move || handle(stream, &state));
				if let Err(err) = spawned {
					eprintln!("genex-gateway-sim: cannot start a connection thread: {err}");
				}
			},
			Err(err) => {
				// Out of file descriptors and the like: wait for connections to end.
				eprintln!("genex-gateway-sim: accept failed: {err}");
				thread::sleep(Duration::from_millis(100));
			},
		}
	}
}

/// Serves one connection: reads a request, answers it, closes.
fn handle(stream: TcpStream, state: &State) {
	let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
	let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
	let _ = stream.set_nodelay(true);
	let (response, head_only, what) = match http::read_request(&mut BufReader::new(&stream)) {
		Ok(None) => return,
		Ok(Some(request)) => {
			let what = format!("{} {}", request.method, request.path);
			(route(state, &request), request.is_head(), what)
		},
		Err(err) => (err.response(), false, "(bad request)".to_owned()),
	};
	if state.verbose {
		let how = match &response.delivery {
			http::Delivery::Normal => String::new(),
			other => format!(" {other:?}"),
		};
		eprintln!("{what} -> {}{how}", response.status);
	}
	if response.delivery == http::Delivery::Close {
		let _ = stream.shutdown(Shutdown::Both);
		return;
	}
	if http::deliver(&mut &stream, &response, head_only).is_ok() {
		http::close(&stream, LINGER);
	}
}

/// The response to `request`: control requests as they are, anything else through the
/// fault set for its path, if any.
pub fn route(state: &State, request: &Request) -> Response {
	let path = request.path.as_str();
	if let Some(what) = path.strip_prefix("/control/") {
		return control(state, what, request);
	}
	if path.starts_with("/lists/") {
		*state.requests().entry(path.to_owned()).or_insert(0) += 1;
	}
	if faults::bank_of(path).is_some() {
		let key = format!("{} {path}", request.method);
		*state.requests().entry(key).or_insert(0) += 1;
	}
	match state.faults.take(path) {
		Some(fault) => faults::apply(&fault, || endpoint(state, request)),
		None => endpoint(state, request),
	}
}

/// The normal response of the simulated services.
fn endpoint(state: &State, request: &Request) -> Response {
	let path = request.path.as_str();
	let read_only = matches!(request.method.as_str(), "GET" | "HEAD");
	if path == "/health" {
		return if read_only {
			Response::text(200, "ok")
		} else {
			Response::method_not_allowed("GET, HEAD")
		};
	}
	if path.starts_with(faults::BANKS_PREFIX) {
		return banks::serve(&state.banks, &state.faults, request);
	}
	if let Some(name) = path.strip_prefix("/lists/") {
		return if read_only {
			lists::serve(&state.lists_dir, name)
		} else {
			Response::method_not_allowed("GET, HEAD")
		};
	}
	Response::text(404, format!("nothing at {path}\n"))
}

/// The control API: `faults` and `requests`.
fn control(state: &State, what: &str, request: &Request) -> Response {
	let method = request.method.as_str();
	match (what, method) {
		("faults", "GET") => Response::json(200, &state.faults.to_json()),
		("faults", "POST") => match faults::parse_command(&request.body) {
			Ok(command) => Response::json(200, &state.faults.execute(command)),
			Err(message) => Response::json(400, &json!({ "error": message })),
		},
		("faults", "DELETE") => Response::json(200, &json!({ "cleared": state.faults.clear() })),
		("faults", _) => Response::method_not_allowed("GET, POST, DELETE"),
		("requests", "GET") => {
			let counts: serde_json::Map<String, Value> =
				state.requests().iter().map(|(path, n)| (path.clone(), (*n).into())).collect();
			Response::json(200, &Value::Object(counts))
		},
		("requests", "DELETE") => {
			let mut counts = state.requests();
			let cleared = counts.len();
			counts.clear();
			Response::json(200, &json!({ "cleared": cleared }))
		},
		("requests", _) => Response::method_not_allowed("GET, DELETE"),
		_ => Response::text(404, format!("nothing at {}\n", request.path)),
	}
}
