//! The simulated banks, `primary_bank` and `backup_processor`, serving the fiat bridge's HTTP
//! contract (see `genex_offchain::bridge`) under `/banks/<bank>/`.
//!
//! Each bank keeps a ledger: its deposits (each with the cursors it was listed under), its
//! payouts by idempotency key, and its reserves per stablecoin. The ledger lives in
//! `<data dir>/<bank>.json` and is written atomically (a temporary file, synced, renamed over
//! the old one) before any answer that depends on it leaves, so a restart (even after a kill)
//! finds every deposit and payout the bank ever answered about. Starting reserves only seed a
//! ledger that does not exist yet.
//!
//! Money: a deposit adds its US-dollar worth to the bank's USDC reserve; a paid payout takes
//! it off. USD is at par (a cent is 10,000 base units); another currency needs a fixed rate
//! (`--rate EUR=1.08`), else the deposit or payout is refused (400 naming `currency`). A payout
//! the USDC reserve cannot cover is refused for good (`failed`, "insufficient funds"). Integers
//! only: base units = ⌊minor units × micro-dollars per unit / 100⌋, the fiat-bridge pallet's
//! `fiat_to_base`.
//!
//! Reserves are published as a statement cut at the start of each minute (`as_of`, ms): the
//! reserves as they stood then, recomputed from the ledger (today's reserves less the deposits
//! received after it, plus the payouts paid after it). Every reader within a minute gets the
//! same statement, so several attestors reading it independently report identical data.
//! `GET reserves?at=<ms>` gives the statement at any earlier moment (`at=<now>`: live).

use std::{
	collections::BTreeMap,
	fs,
	io::{self, Write},
	path::{Path, PathBuf},
	sync::{Mutex, MutexGuard},
	time::{SystemTime, UNIX_EPOCH},
};

use genex_offchain::bridge::{
	hex, parse_address, parse_amount, parse_currency, parse_hash, parse_minor_amount,
	BACKUP_PROCESSOR, BASE_UNITS_PER_MINOR_UNIT, MAX_PAGE_LIMIT, PRIMARY_BANK,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::{
	faults::{FaultKind, Faults},
	http::{Request, Response},
};

/// The banks the simulator runs.
pub const BANK_NAMES: [&str; 2] = [PRIMARY_BANK, BACKUP_PROCESSOR];
/// The stablecoins a bank holds reserves for.
pub const ASSETS: [&str; 2] = ["USDC", "USDT"];
/// The asset deposits and payouts move.
pub const SETTLEMENT_ASSET: &str = "USDC";
/// The page size of `GET deposits` when `limit` is left out.
pub const DEFAULT_PAGE: u32 = 100;
/// The version of the ledger file format.
pub const LEDGER_VERSION: u32 = 1;
/// How often the banks cut a reserves statement (ms).
pub const STATEMENT_PERIOD_MS: u64 = 60_000;
/// Micro-dollars (10⁻⁶ USD) in one unit of US dollars.
const MICROS_PER_USD: u128 = 1_000_000;

/// Fixed exchange rates: micro-dollars per unit of a currency (not USD, which is at par).
pub type Rates = BTreeMap<String, u128>;

/// u128 amounts as decimal strings.
mod decimal {
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(value: &u128, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&value.to_string())
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u128, D::Error> {
		let text = String::deserialize(deserializer)?;
		genex_offchain::bridge::parse_amount(&text, "amount").map_err(D::Error::custom)
	}
}

/// Maps of u128 amounts as decimal strings.
mod decimal_map {
	use serde::{de::Error, Deserialize, Deserializer, Serializer};
	use std::collections::BTreeMap;

	pub fn serialize<S: Serializer>(
		map: &BTreeMap<String, u128>,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		serializer.collect_map(map.iter().map(|(k, v)| (k, v.to_string())))
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<BTreeMap<String, u128>, D::Error> {
		BTreeMap::<String, String>::deserialize(deserializer)?
			.into_iter()
			.map(|(k, v)| {
				let amount = genex_offchain::bridge::parse_amount(&v, "reserve")
					.map_err(D::Error::custom)?;
				Ok((k, amount))
			})
			.collect()
	}
}

/// A deposit the bank received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deposit {
	/// `<bank>-000001`, …
	pub reference: String,
	/// `0x` + 40 lower-case hex digits.
	pub account: String,
	/// The currency received.
	pub currency: String,
	/// Minor units received.
	#[serde(with = "decimal")]
	pub amount_minor: u128,
	/// What it added to the USDC reserve (base units).
	#[serde(with = "decimal")]
	pub base_units: u128,
	/// When (ms).
	pub received_at: u64,
	/// The cursors it is listed under (more than one with a `duplicate` fault).
	pub cursors: Vec<u64>,
}

/// What became of a payout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
	/// Paid, with the bank's reference.
	Paid {
		/// `<bank>-P-000001`, …
		reference: String,
	},
	/// Refused for good.
	Failed {
		/// Why.
		reason: String,
	},
}

