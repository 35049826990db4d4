//! Fault injection: what `POST /control/faults` sets, and how a fault changes a response.
//!
//! A fault is set for one path (`/lists/a.txt`) or for every list (`*`), optionally for the
//! next `times` matching requests only; a path's own fault wins over `*`. A fault set for a
//! bank path (`/banks/primary_bank`, `/banks/primary_bank/payouts`) also applies to every path
//! below it, the longest matching path winning. The kinds are in [`FaultKind`]; [`apply`]
//! turns the normal response into the faulty one, mostly by choosing its [`Delivery`].
//!
//! Two kinds change what a bank does rather than how it answers ([`FaultKind::is_ledger`]):
//! `duplicate` (each new deposit is listed several times) and `refuse` (each new payout is
//! refused for good). They are looked up by the bank ([`Faults::take_ledger`]), never applied
//! to a response.

use std::{collections::BTreeMap, sync::Mutex, time::Duration};

use serde_json::{json, Map, Value};

use crate::http::{Delivery, Response};

/// The longest delay a fault may ask for, in milliseconds (one hour).
pub const MAX_DELAY_MS: u64 = 3_600_000;
/// The most garbage bytes a fault may ask for (64 MiB).
pub const MAX_GARBAGE_BYTES: u64 = 64 * 1024 * 1024;
/// The largest piece a trickle may send at once.
pub const MAX_CHUNK_BYTES: u64 = 64 * 1024;
/// The status a `status` fault answers with unless told otherwise.
pub const DEFAULT_STATUS: u16 = 503;
/// The delay of a `slow` fault unless told otherwise, in milliseconds.
pub const DEFAULT_SLOW_MS: u64 = 30_000;
/// The wait before each piece of a `trickle` unless told otherwise, in milliseconds.
pub const DEFAULT_TRICKLE_MS: u64 = 100;
/// The piece size of a `trickle` unless told otherwise.
pub const DEFAULT_CHUNK_BYTES: usize = 64;

/// The path that stands for every list.
pub const EVERY_LIST: &str = "*";
/// The prefix of the simulated banks' paths.
pub const BANKS_PREFIX: &str = "/banks/";
/// The most times a `duplicate` fault may list one deposit.
pub const MAX_DUPLICATES: u64 = 100;
/// The listings of a `duplicate` fault unless told otherwise.
pub const DEFAULT_DUPLICATES: u32 = 2;
/// The longest reason a `refuse` fault may give.
pub const MAX_REASON_LEN: usize = 200;
/// The reason of a `refuse` fault unless told otherwise.
pub const DEFAULT_REASON: &str = "refused by the simulated bank";

/// What a fault does to a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
	/// Answer `status` with a short text body.
	Status {
		/// The status code, 200 to 599.
		status: u16,
	},
	/// Wait `delay` before sending anything, then answer normally.
	Slow {
		/// The wait.
		delay: Duration,
	},
	/// Send the head, then the body in pieces of `chunk` bytes, waiting `delay` before each.
	Trickle {
		/// The wait before each piece.
		delay: Duration,
		/// The piece size.
		chunk: usize,
	},
	/// Send the head with the full `Content-Length`, then only `keep` bytes of the body (half
	/// when `None`), then close the connection.
	Truncate {
		/// How many bytes of the body to send.
		keep: Option<usize>,
	},
	/// Cut the body to `keep` bytes (half when `None`) with a `Content-Length` that matches.
	Short {
		/// How many bytes of the body to keep.
		keep: Option<usize>,
	},
	/// Answer 200 with `bytes` pseudo-random bytes (the normal body's length when `None`)
	/// drawn from `seed`.
	Garbage {
		/// How many bytes to send.
		bytes: Option<usize>,
		/// The seed of the pseudo-random bytes.
		seed: u64,
	},
	/// Read the request and never answer, until the client closes the connection.
	Hang,
	/// Read the request, then close the connection without a byte of answer (a bank that is
	/// down: the client sees the connection end, as with a refused one). The request is not
	/// served.
	Down,
	/// A bank lists each new deposit `copies` times, under consecutive cursors with the same
	/// reference (duplicate notifications).
	Duplicate {
		/// How many times each deposit is listed, 1 to [`MAX_DUPLICATES`].
		copies: u32,
	},
	/// A bank refuses each new payout for good (`status: failed`), stored under its key.
	Refuse {
		/// The reason it gives.
		reason: String,
	},
}

