//! The simulated banks, observed over HTTP against the real binary, and read with the worker's
//! own parsers (`genex_offchain::bridge`).

mod common;

use std::{
	fs,
	io::{Read, Write},
	process::Command,
	time::Duration,
};

use common::{is_timeout, read_to_eof, Reply, Sim, BIN};
use genex_offchain::bridge::{
	classify_payout, parse_deposit_page, parse_payout_result, parse_reserves, parse_statement,
	plan_deposits, reference_hash, DepositCursor, Hash, Indefinite, PayoutCall, PayoutStatus,
	PayoutVerdict, StatementEntry,
};
use serde_json::{json, Value};

const ALITH: &str = "0xf24ff3a9cf04c71dbc94d0b566f7a27b94566cac";
const BALTATHAR: &str = "0x3cd0a705a2dc65e5b1e1205896baa2be8a07c6e0";
const PRIMARY: &str = "/banks/primary_bank";
const BACKUP: &str = "/banks/backup_processor";
/// Starting reserves of 1,000 USD (in base units) at the primary bank.
const PRIMARY_THOUSAND: &str = "primary_bank:USDC=1000000000";

/// A 32-byte hex value made of `byte`.
fn h256(byte: u8) -> String {
	format!("0x{}", format!("{byte:02x}").repeat(32))
}

fn deposit_body(account: &str, currency: &str, amount_minor: &str) -> String {
	json!({ "account": account, "currency": currency, "amount_minor": amount_minor }).to_string()
}

fn payout_body(key: &str, bank_account: &str, amount_minor: &str) -> String {
	json!({ "key": key, "bank_account": bank_account, "currency": "USD", "amount_minor": amount_minor })
		.to_string()
}

/// Posts a deposit of USD, asserting 200; the answer.
fn deposit(sim: &Sim, bank: &str, account: &str, amount_minor: &str) -> Value {
	let reply = sim.post(&format!("{bank}/deposits"), &deposit_body(account, "USD", amount_minor));
	assert_eq!(reply.status, 200, "{}", reply.text());
	reply.json()
}

/// Posts a payout of USD.
fn payout(sim: &Sim, bank: &str, key: &str, amount_minor: &str) -> Reply {
	sim.post(&format!("{bank}/payouts"), &payout_body(key, &h256(0xba), amount_minor))
}

/// Milliseconds since the Unix epoch.
fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.unwrap()
		.as_millis() as u64
}

/// The bank's USDC reserve in base units, live (the statement at this moment).
fn usdc(sim: &Sim, bank: &str) -> u128 {
	let reply = sim.get(&format!("{bank}/reserves?at={}", now_ms()));
	assert_eq!(reply.status, 200);
	parse_reserves(&reply.body).expect("reserves parse").usdc
}

/// The bank's payouts.
fn payouts(sim: &Sim, bank: &str) -> Vec<Value> {
	sim.get(&format!("{bank}/payouts")).json()["payouts"]
		.as_array()
		.unwrap()
		.clone()
}

/// The bank's deposit listing after `after`, checked with the worker's parser.
fn listing(sim: &Sim, bank: &str, after: u64, limit: u32) -> genex_offchain::bridge::DepositPage {
	let reply = sim.get(&format!("{bank}/deposits?after={after}&limit={limit}"));
	assert_eq!(reply.status, 200, "{}", reply.text());
	parse_deposit_page(&reply.body, after, limit)
		.unwrap_or_else(|e| panic!("{e}: {}", reply.text()))
}

fn key_of(byte: u8) -> Hash {
	Hash::repeat_byte(byte)
}

/// The 400 answer to `body` at `path` names `field`.
fn assert_refused(sim: &Sim, path: &str, body: &str, field: &str) {
	let reply = sim.post(path, body);
	assert_eq!(reply.status, 400, "{body}: {}", reply.text());
	let error = reply.json()["error"].as_str().unwrap().to_owned();
	assert!(error.contains(field), "{body}: {error}");
}