/// A payout instruction the bank answered, under its idempotency key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payout {
	/// `0x` + 64 lower-case hex digits.
	pub key: String,
	/// `0x` + 64 lower-case hex digits.
	pub bank_account: String,
	/// The currency paid out.
	pub currency: String,
	/// Minor units paid out.
	#[serde(with = "decimal")]
	pub amount_minor: u128,
	/// What it took (or would have taken) off the USDC reserve (base units).
	#[serde(with = "decimal")]
	pub base_units: u128,
	/// When it was answered (ms).
	pub at: u64,
	/// Paid or failed.
	pub outcome: Outcome,
}

impl Payout {
	/// The contract's answer about it.
	pub fn to_json(&self) -> Value {
		match &self.outcome {
			Outcome::Paid { reference } => {
				json!({ "key": self.key, "status": "paid", "reference": reference })
			},
			Outcome::Failed { reason } => {
				json!({ "key": self.key, "status": "failed", "reason": reason })
			},
		}
	}
}

/// A bank's ledger, as stored in `<bank>.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
	/// [`LEDGER_VERSION`].
	pub version: u32,
	/// The bank's name.
	pub bank: String,
	/// The last cursor given out (0: none yet).
	pub last_cursor: u64,
	/// Deposits in the order received.
	pub deposits: Vec<Deposit>,
	/// Payouts in the order answered.
	pub payouts: Vec<Payout>,
	/// Reserves per stablecoin (base units).
	#[serde(with = "decimal_map")]
	pub reserves: BTreeMap<String, u128>,
}

impl Ledger {
	/// An empty ledger for `bank` with `reserves`.
	pub fn new(bank: &str, reserves: BTreeMap<String, u128>) -> Self {
		let mut all: BTreeMap<String, u128> = ASSETS.iter().map(|a| (a.to_string(), 0)).collect();
		all.extend(reserves);
		Self {
			version: LEDGER_VERSION,
			bank: bank.to_owned(),
			last_cursor: 0,
			deposits: Vec::new(),
			payouts: Vec::new(),
			reserves: all,
		}
	}

	/// Whether the stored ledger is one this simulator can serve: the version, the bank, and
	/// cursors ascending up to `last_cursor`.
	fn check(&self, bank: &str) -> Result<(), String> {
		if self.version != LEDGER_VERSION {
			return Err(format!("ledger version {} (expected {LEDGER_VERSION})", self.version));
		}
		if self.bank != bank {
			return Err(format!("the ledger of {:?}, not {bank:?}", self.bank));
		}
		let mut previous = 0;
		for cursor in self.deposits.iter().flat_map(|d| d.cursors.iter()) {
			if *cursor <= previous || *cursor > self.last_cursor {
				return Err(format!("cursor {cursor} out of order"));
			}
			previous = *cursor;
		}
		Ok(())
	}

	fn reserve(&self, asset: &str) -> u128 {
		self.reserves.get(asset).copied().unwrap_or(0)
	}

	/// The reserves as they stood at the end of millisecond `cut_off`: only USDC moves, by the
	/// deposits received and the payouts paid after it.
	pub fn reserves_at(&self, cut_off: u64) -> BTreeMap<String, u128> {
		let received: u128 = self
			.deposits
			.iter()
			.filter(|d| d.received_at > cut_off)
			.fold(0, |sum, d| sum.saturating_add(d.base_units));
		let paid: u128 = self
			.payouts
			.iter()
			.filter(|p| p.at > cut_off && matches!(p.outcome, Outcome::Paid { .. }))
			.fold(0, |sum, p| sum.saturating_add(p.base_units));
		let mut reserves = self.reserves.clone();
		let usdc = self.reserve(SETTLEMENT_ASSET).saturating_sub(received).saturating_add(paid);
		reserves.insert(SETTLEMENT_ASSET.into(), usdc);
		reserves
	}
}