impl FaultKind {
	/// The name of the kind, as in the JSON.
	pub fn name(&self) -> &'static str {
		match self {
			Self::Status { .. } => "status",
			Self::Slow { .. } => "slow",
			Self::Trickle { .. } => "trickle",
			Self::Truncate { .. } => "truncate",
			Self::Short { .. } => "short",
			Self::Garbage { .. } => "garbage",
			Self::Hang => "hang",
			Self::Down => "down",
			Self::Duplicate { .. } => "duplicate",
			Self::Refuse { .. } => "refuse",
		}
	}

	/// Whether the kind changes what a bank does (looked up by the bank) rather than how a
	/// response is delivered.
	pub fn is_ledger(&self) -> bool {
		matches!(self, Self::Duplicate { .. } | Self::Refuse { .. })
	}
}

/// A fault set for a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
	/// What it does.
	pub kind: FaultKind,
	/// How many more matching requests it applies to; `None` for all of them.
	pub remaining: Option<u64>,
}

impl Fault {
	/// The fault as JSON, in the shape `POST /control/faults` takes.
	pub fn to_json(&self, path: &str) -> Value {
		let mut obj = Map::new();
		obj.insert("path".into(), path.into());
		obj.insert("fault".into(), self.kind.name().into());
		let ms = |d: &Duration| Value::from(d.as_millis() as u64);
		match &self.kind {
			FaultKind::Status { status } => {
				obj.insert("status".into(), (*status).into());
			},
			FaultKind::Slow { delay } => {
				obj.insert("delay_ms".into(), ms(delay));
			},
			FaultKind::Trickle { delay, chunk } => {
				obj.insert("delay_ms".into(), ms(delay));
				obj.insert("chunk_bytes".into(), (*chunk).into());
			},
			FaultKind::Truncate { keep } | FaultKind::Short { keep } => {
				if let Some(keep) = keep {
					obj.insert("keep_bytes".into(), (*keep).into());
				}
			},
			FaultKind::Garbage { bytes, seed } => {
				if let Some(bytes) = bytes {
					obj.insert("bytes".into(), (*bytes).into());
				}
				obj.insert("seed".into(), (*seed).into());
			},
			FaultKind::Duplicate { copies } => {
				obj.insert("duplicate".into(), (*copies).into());
			},
			FaultKind::Refuse { reason } => {
				obj.insert("reason".into(), reason.as_str().into());
			},
			FaultKind::Hang | FaultKind::Down => {},
		}
		if let Some(times) = self.remaining {
			obj.insert("times".into(), times.into());
		}
		Value::Object(obj)
	}
}

/// What a `POST /control/faults` body asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
	/// Set `fault` for `path`, replacing any fault it had.
	Set {
		/// A path (`/lists/a.txt`) or `*`.
		path: String,
		/// The fault.
		fault: Fault,
	},
	/// Remove the fault for `path` (kind `none`).
	Remove {
		/// A path or `*`.
		path: String,
	},
}

/// The kinds `POST /control/faults` knows, with the options each takes besides `path`,
/// `fault` and `times`.
const KINDS: &[(&str, &[&str])] = &[
	("status", &["status"]),
	("slow", &["delay_ms"]),
	("trickle", &["delay_ms", "chunk_bytes"]),
	("truncate", &["keep_bytes"]),
	("short", &["keep_bytes"]),
	("garbage", &["bytes", "seed"]),
	("hang", &[]),
	("down", &[]),
	("duplicate", &["duplicate"]),
	("refuse", &["reason"]),
	("none", &[]),
];

