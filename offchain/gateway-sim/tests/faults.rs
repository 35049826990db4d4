//! Every fault kind, observed from a raw TCP client against the real binary.

mod common;

use std::{
	io::{Read, Write},
	net::TcpStream,
	time::{Duration, Instant},
};

use common::{is_timeout, read_to_eof, sample_list, Reply, Sim};
use serde_json::json;

/// Sends `GET path` on a new connection and returns the stream, to read from it by hand.
fn send_get(sim: &Sim, path: &str) -> TcpStream {
	let mut stream = sim.connect();
	write!(stream, "GET {path} HTTP/1.1\r\nHost: sim\r\n\r\n").unwrap();
	stream
}

/// Starts a simulator with `a.txt` (1000 bytes) and returns both.
fn sim_with_list() -> (Sim, Vec<u8>) {
	let sim = Sim::start();
	let body = sample_list(1000);
	sim.write_list("a.txt", &body);
	(sim, body)
}

#[test]
fn status_answers_the_given_code() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "status"}"#);
	let reply = sim.get("/lists/a.txt");
	assert_eq!(reply.status, 503);
	assert!(reply.text().contains("503"), "{}", reply.text());
	assert_eq!(reply.content_length(), reply.body.len());
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "status", "status": 429}"#);
	assert_eq!(sim.get("/lists/a.txt").status, 429);
	// Other paths are untouched.
	sim.write_list("b.txt", b"b");
	assert_eq!(sim.get("/lists/b.txt").status, 200);
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "none"}"#);
	assert_eq!(sim.get("/lists/a.txt").body, body);
}

#[test]
fn slow_sends_nothing_before_the_delay() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "slow", "delay_ms": 1500}"#);
	let start = Instant::now();
	let mut stream = send_get(&sim, "/lists/a.txt");
	stream.set_read_timeout(Some(Duration::from_millis(700))).unwrap();
	let mut byte = [0u8; 1];
	let err = stream.read(&mut byte).expect_err("nothing may arrive before the delay");
	assert!(is_timeout(&err), "{err}");
	// Then the normal answer.
	stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
	let reply = Reply::parse(&read_to_eof(&mut stream));
	assert!(start.elapsed() >= Duration::from_millis(1500));
	assert_eq!((reply.status, reply.body), (200, body));
}

#[test]
fn trickle_sends_the_body_in_pieces() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "*", "fault": "trickle", "delay_ms": 100, "chunk_bytes": 250}"#);
	let start = Instant::now();
	let mut stream = send_get(&sim, "/lists/a.txt");
	// The head comes at once, alone: the first piece follows 100 ms later.
	let mut first = [0u8; 4096];
	let n = stream.read(&mut first).unwrap();
	let head = String::from_utf8_lossy(&first[..n]).into_owned();
	assert!(head.starts_with("HTTP/1.1 200 OK\r\n") && head.ends_with("\r\n\r\n"), "{head}");
	assert!(head.contains("Content-Length: 1000\r\n"), "{head}");
	// Then four pieces, 100 ms apart.
	let mut rest = Vec::new();
	let mut reads = 0;
	let mut buf = [0u8; 4096];
	loop {
		match stream.read(&mut buf).unwrap() {
			0 => break,
			n => {
				rest.extend_from_slice(&buf[..n]);
				reads += 1;
			},
		}
	}
	assert_eq!(rest, body);
	assert!(reads >= 2, "{reads} reads");
	assert!(start.elapsed() >= Duration::from_millis(400), "{:?}", start.elapsed());
}

#[test]
fn truncate_sends_less_than_content_length_then_closes() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "truncate", "keep_bytes": 300}"#);
	let reply = sim.get("/lists/a.txt");
	assert_eq!(reply.status, 200);
	assert_eq!(reply.content_length(), 1000);
	assert_eq!(reply.body, body[..300]);
	// The default keeps half.
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "truncate"}"#);
	let reply = sim.get("/lists/a.txt");
	assert_eq!((reply.content_length(), reply.body.len()), (1000, 500));
	assert_eq!(reply.body, body[..500]);
}

#[test]
fn short_cuts_the_body_and_the_length_together() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "short", "keep_bytes": 123}"#);
	let reply = sim.get("/lists/a.txt");
	assert_eq!(reply.status, 200);
	assert_eq!(reply.content_length(), 123);
	assert_eq!(reply.body, body[..123]);
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "short"}"#);
	assert_eq!(sim.get("/lists/a.txt").content_length(), 500);
}

#[test]
fn garbage_is_deterministic_and_not_the_list() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "garbage"}"#);
	let first = sim.get("/lists/a.txt");
	assert_eq!(first.status, 200);
	assert_eq!(first.content_length(), 1000);
	assert_eq!(first.body.len(), 1000);
	assert_ne!(first.body, body);
	assert!(first.body.iter().any(|b| !b.is_ascii()), "pseudo-random bytes");
	assert_eq!(sim.get("/lists/a.txt").body, first.body, "deterministic");
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "garbage", "bytes": 64, "seed": 9}"#);
	let other = sim.get("/lists/a.txt");
	assert_eq!((other.content_length(), other.body.len()), (64, 64));
	assert_ne!(other.body, first.body[..64]);
}