/// One bank: its ledger in memory and where it is stored.
#[derive(Debug)]
pub struct Bank {
	/// Its name.
	pub name: &'static str,
	file: PathBuf,
	ledger: Mutex<Ledger>,
}

impl Bank {
	/// Opens the ledger of `name` in `dir`, creating it with `starting` reserves when there is
	/// none.
	fn open(
		dir: &Path,
		name: &'static str,
		starting: BTreeMap<String, u128>,
	) -> Result<Self, String> {
		let file = dir.join(format!("{name}.json"));
		let ledger = match fs::read(&file) {
			Ok(bytes) => {
				let ledger: Ledger = serde_json::from_slice(&bytes)
					.map_err(|e| format!("{}: not a bank ledger: {e}", file.display()))?;
				ledger.check(name).map_err(|e| format!("{}: {e}", file.display()))?;
				ledger
			},
			Err(err) if err.kind() == io::ErrorKind::NotFound => {
				let ledger = Ledger::new(name, starting);
				write_atomic(&file, &encode(&ledger))
					.map_err(|e| format!("cannot write {}: {e}", file.display()))?;
				ledger
			},
			Err(err) => return Err(format!("cannot read {}: {err}", file.display())),
		};
		Ok(Self { name, file, ledger: Mutex::new(ledger) })
	}

	fn lock(&self) -> MutexGuard<'_, Ledger> {
		// Every change is one assignment after the file is written: never half-done.
		self.ledger.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Stores `next` (atomically), then makes it the ledger.
	fn commit(&self, ledger: &mut Ledger, next: Ledger) -> Result<(), Response> {
		write_atomic(&self.file, &encode(&next)).map_err(|e| {
			error(500, format!("cannot store the ledger {}: {e}", self.file.display()))
		})?;
		*ledger = next;
		Ok(())
	}
}

fn encode(ledger: &Ledger) -> Vec<u8> {
	let mut bytes = serde_json::to_vec_pretty(ledger).unwrap_or_default();
	bytes.push(b'\n');
	bytes
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, renamed over it,
/// and the directory synced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
	let mut tmp = path.as_os_str().to_owned();
	tmp.push(".tmp");
	let tmp = PathBuf::from(tmp);
	{
		let mut file = fs::File::create(&tmp)?;
		file.write_all(bytes)?;
		file.sync_all()?;
	}
	fs::rename(&tmp, path)?;
	if let Some(dir) = path.parent() {
		if let Ok(dir) = fs::File::open(dir) {
			let _ = dir.sync_all();
		}
	}
	Ok(())
}

/// Every bank, and the fixed rates.
#[derive(Debug)]
pub struct Banks {
	banks: Vec<Bank>,
	rates: Rates,
	dir: PathBuf,
}

impl Banks {
	/// Opens (or creates) every bank's ledger in `dir` (created if missing). `starting` seeds
	/// new ledgers: `(bank, asset, base units)`.
	pub fn open(
		dir: &Path,
		starting: &[(String, String, u128)],
		rates: Rates,
	) -> Result<Self, String> {
		fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
		let banks = BANK_NAMES
			.iter()
			.map(|name| {
				let seed = starting
					.iter()
					.filter(|(bank, _, _)| bank == name)
					.map(|(_, asset, amount)| (asset.clone(), *amount))
					.collect();
				Bank::open(dir, name, seed)
			})
			.collect::<Result<_, _>>()?;
		Ok(Self { banks, rates, dir: dir.to_owned() })
	}

	/// Where the ledgers are.
	pub fn dir(&self) -> &Path {
		&self.dir
	}

	fn get(&self, name: &str) -> Option<&Bank> {
		self.banks.iter().find(|b| b.name == name)
	}

	/// Base units worth `minor` minor units of `currency`, or why not.
	fn to_base(&self, currency: &str, minor: u128) -> Result<u128, Response> {
		let micros = if currency == "USD" {
			MICROS_PER_USD
		} else {
			*self.rates.get(currency).ok_or_else(|| {
				error(
					400,
					format!(
						"field \"currency\": no rate for {currency} (USD, or a currency given \
						 with --rate)"
					),
				)
			})?
		};
		let too_large = || error(400, "field \"amount_minor\": too large".to_owned());
		if micros == MICROS_PER_USD {
			return minor.checked_mul(BASE_UNITS_PER_MINOR_UNIT).ok_or_else(too_large);
		}
		minor.checked_mul(micros).map(|v| v / 100).ok_or_else(too_large)
	}
}