/// Parses a `POST /control/faults` body; the error names the field at fault.
pub fn parse_command(body: &[u8]) -> Result<Command, String> {
	let value: Value =
		serde_json::from_slice(body).map_err(|e| format!("the body is not valid JSON: {e}"))?;
	let Value::Object(obj) = value else {
		return Err("the body must be a JSON object".into());
	};
	let string = |field: &str| match obj.get(field) {
		Some(Value::String(s)) => Ok(s.as_str()),
		Some(_) => Err(format!("field \"{field}\" must be a string")),
		None => Err(format!("missing field \"{field}\"")),
	};
	let path = string("path")?;
	if path != EVERY_LIST
		&& (!path.starts_with('/') || path.starts_with("/control/") || path.contains('?'))
	{
		return Err(format!(
			"field \"path\" must be \"*\" or a path starting with / (not /control/, no query), \
			 got {path:?}"
		));
	}
	let kind = string("fault")?;
	let Some((_, options)) = KINDS.iter().find(|(k, _)| *k == kind) else {
		let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
		return Err(format!("field \"fault\" must be one of {}, got {kind:?}", names.join(", ")));
	};
	for key in obj.keys() {
		let known = key == "path"
			|| key == "fault"
			|| (key == "times" && kind != "none")
			|| options.contains(&key.as_str());
		if !known {
			return Err(format!("unknown field \"{key}\" for fault \"{kind}\""));
		}
	}
	let int = |field: &str, min: u64, max: u64| -> Result<Option<u64>, String> {
		match obj.get(field) {
			None | Some(Value::Null) => Ok(None),
			Some(v) => {
				v.as_u64().filter(|n| (min..=max).contains(n)).map(Some).ok_or_else(|| {
					format!("field \"{field}\" must be an integer from {min} to {max}")
				})
			},
		}
	};
	let ms = |field: &str, default: u64| -> Result<Duration, String> {
		Ok(Duration::from_millis(int(field, 0, MAX_DELAY_MS)?.unwrap_or(default)))
	};
	let size = |field: &str, max: u64| -> Result<Option<usize>, String> {
		Ok(int(field, 0, max)?.map(|n| n as usize))
	};
	let kind = match kind {
		"status" => FaultKind::Status {
			status: int("status", 200, 599)?.map_or(DEFAULT_STATUS, |s| s as u16),
		},
		"slow" => FaultKind::Slow { delay: ms("delay_ms", DEFAULT_SLOW_MS)? },
		"trickle" => FaultKind::Trickle {
			delay: ms("delay_ms", DEFAULT_TRICKLE_MS)?,
			chunk: int("chunk_bytes", 1, MAX_CHUNK_BYTES)?
				.map_or(DEFAULT_CHUNK_BYTES, |n| n as usize),
		},
		"truncate" => FaultKind::Truncate { keep: size("keep_bytes", u32::MAX as u64)? },
		"short" => FaultKind::Short { keep: size("keep_bytes", u32::MAX as u64)? },
		"garbage" => FaultKind::Garbage {
			bytes: size("bytes", MAX_GARBAGE_BYTES)?,
			seed: int("seed", 0, u64::MAX)?.unwrap_or(0),
		},
		"hang" => FaultKind::Hang,
		"down" => FaultKind::Down,
		"duplicate" => FaultKind::Duplicate {
			copies: int("duplicate", 1, MAX_DUPLICATES)?.map_or(DEFAULT_DUPLICATES, |n| n as u32),
		},
		"refuse" => FaultKind::Refuse {
			reason: match obj.get("reason") {
				None | Some(Value::Null) => DEFAULT_REASON.to_owned(),
				Some(Value::String(reason)) if reason.len() <= MAX_REASON_LEN => reason.clone(),
				Some(_) => {
					return Err(format!(
						"field \"reason\" must be a string of at most {MAX_REASON_LEN} bytes"
					))
				},
			},
		},
		_ => return Ok(Command::Remove { path: path.into() }),
	};
	if kind.is_ledger() && bank_of(path).is_none() {
		return Err(format!(
			"field \"path\" must be a bank path (/banks/<bank>...) for fault \"{}\", got {path:?}",
			kind.name()
		));
	}
	let remaining = int("times", 1, u64::MAX)?;
	Ok(Command::Set { path: path.into(), fault: Fault { kind, remaining } })
}