#[test]
fn deposits_are_listed_in_cursor_order_per_bank() {
	let sim = Sim::start();
	for (i, amount) in ["10000", "5", "12345"].iter().enumerate() {
		let answer = deposit(&sim, PRIMARY, ALITH, amount);
		let n = i as u64 + 1;
		assert_eq!(answer, json!({ "reference": format!("primary_bank-{n:06}"), "cursor": n }));
	}
	assert_eq!(deposit(&sim, BACKUP, BALTATHAR, "1")["reference"], "backup_processor-000001");
	let first = listing(&sim, PRIMARY, 0, 2);
	assert_eq!(first.deposits.iter().map(|d| d.cursor).collect::<Vec<_>>(), [1, 2]);
	assert_eq!(first.next, 2);
	assert_eq!(first.deposits[0].reference, "primary_bank-000001");
	assert_eq!(first.deposits[0].amount_minor, 10_000);
	assert_eq!(format!("0x{}", hex_of(&first.deposits[0].account.0)), ALITH);
	let second = listing(&sim, PRIMARY, first.next, 2);
	assert_eq!(second.deposits.len(), 1);
	assert_eq!((second.deposits[0].cursor, second.deposits[0].amount_minor), (3, 12_345));
	let end = listing(&sim, PRIMARY, 3, 100);
	assert!(end.deposits.is_empty());
	assert_eq!(end.next, 3);
	// The default page, and the backup bank's own ledger.
	assert_eq!(
		sim.get(&format!("{PRIMARY}/deposits")).json()["deposits"]
			.as_array()
			.unwrap()
			.len(),
		3
	);
	assert_eq!(listing(&sim, BACKUP, 0, 10).deposits.len(), 1);
	// A deposit adds its worth to the USDC reserve: 123.50 USD in all.
	assert_eq!(usdc(&sim, PRIMARY), (10_000 + 5 + 12_345) * 10_000);
	assert_eq!(usdc(&sim, BACKUP), 10_000);
	for query in ["limit=0", "limit=1001", "after=-1", "after=x", "limit=1&limit=2"] {
		let reply = sim.get(&format!("{PRIMARY}/deposits?{query}"));
		assert_eq!(reply.status, 400, "{query}");
		let field = if query.starts_with("limit") { "limit" } else { "after" };
		assert!(reply.json()["error"].as_str().unwrap().contains(field), "{query}");
	}
}