/// A JSON error answer.
fn error(status: u16, message: String) -> Response {
	Response::json(status, &json!({ "error": message }))
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// The string fields `names` of a JSON object body, every one required, no other field.
fn fields(body: &[u8], names: &[&str]) -> Result<Vec<String>, Response> {
	let bad = |message: String| error(400, message);
	let value: Value = serde_json::from_slice(body)
		.map_err(|e| bad(format!("the body is not valid JSON: {e}")))?;
	let Value::Object(obj) = value else {
		return Err(bad("the body must be a JSON object".into()));
	};
	if let Some(key) = obj.keys().find(|k| !names.contains(&k.as_str())) {
		return Err(bad(format!("unknown field \"{key}\"")));
	}
	names
		.iter()
		.map(|name| match obj.get(*name) {
			Some(Value::String(s)) => Ok(s.clone()),
			Some(_) => Err(bad(format!("field \"{name}\" must be a string"))),
			None => Err(bad(format!("missing field \"{name}\""))),
		})
		.collect()
}

/// The query parameters of `query` as integers: `names` with their defaults.
fn query_u64(query: Option<&str>, names: &[(&str, u64)]) -> Result<Vec<u64>, Response> {
	let mut found: BTreeMap<&str, &str> = BTreeMap::new();
	for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
		let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
		if found.insert(name, value).is_some() {
			return Err(error(400, format!("query parameter \"{name}\" given twice")));
		}
	}
	names
		.iter()
		.map(|(name, default)| match found.get(name) {
			None => Ok(*default),
			Some(value) => value
				.parse::<u64>()
				.ok()
				.filter(|_| value.bytes().all(|b| b.is_ascii_digit()))
				.ok_or_else(|| {
					error(400, format!("query parameter \"{name}\" must be a non-negative integer"))
				}),
		})
		.collect()
}

/// The answer of the banks to `request` (a path under `/banks/`).
pub fn serve(banks: &Banks, faults: &Faults, request: &Request) -> Response {
	let rest = request.path.strip_prefix("/banks/").unwrap_or("");
	let (name, endpoint) = rest.split_once('/').unwrap_or((rest, ""));
	let Some(bank) = banks.get(name) else {
		return error(404, format!("no bank called {name:?} (banks: {})", BANK_NAMES.join(", ")));
	};
	let method = request.method.as_str();
	let read = matches!(method, "GET" | "HEAD");
	let query = request.query.as_deref();
	let read_only = || Ok(Response::method_not_allowed("GET, HEAD"));
	let result = match endpoint {
		"deposits" => match method {
			"GET" | "HEAD" => list_deposits(bank, query),
			"POST" => post_deposit(banks, bank, faults, &request.body),
			_ => Ok(Response::method_not_allowed("GET, HEAD, POST")),
		},
		"payouts" => match method {
			"GET" | "HEAD" => Ok(list_payouts(bank)),
			"POST" => post_payout(banks, bank, faults, &request.body),
			_ => Ok(Response::method_not_allowed("GET, HEAD, POST")),
		},
		"reserves" if read => reserves(bank, query),
		"statement" if read => statement(bank, query),
		"reserves" | "statement" => read_only(),
		_ => match endpoint.strip_prefix("payouts/") {
			Some(key) if read => payout_status(bank, key),
			Some(_) => read_only(),
			None => Err(error(404, format!("nothing at {}", request.path))),
		},
	};
	result.unwrap_or_else(|response| response)
}