/// The faults in force, by path.
#[derive(Debug, Default)]
pub struct Faults {
	by_path: Mutex<BTreeMap<String, Fault>>,
}

impl Faults {
	fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Fault>> {
		// A panic elsewhere cannot leave the map half-updated: every change is one call.
		self.by_path.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Carries out `command`; the JSON to answer with.
	pub fn execute(&self, command: Command) -> Value {
		match command {
			Command::Set { path, fault } => {
				let shown = fault.to_json(&path);
				self.map().insert(path, fault);
				shown
			},
			Command::Remove { path } => {
				let removed = self.map().remove(&path).is_some();
				json!({ "path": path, "removed": removed })
			},
		}
	}

	/// Removes every fault; how many there were.
	pub fn clear(&self) -> usize {
		let mut map = self.map();
		let n = map.len();
		map.clear();
		n
	}

	/// The faults in force as a JSON array, by path.
	pub fn to_json(&self) -> Value {
		Value::Array(self.map().iter().map(|(path, fault)| fault.to_json(path)).collect())
	}

	/// The response fault for a request to `path`, counting the request against its `times`:
	/// the path's own fault, else for a bank path the fault of the longest bank path above it,
	/// else for a list (`/lists/...`) the fault set for `*`. Ledger faults are skipped.
	pub fn take(&self, path: &str) -> Option<FaultKind> {
		let mut candidates = vec![path.to_owned()];
		if bank_of(path).is_some() {
			let mut prefix = path;
			while let Some((parent, _)) = prefix.rsplit_once('/') {
				if bank_of(parent).is_none() {
					break;
				}
				candidates.push(parent.to_owned());
				prefix = parent;
			}
		}
		if path.starts_with("/lists/") {
			candidates.push(EVERY_LIST.to_owned());
		}
		let mut map = self.map();
		let key = candidates
			.into_iter()
			.find(|key| map.get(key).is_some_and(|fault| !fault.kind.is_ledger()))?;
		Self::count(&mut map, &key)
	}

	/// The ledger fault of kind `name` (`duplicate` or `refuse`) in force for `bank`'s
	/// `endpoint` (`deposits`, `payouts`): the one set for `/banks/<bank>/<endpoint>`, else
	/// for `/banks/<bank>`; counted against its `times`.
	pub fn take_ledger(&self, bank: &str, endpoint: &str, name: &str) -> Option<FaultKind> {
		let mut map = self.map();
		let key = [format!("{BANKS_PREFIX}{bank}/{endpoint}"), format!("{BANKS_PREFIX}{bank}")]
			.into_iter()
			.find(|key| map.get(key).is_some_and(|fault| fault.kind.name() == name))?;
		Self::count(&mut map, &key)
	}

	/// The kind of the fault at `key`, counting one use against its `times`.
	fn count(map: &mut BTreeMap<String, Fault>, key: &str) -> Option<FaultKind> {
		let fault = map.get_mut(key)?;
		let kind = fault.kind.clone();
		if let Some(remaining) = &mut fault.remaining {
			*remaining -= 1;
			if *remaining == 0 {
				map.remove(key);
			}
		}
		Some(kind)
	}
}

/// The bank a path is about, when it is `/banks/<bank>` or below it.
pub fn bank_of(path: &str) -> Option<&str> {
	let rest = path.strip_prefix(BANKS_PREFIX)?;
	let bank = rest.split('/').next().unwrap_or("");
	(!bank.is_empty()).then_some(bank)
}

/// `n` pseudo-random bytes from `seed` (SplitMix64), the same on every call.
pub fn garbage(n: usize, seed: u64) -> Vec<u8> {
	let mut state = seed;
	let mut out = Vec::with_capacity(n + 8);
	while out.len() < n {
		state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = state;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
	}
	out.truncate(n);
	out
}

/// The response `kind` makes of a request whose normal response `normal` computes (only
/// called when the fault needs it).
pub fn apply(kind: &FaultKind, normal: impl FnOnce() -> Response) -> Response {
	match kind {
		FaultKind::Status { status } => {
			Response::text(*status, format!("injected fault: status {status}\n"))
		},
		FaultKind::Slow { delay } => Response { delivery: Delivery::Slow(*delay), ..normal() },
		FaultKind::Trickle { delay, chunk } => {
			Response { delivery: Delivery::Trickle { piece: *chunk, delay: *delay }, ..normal() }
		},
		FaultKind::Truncate { keep } => {
			let response = normal();
			let keep = keep.unwrap_or(response.body.len() / 2);
			Response { delivery: Delivery::Truncate { keep }, ..response }
		},
		FaultKind::Short { keep } => {
			let mut response = normal();
			let keep = keep.unwrap_or(response.body.len() / 2).min(response.body.len());
			response.body.truncate(keep);
			response
		},
		FaultKind::Garbage { bytes, seed } => {
			let response = normal();
			let (n, headers) = if response.status == 200 {
				(bytes.unwrap_or(response.body.len()), response.headers)
			} else {
				let octets = vec![("Content-Type".into(), "application/octet-stream".into())];
				(bytes.unwrap_or(4096), octets)
			};
			Response { status: 200, headers, body: garbage(n, *seed), delivery: Delivery::Normal }
		},
		FaultKind::Hang => Response { delivery: Delivery::Hang, ..Response::text(200, "") },
		FaultKind::Down => Response { delivery: Delivery::Close, ..Response::text(503, "") },
		// Ledger faults are never applied to a response (`take` skips them).
		FaultKind::Duplicate { .. } | FaultKind::Refuse { .. } => normal(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn parse(json: &str) -> Result<Command, String> {
		parse_command(json.as_bytes())
	}

	fn set(json: &str) -> Fault {
		match parse(json) {
			Ok(Command::Set { fault, .. }) => fault,
			other => panic!("{json}: {other:?}"),
		}
	}

	#[test]
	fn parses_every_kind_with_defaults() {
		assert_eq!(set(r#"{"path":"*","fault":"status"}"#).kind, FaultKind::Status { status: 503 });
		assert_eq!(
			set(r#"{"path":"/lists/a","fault":"status","status":429,"times":2}"#),
			Fault { kind: FaultKind::Status { status: 429 }, remaining: Some(2) }
		);
		assert_eq!(
			set(r#"{"path":"*","fault":"slow"}"#).kind,
			FaultKind::Slow { delay: Duration::from_millis(DEFAULT_SLOW_MS) }
		);
		assert_eq!(
			set(r#"{"path":"*","fault":"trickle","delay_ms":5,"chunk_bytes":3}"#).kind,
			FaultKind::Trickle { delay: Duration::from_millis(5), chunk: 3 }
		);
		assert_eq!(
			set(r#"{"path":"*","fault":"truncate"}"#).kind,
			FaultKind::Truncate { keep: None }
		);
		assert_eq!(
			set(r#"{"path":"*","fault":"short","keep_bytes":7}"#).kind,
			FaultKind::Short { keep: Some(7) }
		);
		assert_eq!(
			set(r#"{"path":"*","fault":"garbage","bytes":9,"seed":1}"#).kind,
			FaultKind::Garbage { bytes: Some(9), seed: 1 }
		);
		assert_eq!(set(r#"{"path":"*","fault":"hang","times":null}"#).remaining, None);
		assert_eq!(
			parse(r#"{"path":"/lists/a","fault":"none"}"#),
			Ok(Command::Remove { path: "/lists/a".into() })
		);
	}

	#[test]
	fn errors_name_the_field() {
		for (json, field) in [
			("{", "JSON"),
			("[]", "object"),
			(r#"{"fault":"status"}"#, "\"path\""),
			(r#"{"path":3,"fault":"status"}"#, "\"path\""),
			(r#"{"path":"lists/a","fault":"status"}"#, "\"path\""),
			(r#"{"path":"/control/faults","fault":"status"}"#, "\"path\""),
			(r#"{"path":"*"}"#, "\"fault\""),
			(r#"{"path":"*","fault":"explode"}"#, "\"fault\""),
			(r#"{"path":"*","fault":"status","status":99}"#, "\"status\""),
			(r#"{"path":"*","fault":"status","status":"503"}"#, "\"status\""),
			(r#"{"path":"*","fault":"slow","delay_ms":-1}"#, "\"delay_ms\""),
			(r#"{"path":"*","fault":"slow","delay_ms":1.5}"#, "\"delay_ms\""),
			(r#"{"path":"*","fault":"slow","delay":10}"#, "\"delay\""),
			(r#"{"path":"*","fault":"trickle","chunk_bytes":0}"#, "\"chunk_bytes\""),
			(r#"{"path":"*","fault":"status","times":0}"#, "\"times\""),
			(r#"{"path":"*","fault":"none","times":1}"#, "\"times\""),
			(r#"{"path":"*","fault":"garbage","bytes":1e12}"#, "\"bytes\""),
		] {
			let err = parse(json).expect_err(json);
			assert!(err.contains(field), "{json}: {err}");
		}
	}

	#[test]
	fn take_counts_down_times_and_prefers_the_exact_path() {
		let faults = Faults::default();
		faults.execute(parse(r#"{"path":"*","fault":"hang"}"#).unwrap());
		faults.execute(parse(r#"{"path":"/lists/a","fault":"status","times":2}"#).unwrap());
		assert_eq!(faults.take("/lists/a"), Some(FaultKind::Status { status: 503 }));
		assert_eq!(faults.to_json()[1]["times"], 1);
		assert_eq!(faults.take("/lists/a"), Some(FaultKind::Status { status: 503 }));
		assert_eq!(faults.take("/lists/a"), Some(FaultKind::Hang));
		assert_eq!(faults.take("/lists/b"), Some(FaultKind::Hang));
		assert_eq!(faults.take("/health"), None);
		assert_eq!(faults.to_json(), json!([{ "path": "*", "fault": "hang" }]));
		assert_eq!(faults.clear(), 1);
		assert_eq!(faults.take("/lists/a"), None);
	}

	#[test]
	fn parses_the_bank_kinds() {
		assert_eq!(set(r#"{"path":"/banks/primary_bank","fault":"down"}"#).kind, FaultKind::Down);
		assert_eq!(
			set(r#"{"path":"/banks/primary_bank","fault":"duplicate","duplicate":3}"#).kind,
			FaultKind::Duplicate { copies: 3 }
		);
		assert_eq!(
			set(r#"{"path":"/banks/b/deposits","fault":"duplicate"}"#).kind,
			FaultKind::Duplicate { copies: DEFAULT_DUPLICATES }
		);
		assert_eq!(
			set(r#"{"path":"/banks/b","fault":"refuse","reason":"closed","times":1}"#),
			Fault { kind: FaultKind::Refuse { reason: "closed".into() }, remaining: Some(1) }
		);
		assert_eq!(
			set(r#"{"path":"/banks/b","fault":"refuse"}"#).kind,
			FaultKind::Refuse { reason: DEFAULT_REASON.into() }
		);
		let long =
			format!(r#"{{"path":"/banks/b","fault":"refuse","reason":"{}"}}"#, "x".repeat(201));
		for (json, field) in [
			(r#"{"path":"/lists/a","fault":"duplicate","duplicate":3}"#, "\"path\""),
			(r#"{"path":"/banks/","fault":"refuse"}"#, "\"path\""),
			(r#"{"path":"/banks/b","fault":"duplicate","duplicate":0}"#, "\"duplicate\""),
			(r#"{"path":"/banks/b","fault":"duplicate","duplicate":101}"#, "\"duplicate\""),
			(r#"{"path":"/banks/b","fault":"duplicate","copies":3}"#, "\"copies\""),
			(r#"{"path":"/banks/b","fault":"refuse","reason":5}"#, "\"reason\""),
			(long.as_str(), "\"reason\""),
			(r#"{"path":"/banks/b","fault":"down","delay_ms":5}"#, "\"delay_ms\""),
		] {
			let err = parse(json).expect_err(json);
			assert!(err.contains(field), "{json}: {err}");
		}
	}

	#[test]
	fn bank_faults_cover_the_paths_below_and_skip_ledger_faults() {
		let faults = Faults::default();
		faults.execute(parse(r#"{"path":"/banks/a","fault":"status","status":500}"#).unwrap());
		faults.execute(parse(r#"{"path":"/banks/a/payouts","fault":"down","times":1}"#).unwrap());
		faults.execute(
			parse(r#"{"path":"/banks/a/deposits","fault":"duplicate","duplicate":3}"#).unwrap(),
		);
		faults.execute(parse(r#"{"path":"*","fault":"hang"}"#).unwrap());
		// The longest bank path wins; its `times` count.
		assert_eq!(faults.take("/banks/a/payouts/0x12"), Some(FaultKind::Down));
		assert_eq!(faults.take("/banks/a/payouts/0x12"), Some(FaultKind::Status { status: 500 }));
		// A ledger fault never shapes a response: the bank's own fault applies.
		assert_eq!(faults.take("/banks/a/deposits"), Some(FaultKind::Status { status: 500 }));
		assert_eq!(faults.take("/banks/a"), Some(FaultKind::Status { status: 500 }));
		// Other banks, and `*`, are not concerned.
		assert_eq!(faults.take("/banks/ab/deposits"), None);
		assert_eq!(faults.take("/banks"), None);
		assert_eq!(
			faults.take_ledger("a", "deposits", "duplicate"),
			Some(FaultKind::Duplicate { copies: 3 })
		);
		assert_eq!(faults.take_ledger("a", "payouts", "refuse"), None);
		assert_eq!(faults.take_ledger("b", "deposits", "duplicate"), None);
		faults.execute(parse(r#"{"path":"/banks/b","fault":"refuse","times":1}"#).unwrap());
		assert!(matches!(
			faults.take_ledger("b", "payouts", "refuse"),
			Some(FaultKind::Refuse { .. })
		));
		assert_eq!(faults.take_ledger("b", "payouts", "refuse"), None, "times ran out");
		assert_eq!(bank_of("/banks/primary_bank/deposits"), Some("primary_bank"));
		assert_eq!(bank_of("/banks/x"), Some("x"));
		assert_eq!(bank_of("/banks/"), None);
		assert_eq!(bank_of("/lists/x"), None);
	}

	#[test]
	fn apply_shapes_the_response() {
		let normal = || Response::text(200, "0123456789");
		let short = apply(&FaultKind::Short { keep: None }, normal);
		assert_eq!(short.body, b"01234");
		let cut = apply(&FaultKind::Truncate { keep: Some(2) }, normal);
		assert_eq!((cut.body.len(), cut.delivery), (10, Delivery::Truncate { keep: 2 }));
		let junk = apply(&FaultKind::Garbage { bytes: None, seed: 7 }, normal);
		assert_eq!(junk.body, garbage(10, 7));
		assert_ne!(junk.body, b"0123456789");
		let missing = || Response::text(404, "no");
		let junk = apply(&FaultKind::Garbage { bytes: None, seed: 7 }, missing);
		assert_eq!((junk.status, junk.body.len()), (200, 4096));
		assert_eq!(apply(&FaultKind::Status { status: 502 }, normal).status, 502);
		assert_eq!(garbage(3, 1), garbage(8, 1)[..3]);
		let down = apply(&FaultKind::Down, || panic!("a bank that is down serves nothing"));
		assert_eq!(down.delivery, Delivery::Close);
	}
}