#[test]
fn hang_never_answers_and_the_server_lives_on() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "hang"}"#);
	let mut stream = send_get(&sim, "/lists/a.txt");
	stream.set_read_timeout(Some(Duration::from_millis(1500))).unwrap();
	let mut buf = [0u8; 16];
	let err = stream.read(&mut buf).expect_err("no response");
	assert!(is_timeout(&err), "{err}");
	// The hung request was seen, and other requests are served meanwhile.
	assert_eq!(sim.requests(), json!({ "/lists/a.txt": 1 }));
	assert_eq!(sim.get("/health").status, 200);
	drop(stream);
	sim.request("DELETE", "/control/faults", "");
	assert_eq!(sim.get("/lists/a.txt").body, body);
}

#[test]
fn times_limits_a_fault_to_the_next_requests() {
	let (sim, body) = sim_with_list();
	sim.fault(r#"{"path": "/lists/a.txt", "fault": "status", "status": 500, "times": 2}"#);
	assert_eq!(sim.get("/lists/a.txt").status, 500);
	assert_eq!(sim.get("/control/faults").json()[0]["times"], 1);
	assert_eq!(sim.get("/lists/a.txt").status, 500);
	let third = sim.get("/lists/a.txt");
	assert_eq!((third.status, third.body), (200, body));
	assert_eq!(sim.get("/control/faults").json(), json!([]));
}

#[test]
fn a_paths_own_fault_wins_over_every_list() {
	let (sim, _) = sim_with_list();
	sim.write_list("b.txt", b"b");
	sim.fault(r#"{"path": "*", "fault": "status", "status": 502}"#);
	sim.fault(r#"{"path": "/lists/b.txt", "fault": "short", "keep_bytes": 0}"#);
	assert_eq!(sim.get("/lists/a.txt").status, 502);
	assert_eq!(sim.get("/lists/missing.txt").status, 502);
	let b = sim.get("/lists/b.txt");
	assert_eq!((b.status, b.content_length()), (200, 0));
	// `*` is for lists only: the health check and the control API stay up.
	assert_eq!(sim.get("/health").status, 200);
	assert_eq!(
		sim.get("/control/faults").json(),
		json!([
			{ "path": "*", "fault": "status", "status": 502 },
			{ "path": "/lists/b.txt", "fault": "short", "keep_bytes": 0 },
		])
	);
	// `none` removes one, DELETE the rest.
	assert_eq!(sim.fault(r#"{"path": "*", "fault": "none"}"#).json()["removed"], true);
	assert_eq!(sim.get("/lists/a.txt").status, 200);
	assert_eq!(sim.get("/lists/b.txt").content_length(), 0);
	let cleared = sim.request("DELETE", "/control/faults", "");
	assert_eq!((cleared.status, cleared.json()), (200, json!({ "cleared": 1 })));
	assert_eq!(sim.get("/lists/b.txt").body, b"b");
	assert_eq!(sim.get("/control/faults").json(), json!([]));
}

#[test]
fn faults_can_target_any_path_outside_control() {
	let sim = Sim::start();
	sim.fault(r#"{"path": "/health", "fault": "status", "status": 500, "times": 1}"#);
	assert_eq!(sim.get("/health").status, 500);
	assert_eq!(sim.get("/health").status, 200);
}

#[test]
fn bad_fault_requests_name_the_field() {
	let sim = Sim::start();
	for (body, field) in [
		("not json", "JSON"),
		("", "JSON"),
		(r#"["path"]"#, "object"),
		(r#"{"fault": "status"}"#, "\"path\""),
		(r#"{"path": "/control/faults", "fault": "hang"}"#, "\"path\""),
		(r#"{"path": "*", "fault": "explode"}"#, "\"fault\""),
		(r#"{"path": "*", "fault": "slow", "delay_ms": "soon"}"#, "\"delay_ms\""),
		(r#"{"path": "*", "fault": "slow", "delay": 5}"#, "\"delay\""),
		(r#"{"path": "*", "fault": "status", "status": 700}"#, "\"status\""),
		(r#"{"path": "*", "fault": "short", "keep_bytes": -3}"#, "\"keep_bytes\""),
		(r#"{"path": "*", "fault": "hang", "times": 0}"#, "\"times\""),
	] {
		let reply = sim.request("POST", "/control/faults", body);
		assert_eq!(reply.status, 400, "{body}");
		let error = reply.json()["error"].as_str().unwrap().to_owned();
		assert!(error.contains(field), "{body}: {error}");
	}
	assert_eq!(sim.get("/control/faults").json(), json!([]));
}