/// `POST deposits`: a user's bank transfer arrives.
fn post_deposit(
	banks: &Banks,
	bank: &Bank,
	faults: &Faults,
	body: &[u8],
) -> Result<Response, Response> {
	let values = fields(body, &["account", "currency", "amount_minor"])?;
	let bad = |e: genex_offchain::bridge::BridgeError| error(400, format!("field {e}"));
	let account = parse_address(&values[0], "\"account\"").map_err(bad)?;
	let currency = parse_currency(&values[1], "\"currency\"").map_err(bad)?;
	let amount_minor = parse_minor_amount(&values[2], "\"amount_minor\"").map_err(bad)?;
	let currency = String::from_utf8_lossy(&currency).into_owned();
	let base_units = banks.to_base(&currency, amount_minor)?;
	let copies = match faults.take_ledger(bank.name, "deposits", "duplicate") {
		Some(FaultKind::Duplicate { copies }) => u64::from(copies.max(1)),
		_ => 1,
	};
	let mut ledger = bank.lock();
	let mut next = ledger.clone();
	let reserve = next
		.reserve(SETTLEMENT_ASSET)
		.checked_add(base_units)
		.ok_or_else(|| error(400, "field \"amount_minor\": the reserve would overflow".into()))?;
	next.reserves.insert(SETTLEMENT_ASSET.into(), reserve);
	let first = next.last_cursor + 1;
	next.last_cursor += copies;
	let reference = format!("{}-{:06}", bank.name, next.deposits.len() + 1);
	next.deposits.push(Deposit {
		reference: reference.clone(),
		account: hex(&account.0),
		currency,
		amount_minor,
		base_units,
		received_at: now_ms(),
		cursors: (first..=next.last_cursor).collect(),
	});
	bank.commit(&mut ledger, next)?;
	Ok(Response::json(200, &json!({ "reference": reference, "cursor": first })))
}

/// `GET deposits?after=&limit=`.
fn list_deposits(bank: &Bank, query: Option<&str>) -> Result<Response, Response> {
	let values = query_u64(query, &[("after", 0), ("limit", u64::from(DEFAULT_PAGE))])?;
	let (after, limit) = (values[0], values[1]);
	if limit == 0 || limit > u64::from(MAX_PAGE_LIMIT) {
		return Err(error(
			400,
			format!("query parameter \"limit\" must be from 1 to {MAX_PAGE_LIMIT}"),
		));
	}
	let ledger = bank.lock();
	let listed: Vec<Value> = ledger
		.deposits
		.iter()
		.flat_map(|d| d.cursors.iter().map(move |c| (*c, d)))
		.filter(|(cursor, _)| *cursor > after)
		.take(limit as usize)
		.map(|(cursor, d)| {
			json!({
				"cursor": cursor,
				"reference": d.reference,
				"account": d.account,
				"currency": d.currency,
				"amount_minor": d.amount_minor.to_string(),
				"received_at": d.received_at,
			})
		})
		.collect();
	let next = listed.last().and_then(|d| d["cursor"].as_u64()).unwrap_or(after);
	Ok(Response::json(200, &json!({ "deposits": listed, "next": next })))
}

/// `POST payouts`: pay out once per key.
fn post_payout(
	banks: &Banks,
	bank: &Bank,
	faults: &Faults,
	body: &[u8],
) -> Result<Response, Response> {
	let values = fields(body, &["key", "bank_account", "currency", "amount_minor"])?;
	let bad = |e: genex_offchain::bridge::BridgeError| error(400, format!("field {e}"));
	let key = hex(parse_hash(&values[0], "\"key\"").map_err(bad)?.as_bytes());
	let bank_account = hex(parse_hash(&values[1], "\"bank_account\"").map_err(bad)?.as_bytes());
	let currency = parse_currency(&values[2], "\"currency\"").map_err(bad)?;
	let currency = String::from_utf8_lossy(&currency).into_owned();
	let amount_minor = parse_minor_amount(&values[3], "\"amount_minor\"").map_err(bad)?;
	let mut ledger = bank.lock();
	if let Some(stored) = ledger.payouts.iter().find(|p| p.key == key) {
		let same = stored.bank_account == bank_account
			&& stored.currency == currency
			&& stored.amount_minor == amount_minor;
		return if same {
			Ok(Response::json(200, &stored.to_json()))
		} else {
			Err(error(409, format!("key {key} was given with other parameters")))
		};
	}
	let base_units = banks.to_base(&currency, amount_minor)?;
	let mut next = ledger.clone();
	let outcome = match faults.take_ledger(bank.name, "payouts", "refuse") {
		Some(FaultKind::Refuse { reason }) => Outcome::Failed { reason },
		_ => match next.reserve(SETTLEMENT_ASSET).checked_sub(base_units) {
			None => Outcome::Failed { reason: "insufficient funds".into() },
			Some(left) => {
				next.reserves.insert(SETTLEMENT_ASSET.into(), left);
				let paid =
					next.payouts.iter().filter(|p| matches!(p.outcome, Outcome::Paid { .. }));
				Outcome::Paid { reference: format!("{}-P-{:06}", bank.name, paid.count() + 1) }
			},
		},
	};
	let payout =
		Payout { key, bank_account, currency, amount_minor, base_units, at: now_ms(), outcome };
	let answer = payout.to_json();
	next.payouts.push(payout);
	bank.commit(&mut ledger, next)?;
	Ok(Response::json(200, &answer))
}