fn hex_of(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn bad_deposits_and_payouts_name_the_field() {
	let sim = Sim::start();
	let deposits = format!("{PRIMARY}/deposits");
	for (body, field) in [
		("{".to_owned(), "JSON"),
		("[]".to_owned(), "object"),
		(json!({ "currency": "USD", "amount_minor": "1" }).to_string(), "\"account\""),
		(deposit_body("0x12", "USD", "1"), "\"account\""),
		(deposit_body(ALITH, "usd", "1"), "\"currency\""),
		(deposit_body(ALITH, "EUR", "1"), "\"currency\""),
		(deposit_body(ALITH, "USD", "1.5"), "\"amount_minor\""),
		(deposit_body(ALITH, "USD", "0"), "\"amount_minor\""),
		(
			json!({ "account": ALITH, "currency": "USD", "amount_minor": 100 }).to_string(),
			"\"amount_minor\"",
		),
		(
			json!({ "account": ALITH, "currency": "USD", "amount_minor": "1", "memo": "x" })
				.to_string(),
			"\"memo\"",
		),
	] {
		assert_refused(&sim, &deposits, &body, field);
	}
	let payouts_path = format!("{PRIMARY}/payouts");
	for (body, field) in [
		(payout_body("0x12", &h256(1), "1"), "\"key\""),
		(payout_body(&h256(1), "0x1234", "1"), "\"bank_account\""),
		(payout_body(&h256(1), &h256(1), "-1"), "\"amount_minor\""),
		(
			json!({ "key": h256(1), "bank_account": h256(1), "amount_minor": "1" }).to_string(),
			"\"currency\"",
		),
	] {
		assert_refused(&sim, &payouts_path, &body, field);
	}
	// Nothing was recorded.
	assert!(listing(&sim, PRIMARY, 0, 10).deposits.is_empty());
	assert!(payouts(&sim, PRIMARY).is_empty());
	assert_eq!(sim.get("/banks/nobank/deposits").status, 404);
	assert_eq!(sim.get(&format!("{PRIMARY}/nothing")).status, 404);
	assert_eq!(sim.request("DELETE", &deposits, "").status, 405);
	assert_eq!(sim.post(&format!("{PRIMARY}/reserves"), "{}").status, 405);
	assert_eq!(sim.get(&format!("{PRIMARY}/payouts/0x12")).status, 400);
}

#[test]
fn a_payout_is_paid_once_per_key() {
	let sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	assert_eq!(usdc(&sim, PRIMARY), 1_000_000_000);
	let key = h256(0x42);
	let first = payout(&sim, PRIMARY, &key, "12345");
	assert_eq!(first.status, 200, "{}", first.text());
	let verdict = classify_payout(PayoutCall::Submit, &key_of(0x42), Some((200, &first.body[..])));
	assert_eq!(verdict, PayoutVerdict::Paid { reference: "primary_bank-P-000001".into() });
	// The same key again (in upper case, too): the stored answer, no second payment.
	let again = payout(&sim, PRIMARY, &key, "12345");
	assert_eq!((again.status, again.json()), (200, first.json()));
	let upper = format!("0x{}", key[2..].to_uppercase());
	assert_eq!(payout(&sim, PRIMARY, &upper, "12345").json(), first.json());
	assert_eq!(payouts(&sim, PRIMARY).len(), 1);
	assert_eq!(usdc(&sim, PRIMARY), 1_000_000_000 - 123_450_000);
	// The lookup answers the same.
	let lookup = sim.get(&format!("{PRIMARY}/payouts/{key}"));
	assert_eq!((lookup.status, lookup.json()), (200, first.json()));
	assert_eq!(
		classify_payout(PayoutCall::Lookup, &key_of(0x42), Some((200, &lookup.body[..]))),
		verdict
	);
	// A second key is a second payout.
	let second = payout(&sim, PRIMARY, &h256(0x43), "100");
	assert_eq!(second.json()["reference"], "primary_bank-P-000002");
	assert_eq!(payouts(&sim, PRIMARY).len(), 2);
	// The other bank knows nothing of either.
	assert_eq!(sim.get(&format!("{BACKUP}/payouts/{key}")).status, 404);
}

#[test]
fn the_same_key_with_other_parameters_is_refused() {
	let sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	let key = h256(7);
	assert_eq!(payout(&sim, PRIMARY, &key, "500").json()["status"], "paid");
	let other_amount = payout(&sim, PRIMARY, &key, "501");
	let other_account =
		sim.post(&format!("{PRIMARY}/payouts"), &payout_body(&key, &h256(0xbb), "500"));
	let other_currency = sim.post(
		&format!("{PRIMARY}/payouts"),
		&json!({ "key": key, "bank_account": h256(0xba), "currency": "EUR", "amount_minor": "500" })
			.to_string(),
	);
	for reply in [other_amount, other_account, other_currency] {
		assert_eq!(reply.status, 409, "{}", reply.text());
		assert!(reply.json()["error"].as_str().unwrap().contains(&key));
		assert_eq!(
			classify_payout(PayoutCall::Submit, &key_of(7), Some((409, &reply.body[..]))),
			PayoutVerdict::Indefinite(Indefinite::Conflict)
		);
	}
	assert_eq!(payouts(&sim, PRIMARY).len(), 1);
	assert_eq!(usdc(&sim, PRIMARY), 1_000_000_000 - 5_000_000);
}

#[test]
fn refusals_are_stored_definite_failures() {
	let sim = Sim::start();
	// No reserves: insufficient funds.
	let reply = payout(&sim, PRIMARY, &h256(1), "100");
	let verdict =
		classify_payout(PayoutCall::Submit, &key_of(1), Some((reply.status, &reply.body[..])));
	assert_eq!(verdict, PayoutVerdict::FailedDefinitely { reason: "insufficient funds".into() });
	// Money arrives, but the key keeps its answer.
	deposit(&sim, PRIMARY, ALITH, "100000");
	assert_eq!(payout(&sim, PRIMARY, &h256(1), "100").json()["status"], "failed");
	let lookup = sim.get(&format!("{PRIMARY}/payouts/{}", h256(1)));
	assert_eq!(
		parse_payout_result(&lookup.body).unwrap().status,
		PayoutStatus::Failed { reason: "insufficient funds".into() }
	);
	// A refuse fault, once.
	sim.fault(
		r#"{"path": "/banks/primary_bank", "fault": "refuse", "reason": "account closed", "times": 1}"#,
	);
	let refused = payout(&sim, PRIMARY, &h256(2), "100");
	assert_eq!(
		refused.json(),
		json!({ "key": h256(2), "status": "failed", "reason": "account closed" })
	);
	assert_eq!(payout(&sim, PRIMARY, &h256(3), "100").json()["status"], "paid");
	// Only the paid one left the reserve; the statement lists only it.
	assert_eq!(usdc(&sim, PRIMARY), 100_000 * 10_000 - 100 * 10_000);
	let statement = sim.get(&format!("{PRIMARY}/statement"));
	let entries = parse_statement(&statement.body, 0, u64::MAX, 10).unwrap();
	assert_eq!(entries.len(), 2);
	assert!(matches!(&entries[1], StatementEntry::Payout { key, .. } if *key == key_of(3)));
}

#[test]
fn the_ledger_survives_a_restart() {
	let mut sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	sim.fault(
		r#"{"path": "/banks/primary_bank", "fault": "duplicate", "duplicate": 2, "times": 1}"#,
	);
	deposit(&sim, PRIMARY, ALITH, "10000");
	deposit(&sim, PRIMARY, BALTATHAR, "2000");
	let paid = payout(&sim, PRIMARY, &h256(9), "3000").json();
	assert_eq!(paid["status"], "paid");
	let before = sim.get(&format!("{PRIMARY}/deposits")).json();
	let reserve = usdc(&sim, PRIMARY);
	assert_eq!(reserve, 1_000_000_000 + 120_000_000 - 30_000_000);
	let ledger = sim.root.path("lists").join(".banks").join("primary_bank.json");
	assert!(ledger.is_file());

	sim.restart();
	assert_eq!(sim.get(&format!("{PRIMARY}/deposits")).json(), before);
	assert_eq!(sim.get(&format!("{PRIMARY}/payouts/{}", h256(9))).json(), paid);
	// The same key after the restart: still one payment.
	assert_eq!(payout(&sim, PRIMARY, &h256(9), "3000").json(), paid);
	assert_eq!(payouts(&sim, PRIMARY).len(), 1);
	assert_eq!(usdc(&sim, PRIMARY), reserve);
	// Numbering goes on; the fault did not survive (faults are not stored).
	let next = deposit(&sim, PRIMARY, ALITH, "1");
	assert_eq!(next, json!({ "reference": "primary_bank-000003", "cursor": 4 }));
	assert_eq!(payout(&sim, PRIMARY, &h256(10), "1").json()["reference"], "primary_bank-P-000002");
	assert!(!sim.root.path("lists").join(".banks").join("primary_bank.json.tmp").exists());
	let stored: Value = serde_json::from_slice(&fs::read(&ledger).unwrap()).unwrap();
	assert_eq!(stored["deposits"].as_array().unwrap().len(), 3);
	// The ledger is not served as a list.
	assert_eq!(sim.get("/lists/.banks").status, 404);
}

#[test]
fn a_data_dir_elsewhere_is_used_and_kept() {
	let dir = common::TempDir::new();
	let data = dir.path("ledgers");
	let mut sim = Sim::start_with(&["--data-dir", data.to_str().unwrap()]);
	deposit(&sim, BACKUP, ALITH, "42");
	assert!(data.join("backup_processor.json").is_file());
	assert!(data.join("primary_bank.json").is_file());
	sim.restart();
	assert_eq!(listing(&sim, BACKUP, 0, 10).deposits[0].amount_minor, 42);
}

#[test]
fn a_duplicate_fault_lists_a_deposit_three_times() {
	let sim = Sim::start();
	sim.fault(
		r#"{"path": "/banks/primary_bank", "fault": "duplicate", "duplicate": 3, "times": 1}"#,
	);
	let answer = deposit(&sim, PRIMARY, ALITH, "10000");
	assert_eq!(answer["cursor"], 1);
	deposit(&sim, PRIMARY, BALTATHAR, "500");
	let page = listing(&sim, PRIMARY, 0, 100);
	let listed: Vec<(u64, &str)> =
		page.deposits.iter().map(|d| (d.cursor, d.reference.as_str())).collect();
	assert_eq!(
		listed,
		[
			(1, "primary_bank-000001"),
			(2, "primary_bank-000001"),
			(3, "primary_bank-000001"),
			(4, "primary_bank-000002"),
		]
	);
	// The worker attests each reference once.
	let plan = plan_deposits(&page, DepositCursor::default(), |_| false);
	assert_eq!(plan.attest.len(), 2);
	assert_eq!(plan.repeated, 2);
	assert_eq!(plan.attest[0].reference_hash, reference_hash("primary_bank-000001"));
	assert_eq!(plan.cursor.after, 4);
	// Across pages too, with what the chain already has.
	let first = listing(&sim, PRIMARY, 0, 1);
	let plan = plan_deposits(&first, DepositCursor::default(), |_| false);
	let attested = plan.attest[0].reference_hash;
	let second = listing(&sim, PRIMARY, plan.cursor.after, 2);
	let plan = plan_deposits(&second, plan.cursor, |h| *h == attested);
	assert!(plan.attest.is_empty());
	assert_eq!((plan.known, plan.repeated, plan.cursor.after), (1, 1, 3));
	// The money counts once: in the reserve and in the statement.
	assert_eq!(usdc(&sim, PRIMARY), 10_500 * 10_000);
	let statement = sim.get(&format!("{PRIMARY}/statement?from=0&to=18446744073709551615"));
	assert_eq!(parse_statement(&statement.body, 0, u64::MAX, 10).unwrap().len(), 2);
}

#[test]
fn a_bank_that_is_down_closes_the_connection() {
	let sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	sim.fault(r#"{"path": "/banks/primary_bank", "fault": "down"}"#);
	for (method, path, body) in [
		("GET", format!("{PRIMARY}/deposits"), String::new()),
		("POST", format!("{PRIMARY}/payouts"), payout_body(&h256(5), &h256(0xba), "100")),
	] {
		let mut stream = sim.connect();
		write!(
			stream,
			"{method} {path} HTTP/1.1\r\nHost: sim\r\nContent-Length: {}\r\n\r\n{body}",
			body.len()
		)
		.unwrap();
		assert!(read_to_eof(&mut stream).is_empty(), "{method} {path}: no byte of answer");
	}
	// The other bank and the control API are up.
	assert_eq!(sim.get(&format!("{BACKUP}/reserves")).status, 200);
	assert_eq!(sim.get("/health").status, 200);
	// Back up: the payout sent while down was never taken.
	sim.fault(r#"{"path": "/banks/primary_bank", "fault": "none"}"#);
	let lookup = sim.get(&format!("{PRIMARY}/payouts/{}", h256(5)));
	assert_eq!(lookup.status, 404);
	assert_eq!(
		classify_payout(PayoutCall::Lookup, &key_of(5), Some((404, &lookup.body[..]))),
		PayoutVerdict::Indefinite(Indefinite::UnknownKey)
	);
	assert_eq!(usdc(&sim, PRIMARY), 1_000_000_000);
	assert_eq!(payout(&sim, PRIMARY, &h256(5), "100").json()["status"], "paid");
}

#[test]
fn server_errors_take_nothing_and_slow_answers_are_looked_up() {
	let sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	// A 503 to the submission: nothing was paid, the lookup says so.
	sim.fault(
		r#"{"path": "/banks/primary_bank/payouts", "fault": "status", "status": 503, "times": 1}"#,
	);
	let reply = payout(&sim, PRIMARY, &h256(1), "100");
	assert_eq!(reply.status, 503);
	assert_eq!(
		classify_payout(PayoutCall::Submit, &key_of(1), Some((503, &reply.body[..]))),
		PayoutVerdict::Indefinite(Indefinite::ServerError { status: 503 })
	);
	assert_eq!(sim.get(&format!("{PRIMARY}/payouts/{}", h256(1))).status, 404);
	// A slow answer: the worker gives up waiting, but the bank paid; the lookup finds it.
	sim.fault(
		r#"{"path": "/banks/primary_bank/payouts", "fault": "slow", "delay_ms": 2000, "times": 1}"#,
	);
	let body = payout_body(&h256(2), &h256(0xba), "100");
	let mut stream = sim.connect();
	write!(
		stream,
		"POST {PRIMARY}/payouts HTTP/1.1\r\nHost: sim\r\nContent-Length: {}\r\n\r\n{body}",
		body.len()
	)
	.unwrap();
	stream.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
	let mut byte = [0u8; 1];
	let err = stream.read(&mut byte).expect_err("the answer is late");
	assert!(is_timeout(&err), "{err}");
	drop(stream);
	assert_eq!(
		classify_payout(PayoutCall::Submit, &key_of(2), None),
		PayoutVerdict::Indefinite(Indefinite::NoResponse)
	);
	let lookup = sim.get(&format!("{PRIMARY}/payouts/{}", h256(2)));
	assert_eq!(
		classify_payout(PayoutCall::Lookup, &key_of(2), Some((lookup.status, &lookup.body[..]))),
		PayoutVerdict::Paid { reference: "primary_bank-P-000001".into() }
	);
	// Bank requests are counted by method and path.
	let counts = sim.requests();
	assert_eq!(counts["POST /banks/primary_bank/payouts"], 2);
	assert_eq!(counts[format!("GET /banks/primary_bank/payouts/{}", h256(2)).as_str()], 1);
}

#[test]
fn the_statement_lists_a_window() {
	let sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	deposit(&sim, PRIMARY, ALITH, "100");
	std::thread::sleep(Duration::from_millis(20));
	payout(&sim, PRIMARY, &h256(1), "50");
	let all = sim.get(&format!("{PRIMARY}/statement"));
	let entries = parse_statement(&all.body, 0, u64::MAX, 10).unwrap();
	assert_eq!(entries.len(), 2);
	let (deposit_at, payout_at) = (entries[0].at(), entries[1].at());
	assert!(deposit_at < payout_at);
	assert!(matches!(&entries[0], StatementEntry::Deposit { amount_minor: 100, .. }));
	assert!(matches!(
		&entries[1],
		StatementEntry::Payout { amount_minor: 50, bank_account, .. } if *bank_account == key_of(0xba)
	));
	// [from, to): the deposit alone, then the payout alone.
	let only_deposit = sim.get(&format!("{PRIMARY}/statement?from={deposit_at}&to={payout_at}"));
	let entries = parse_statement(&only_deposit.body, deposit_at, payout_at, 10).unwrap();
	assert!(matches!(entries[..], [StatementEntry::Deposit { .. }]));
	let path = format!("{PRIMARY}/statement?from={payout_at}&to={}", payout_at + 1);
	let entries = parse_statement(&sim.get(&path).body, payout_at, payout_at + 1, 10).unwrap();
	assert!(matches!(entries[..], [StatementEntry::Payout { .. }]));
	assert_eq!(sim.get(&format!("{PRIMARY}/statement?from=5&to=5")).status, 400);
}

/// `GET reserves` is the statement cut at the start of the minute: every read within the
/// minute is the same, whatever moved since; `at` gives the statement at another moment.
#[test]
fn reserves_are_a_statement_cut_each_minute() {
	let sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	let statement = || {
		let reply = sim.get(&format!("{PRIMARY}/reserves"));
		assert_eq!(reply.status, 200, "{}", reply.text());
		parse_reserves(&reply.body).unwrap()
	};
	let first = statement();
	assert_eq!(first.as_of % 60_000, 0);
	assert!(first.as_of <= now_ms() && now_ms() - first.as_of < 60_000 + 5_000);
	deposit(&sim, PRIMARY, ALITH, "500");
	let second = statement();
	if second.as_of == first.as_of {
		// The same minute: the same statement, without the deposit.
		assert_eq!(second, first);
	}
	assert_eq!(usdc(&sim, PRIMARY), 1_000_000_000 + 5_000_000);
	let before = sim.get(&format!("{PRIMARY}/reserves?at={}", first.as_of));
	assert_eq!(parse_reserves(&before.body).unwrap(), first);
	let later = now_ms() + 60_000;
	let future = sim.get(&format!("{PRIMARY}/reserves?at={later}"));
	assert_eq!(future.status, 400);
	let message = future.json()["error"].as_str().unwrap().to_owned();
	assert!(message.starts_with("query parameter \"at\" is in the future"), "{message}");
}

#[test]
fn rates_convert_other_currencies() {
	let sim = Sim::start_with(&["--rate", "EUR=1.08"]);
	let reply = sim.post(&format!("{PRIMARY}/deposits"), &deposit_body(ALITH, "EUR", "10000"));
	assert_eq!(reply.status, 200, "{}", reply.text());
	assert_eq!(usdc(&sim, PRIMARY), 108_000_000);
	assert_eq!(listing(&sim, PRIMARY, 0, 10).deposits[0].currency, *b"EUR");
	assert_refused(
		&sim,
		&format!("{PRIMARY}/deposits"),
		&deposit_body(ALITH, "GBP", "1"),
		"currency",
	);
}

/// Runs the binary with `args`; (success, stdout, stderr).
fn run(args: &[&str]) -> (bool, String, String) {
	let output = Command::new(BIN).args(args).output().unwrap();
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

#[test]
fn the_deposit_command_posts_a_transfer() {
	let sim = Sim::start_with(&["--reserve", PRIMARY_THOUSAND]);
	let url = format!("http://{}", sim.addr);
	let url = url.as_str();
	let (ok, out, err) = run(&["deposit", "--to", ALITH, "--amount", "100.5", "--url", url]);
	assert!(ok, "{err}");
	assert_eq!(out, "primary_bank-000001\n");
	let (ok, out, err) = run(&[
		"deposit",
		"--to",
		BALTATHAR,
		"--amount",
		"0.07",
		"--bank",
		"backup_processor",
		"--url",
		url,
	]);
	assert!(ok, "{err}");
	assert_eq!(out, "backup_processor-000001\n");
	assert_eq!(listing(&sim, PRIMARY, 0, 10).deposits[0].amount_minor, 10_050);
	assert_eq!(listing(&sim, BACKUP, 0, 10).deposits[0].amount_minor, 7);
	// Errors name the argument, and nothing is posted.
	for (args, field) in [
		(&["--to", ALITH, "--amount", "1.234"][..], "--amount"),
		(&["--to", ALITH, "--amount", "1e3"], "--amount"),
		(&["--to", ALITH, "--amount", "0"], "--amount"),
		(&["--to", "0x1234", "--amount", "1"], "--to"),
		(&["--to", ALITH, "--amount", "1", "--currency", "usd"], "--currency"),
		(&["--to", ALITH, "--amount", "1", "--currency", "EUR"], "currency"),
	] {
		let mut all = vec!["deposit", "--url", url];
		all.extend_from_slice(args);
		let (ok, out, err) = run(&all);
		assert!(!ok && out.is_empty(), "{args:?}");
		assert!(err.contains(field), "{args:?}: {err}");
	}
	assert_eq!(listing(&sim, PRIMARY, 0, 10).deposits.len(), 1);
	// The ledger commands.
	payout(&sim, PRIMARY, &h256(1), "100");
	let (ok, out, _) = run(&["payouts", "--url", url]);
	assert!(ok);
	let listed: Value = serde_json::from_str(&out).unwrap();
	assert_eq!(listed["payouts"][0]["key"], h256(1));
	let (ok, out, _) = run(&["statement", "--url", url]);
	assert!(ok);
	assert_eq!(parse_statement(out.as_bytes(), 0, u64::MAX, 10).unwrap().len(), 2);
	let (ok, out, _) = run(&["reserves", "--url", url, "--bank", "backup_processor"]);
	assert!(ok);
	assert_eq!(parse_reserves(out.as_bytes()).unwrap().usdc, 70_000);
	// No simulator there.
	let (ok, _, err) =
		run(&["deposit", "--to", ALITH, "--amount", "1", "--url", "http://127.0.0.1:1"]);
	assert!(!ok && err.contains("cannot connect"), "{err}");
}

#[test]
fn bad_serve_options_fail_at_start() {
	let dir = common::TempDir::new();
	let lists = dir.path("lists");
	fs::create_dir(&lists).unwrap();
	for (option, value) in [
		("--reserve", "primary_bank:DAI=1"),
		("--reserve", "primary_bank:USDC=1.5"),
		("--rate", "EUR=1.0000001"),
		("--rate", "USD=1"),
	] {
		let (ok, _, err) =
			run(&["--listen", "127.0.0.1:0", "--lists", lists.to_str().unwrap(), option, value]);
		assert!(!ok, "{option} {value}");
		assert!(err.contains(option), "{option} {value}: {err}");
	}
	// A damaged ledger is reported, not replaced.
	let data = dir.path("data");
	fs::create_dir(&data).unwrap();
	fs::write(data.join("primary_bank.json"), b"{ not json").unwrap();
	let (ok, _, err) = run(&[
		"--listen",
		"127.0.0.1:0",
		"--lists",
		lists.to_str().unwrap(),
		"--data-dir",
		data.to_str().unwrap(),
	]);
	assert!(!ok && err.contains("primary_bank.json"), "{err}");
	assert_eq!(fs::read(data.join("primary_bank.json")).unwrap(), b"{ not json");
}