/// `GET payouts/<key>`.
fn payout_status(bank: &Bank, key: &str) -> Result<Response, Response> {
	let key = parse_hash(key, "key")
		.map_err(|_| error(400, "the key must be 0x and 64 hex digits".into()))?;
	let key = hex(key.as_bytes());
	let ledger = bank.lock();
	match ledger.payouts.iter().find(|p| p.key == key) {
		Some(payout) => Ok(Response::json(200, &payout.to_json())),
		None => Err(error(404, format!("no payout with key {key}"))),
	}
}

/// `GET payouts` (not in the contract): every payout, for tests and the `payouts` command.
fn list_payouts(bank: &Bank) -> Response {
	let ledger = bank.lock();
	let payouts: Vec<Value> = ledger
		.payouts
		.iter()
		.map(|p| {
			let mut entry = p.to_json();
			entry["bank_account"] = p.bank_account.clone().into();
			entry["currency"] = p.currency.clone().into();
			entry["amount_minor"] = p.amount_minor.to_string().into();
			entry["at"] = p.at.into();
			entry
		})
		.collect();
	Response::json(200, &json!({ "payouts": payouts }))
}

/// `GET reserves[?at=<ms>]`: the statement cut at `at` (no later than now), by default at the
/// start of this minute.
fn reserves(bank: &Bank, query: Option<&str>) -> Result<Response, Response> {
	let now = now_ms();
	let as_of = match query_u64(query, &[("at", u64::MAX)])?[0] {
		u64::MAX => now - now % STATEMENT_PERIOD_MS,
		at if at > now => {
			return Err(error(
				400,
				format!("query parameter \"at\" is in the future ({at} > {now})"),
			))
		},
		at => at,
	};
	let reserves: Map<String, Value> = bank
		.lock()
		.reserves_at(as_of)
		.into_iter()
		.map(|(asset, amount)| (asset, amount.to_string().into()))
		.collect();
	Ok(Response::json(200, &json!({ "as_of": as_of, "reserves": reserves })))
}

/// `GET statement?from=&to=`: deposits (once each) and paid payouts with `from <= at < to`,
/// ascending `at`.
fn statement(bank: &Bank, query: Option<&str>) -> Result<Response, Response> {
	let values = query_u64(query, &[("from", 0), ("to", u64::MAX)])?;
	let (from, to) = (values[0], values[1]);
	if to <= from {
		return Err(error(400, "query parameter \"to\" must be after \"from\"".into()));
	}
	let ledger = bank.lock();
	let deposits = ledger.deposits.iter().map(|d| {
		(
			d.received_at,
			json!({
				"kind": "deposit",
				"reference": d.reference,
				"account": d.account,
				"currency": d.currency,
				"amount_minor": d.amount_minor.to_string(),
				"at": d.received_at,
			}),
		)
	});
	let payouts = ledger.payouts.iter().filter_map(|p| match &p.outcome {
		Outcome::Paid { reference } => Some((
			p.at,
			json!({
				"kind": "payout",
				"key": p.key,
				"reference": reference,
				"bank_account": p.bank_account,
				"currency": p.currency,
				"amount_minor": p.amount_minor.to_string(),
				"at": p.at,
			}),
		)),
		Outcome::Failed { .. } => None,
	});
	let mut entries: Vec<(u64, Value)> =
		deposits.chain(payouts).filter(|(at, _)| (from..to).contains(at)).collect();
	entries.sort_by_key(|(at, _)| *at);
	let entries: Vec<Value> = entries.into_iter().map(|(_, e)| e).collect();
	Ok(Response::json(200, &json!({ "entries": entries })))
}

/// Parses `--reserve <BANK>:<ASSET>=<BASE UNITS>`.
pub fn parse_reserve(text: &str) -> Result<(String, String, u128), String> {
	let usage = || {
		format!("{text:?}: expected <BANK>:<ASSET>=<BASE UNITS>, e.g. primary_bank:USDC=1000000")
	};
	let (target, amount) = text.split_once('=').ok_or_else(usage)?;
	let (bank, asset) = target.split_once(':').ok_or_else(usage)?;
	if !BANK_NAMES.contains(&bank) {
		return Err(format!(
			"{text:?}: no bank called {bank:?} (banks: {})",
			BANK_NAMES.join(", ")
		));
	}
	if !ASSETS.contains(&asset) {
		return Err(format!("{text:?}: no asset called {asset:?} (assets: {})", ASSETS.join(", ")));
	}
	let amount = parse_amount(amount, "base units").map_err(|e| format!("{text:?}: {e}"))?;
	Ok((bank.to_owned(), asset.to_owned(), amount))
}

/// Parses `--rate <CURRENCY>=<USD PER UNIT>` (at most 6 decimals, positive, not USD) into
/// micro-dollars per unit.
pub fn parse_rate(text: &str) -> Result<(String, u128), String> {
	let (currency, rate) = text
		.split_once('=')
		.ok_or_else(|| format!("{text:?}: expected <CURRENCY>=<USD PER UNIT>, e.g. EUR=1.08"))?;
	parse_currency(currency, "currency").map_err(|e| format!("{text:?}: {e}"))?;
	if currency == "USD" {
		return Err(format!("{text:?}: USD is always at par"));
	}
	let bad = || format!("{text:?}: the rate must be a positive decimal with at most 6 decimals");
	let (whole, fraction) = rate.split_once('.').unwrap_or((rate, ""));
	let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 6 {
		return Err(bad());
	}
	if rate.contains('.') && fraction.is_empty() {
		return Err(bad());
	}
	let padded = format!("{whole}{fraction:0<6}");
	let micros = padded.parse::<u128>().map_err(|_| bad())?;
	if micros == 0 {
		return Err(bad());
	}
	Ok((currency.to_owned(), micros))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn temp_dir(name: &str) -> PathBuf {
		let dir =
			std::env::temp_dir().join(format!("genex-banks-unit-{}-{name}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		dir
	}

	#[test]
	fn reserves_and_rates_parse_without_floats() {
		assert_eq!(
			parse_reserve("primary_bank:USDC=1000000"),
			Ok(("primary_bank".into(), "USDC".into(), 1_000_000))
		);
		for bad in [
			"primary_bank:USDC",
			"USDC=1",
			"nobank:USDC=1",
			"primary_bank:DAI=1",
			"primary_bank:USDC=1.5",
		] {
			assert!(parse_reserve(bad).is_err(), "{bad}");
		}
		assert_eq!(parse_rate("EUR=1.08"), Ok(("EUR".into(), 1_080_000)));
		assert_eq!(parse_rate("JPY=0.006667"), Ok(("JPY".into(), 6_667)));
		assert_eq!(parse_rate("GBP=2"), Ok(("GBP".into(), 2_000_000)));
		for bad in [
			"EUR",
			"EUR=",
			"EUR=0",
			"EUR=0.0000001",
			"EUR=1.",
			"EUR=.5",
			"EUR=-1",
			"eur=1",
			"USD=1",
			"EUR=1e2",
		] {
			assert!(parse_rate(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn conversion_matches_the_pallets_rounding() {
		let dir = temp_dir("rates");
		let rates = Rates::from([("EUR".to_owned(), 1_080_000), ("JPY".to_owned(), 6_667)]);
		let banks = Banks::open(&dir, &[], rates).unwrap();
		assert_eq!(banks.to_base("USD", 10_050).ok(), Some(100_500_000));
		// 100.00 EUR at 1.08: 108 USD.
		assert_eq!(banks.to_base("EUR", 10_000).ok(), Some(108_000_000));
		// 1 JPY cent at 0.006667 USD: 66.67 base units, rounded down.
		assert_eq!(banks.to_base("JPY", 1).ok(), Some(66));
		assert_eq!(banks.to_base("GBP", 1).map_err(|r| r.status), Err(400));
		assert_eq!(banks.to_base("USD", u128::MAX).map_err(|r| r.status), Err(400));
		let _ = fs::remove_dir_all(&dir);
	}

	#[test]
	fn a_ledger_survives_reopening_and_seeds_only_new_ones() {
		let dir = temp_dir("reopen");
		let seed = [("primary_bank".to_owned(), "USDC".to_owned(), 5u128)];
		let banks = Banks::open(&dir, &seed, Rates::new()).unwrap();
		let bank = banks.get(PRIMARY_BANK).unwrap();
		assert_eq!(bank.lock().reserve("USDC"), 5);
		assert_eq!(banks.get(BACKUP_PROCESSOR).unwrap().lock().reserve("USDC"), 0);
		{
			let mut ledger = bank.lock();
			let mut next = ledger.clone();
			next.reserves.insert("USDC".into(), 7);
			next.last_cursor = 1;
			bank.commit(&mut ledger, next).unwrap();
		}
		drop(banks);
		// Other starting reserves do not replace a stored ledger.
		let seed = [("primary_bank".to_owned(), "USDC".to_owned(), 99u128)];
		let banks = Banks::open(&dir, &seed, Rates::new()).unwrap();
		let ledger = banks.get(PRIMARY_BANK).unwrap().lock().clone();
		assert_eq!((ledger.reserve("USDC"), ledger.last_cursor), (7, 1));
		assert!(!dir.join("primary_bank.json.tmp").exists());
		// A damaged ledger stops the start instead of being replaced.
		fs::write(dir.join("backup_processor.json"), b"{").unwrap();
		let err = Banks::open(&dir, &[], Rates::new()).unwrap_err();
		assert!(err.contains("backup_processor.json"), "{err}");
		let mut other = Ledger::new("primary_bank", BTreeMap::new());
		other.version = 2;
		fs::write(dir.join("backup_processor.json"), encode(&other)).unwrap();
		assert!(Banks::open(&dir, &[], Rates::new()).unwrap_err().contains("version"));
		other.version = LEDGER_VERSION;
		fs::write(dir.join("backup_processor.json"), encode(&other)).unwrap();
		assert!(Banks::open(&dir, &[], Rates::new()).unwrap_err().contains("primary_bank"));
		let _ = fs::remove_dir_all(&dir);
	}

	/// A statement at a cut-off undoes what moved at or after it, and only that: a deposit
	/// received and a payout paid since are taken back out and put back; a refused payout
	/// never moved anything; USDT does not move.
	#[test]
	fn a_statement_shows_the_reserves_at_its_cut_off() {
		let mut ledger = Ledger::new(
			"primary_bank",
			BTreeMap::from([("USDC".to_owned(), 1_000), ("USDT".to_owned(), 50)]),
		);
		let deposit = |base_units, received_at| Deposit {
			reference: format!("primary_bank-{received_at}"),
			account: hex(&[0; 20]),
			currency: "USD".into(),
			amount_minor: 0,
			base_units,
			received_at,
			cursors: vec![],
		};
		let payout = |base_units, at, outcome| Payout {
			key: hex(&[at as u8; 32]),
			bank_account: hex(&[1; 32]),
			currency: "USD".into(),
			amount_minor: 0,
			base_units,
			at,
			outcome,
		};
		let paid = || Outcome::Paid { reference: "primary_bank-P-000001".into() };
		// Today's 1,000 USDC: 1,000 + 300 (t=100) + 20 (t=200) - 70 (t=150) = 1,250.
		ledger.reserves.insert("USDC".into(), 1_250);
		ledger.deposits = vec![deposit(300, 100), deposit(20, 200)];
		ledger.payouts = vec![
			payout(70, 150, paid()),
			payout(5_000, 160, Outcome::Failed { reason: "insufficient funds".into() }),
		];
		let usdc = |cut_off| ledger.reserves_at(cut_off)["USDC"];
		assert_eq!(usdc(0), 1_000);
		assert_eq!(usdc(99), 1_000);
		assert_eq!(usdc(100), 1_300);
		assert_eq!(usdc(150), 1_230);
		assert_eq!(usdc(199), 1_230);
		assert_eq!(usdc(200), 1_250);
		assert_eq!(ledger.reserves_at(0)["USDT"], 50);
	}

	#[test]
	fn query_parameters() {
		let q = |text: Option<&str>| {
			query_u64(text, &[("after", 0), ("limit", 100)])
				.map_err(|r| String::from_utf8_lossy(&r.body).into_owned())
		};
		assert_eq!(q(None), Ok(vec![0, 100]));
		assert_eq!(q(Some("after=5&limit=7&other=x")), Ok(vec![5, 7]));
		for (bad, field) in [
			("after=-1", "after"),
			("limit=x", "limit"),
			("after=1&after=2", "after"),
			("limit=+5", "limit"),
		] {
			let err = q(Some(bad)).unwrap_err();
			assert!(err.contains(field), "{bad}: {err}");
		}
	}
}
