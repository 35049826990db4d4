//! Serving lists, the control counters and the HTTP edge cases, against the real binary.

mod common;

use std::{
	fs,
	io::Write,
	net::Shutdown,
	process::{Command, Stdio},
	time::{Duration, UNIX_EPOCH},
};

use common::{read_to_eof, sample_list, Reply, Sim, BIN};
use serde_json::json;

#[test]
fn prints_one_line_and_answers_health() {
	let sim = Sim::start();
	let reply = sim.get("/health");
	assert_eq!(reply.status, 200);
	assert_eq!(reply.body, b"ok");
	assert_eq!(reply.header("connection"), Some("close"));
	assert_eq!(sim.request("HEAD", "/health", "").body, b"");
}

#[test]
fn serves_lists_with_exact_bytes_and_headers() {
	let sim = Sim::start();
	let text = sample_list(10_000);
	let xml = b"<?xml version=\"1.0\"?>\n<sanctions>\xc3\xa9</sanctions>\n".to_vec();
	let json = b"[\"0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\"]".to_vec();
	for (name, body, content_type) in [
		("a.txt", &text, "text/plain; charset=utf-8"),
		("sdn_advanced.xml", &xml, "application/xml; charset=utf-8"),
		("eth.json", &json, "application/json; charset=utf-8"),
		("no-extension", &text, "text/plain; charset=utf-8"),
	] {
		sim.write_list(name, body);
		let reply = sim.get(&format!("/lists/{name}"));
		assert_eq!(reply.status, 200, "{name}");
		assert_eq!(&reply.body, body, "{name}");
		assert_eq!(reply.content_length(), body.len(), "{name}");
		assert_eq!(reply.header("content-type"), Some(content_type), "{name}");
		assert_eq!(reply.header("connection"), Some("close"), "{name}");
		assert!(reply.header("last-modified").is_some_and(|d| d.ends_with(" GMT")), "{name}");
	}
	// An empty list is a list too.
	sim.write_list("empty.txt", b"");
	let reply = sim.get("/lists/empty.txt");
	assert_eq!((reply.status, reply.content_length(), reply.body.len()), (200, 0, 0));
	// A query string does not change what is served.
	assert_eq!(sim.get("/lists/a.txt?v=2").body, text);
}

#[test]
fn large_lists_arrive_whole() {
	let sim = Sim::start();
	let body = sample_list(3 * 1024 * 1024 + 7);
	sim.write_list("big.xml", &body);
	let reply = sim.get("/lists/big.xml");
	assert_eq!(reply.content_length(), body.len());
	assert!(reply.body == body, "the body differs");
}

#[test]
fn last_modified_is_the_files_mtime() {
	let sim = Sim::start();
	let path = sim.write_list("a.txt", b"0x00\n");
	for (secs, expected) in [
		(1_796_190_730, "Wed, 02 Dec 2026 05:52:10 GMT"),
		(1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
		(946_598_400, "Fri, 31 Dec 1999 00:00:00 GMT"),
	] {
		let file = fs::File::options().write(true).open(&path).unwrap();
		file.set_modified(UNIX_EPOCH + Duration::from_millis(secs * 1000 + 999))
			.unwrap();
		drop(file);
		assert_eq!(sim.get("/lists/a.txt").header("last-modified"), Some(expected));
	}
}

#[test]
fn a_rewritten_file_is_served_fresh() {
	let sim = Sim::start();
	sim.write_list("a.txt", b"first version\n");
	assert_eq!(sim.get("/lists/a.txt").body, b"first version\n");
	sim.write_list("a.txt", b"the second, longer version\n");
	let reply = sim.get("/lists/a.txt");
	assert_eq!(reply.body, b"the second, longer version\n");
	assert_eq!(reply.content_length(), 27);
	fs::remove_file(sim.list_path("a.txt")).unwrap();
	assert_eq!(sim.get("/lists/a.txt").status, 404);
}

#[test]
fn head_sends_the_headers_only() {
	let sim = Sim::start();
	sim.write_list("a.xml", &sample_list(5000));
	let reply = sim.request("HEAD", "/lists/a.xml", "");
	assert_eq!(reply.status, 200);
	assert_eq!(reply.content_length(), 5000);
	assert_eq!(reply.header("content-type"), Some("application/xml; charset=utf-8"));
	assert!(reply.body.is_empty());
}

#[test]
fn missing_unknown_and_wrong_method() {
	let sim = Sim::start();
	sim.write_list("a.txt", b"x");
	fs::create_dir(sim.list_path("subdir")).unwrap();
	assert_eq!(sim.get("/lists/missing.txt").status, 404);
	assert_eq!(sim.get("/lists/subdir").status, 404);
	assert_eq!(sim.get("/").status, 404);
	assert_eq!(sim.get("/lists").status, 404);
	assert_eq!(sim.get("/control/nothing").status, 404);
	let reply = sim.request("POST", "/lists/a.txt", "x");
	assert_eq!(reply.status, 405);
	assert_eq!(reply.header("allow"), Some("GET, HEAD"));
	assert_eq!(sim.request("DELETE", "/health", "").status, 405);
	assert_eq!(sim.request("PUT", "/control/faults", "").status, 405);
	assert_eq!(sim.request("POST", "/control/requests", "").status, 405);
	assert_eq!(sim.request("get", "/lists/a.txt", "").status, 405);
}

#[test]
fn path_traversal_is_refused() {
	let sim = Sim::start();
	fs::write(sim.root.path("secret.txt"), b"TOP SECRET").unwrap();
	sim.write_list("a.txt", b"x");
	for path in [
		"/lists/../secret.txt",
		"/lists/..",
		"/lists/.",
		"/lists/",
		"/lists/lists/../../secret.txt",
		"/lists/%2e%2e%2fsecret.txt",
		"/lists/..%2fsecret.txt",
		"/lists/a.txt/",
		"/lists//etc/passwd",
		"/lists/a%20b",
		"/lists/..\\secret.txt",
	] {
		let reply = sim.get(path);
		assert_eq!(reply.status, 400, "{path}");
		assert!(!reply.text().contains("SECRET"), "{path}");
	}
}

#[test]
fn malformed_requests_get_400_and_the_server_lives_on() {
	let sim = Sim::start();
	for raw in [
		&b"GARBAGE\r\n\r\n"[..],
		b"GET /health\r\n\r\n",
		b"GET /health HTTP/1.1\r\n\r\n", // no Host
		b"GET health HTTP/1.1\r\nHost: a\r\n\r\n",
		b"GET /health HTTP/1.1\r\nHost: a\r\nno colon\r\n\r\n",
		b"GET /health HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n",
		b"\x00\x01\x02\xff\r\n\r\n",
	] {
		assert_eq!(sim.raw(raw).status, 400, "{}", String::from_utf8_lossy(raw));
	}
	assert_eq!(sim.raw(b"GET /health HTTP/3.0\r\nHost: a\r\n\r\n").status, 505);
	let chunked =
		b"POST /control/faults HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
	assert_eq!(sim.raw(chunked).status, 501);
	let long = format!("GET /{} HTTP/1.1\r\nHost: a\r\n\r\n", "x".repeat(20_000));
	assert_eq!(sim.raw(long.as_bytes()).status, 431);
	// HTTP/1.0 needs no Host; a bare LF ends lines too.
	let reply = sim.raw(b"GET /health HTTP/1.0\n\n");
	assert_eq!((reply.status, reply.body.as_slice()), (200, &b"ok"[..]));

	// Clients that go away at every stage do not stop the server.
	drop(sim.connect());
	let mut half = sim.connect();
	half.write_all(b"GET /lists/a.txt HTTP/1.1\r\nHo").unwrap();
	drop(half);
	let mut body_missing = sim.connect();
	body_missing
		.write_all(b"POST /control/faults HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{")
		.unwrap();
	body_missing.shutdown(Shutdown::Write).unwrap();
	assert_eq!(Reply::parse(&read_to_eof(&mut body_missing)).status, 400);
	assert_eq!(sim.get("/health").status, 200);
}

#[test]
fn many_clients_at_once() {
	let sim = Sim::start();
	let body = sample_list(100_000);
	sim.write_list("a.txt", &body);
	std::thread::scope(|s| {
		let handles: Vec<_> = (0..16).map(|_| s.spawn(|| sim.get("/lists/a.txt").body)).collect();
		for h in handles {
			assert!(h.join().unwrap() == body);
		}
	});
	assert_eq!(sim.requests(), json!({ "/lists/a.txt": 16 }));
}

#[test]
fn list_requests_are_counted_and_reset() {
	let sim = Sim::start();
	sim.write_list("a.txt", b"x");
	assert_eq!(sim.requests(), json!({}));
	sim.get("/lists/a.txt");
	sim.request("HEAD", "/lists/a.txt", "");
	sim.get("/lists/b.txt");
	sim.get("/health");
	sim.get("/lists/../x");
	assert_eq!(sim.requests(), json!({ "/lists/a.txt": 2, "/lists/b.txt": 1, "/lists/../x": 1 }));
	let reply = sim.request("DELETE", "/control/requests", "");
	assert_eq!(reply.status, 200);
	assert_eq!(sim.requests(), json!({}));
	sim.get("/lists/a.txt");
	assert_eq!(sim.requests(), json!({ "/lists/a.txt": 1 }));
}

#[test]
fn refuses_remote_addresses_unless_allowed() {
	let output = Command::new(BIN)
		.args(["--listen", "0.0.0.0:0", "--lists", "."])
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.output()
		.unwrap();
	assert!(!output.status.success());
	assert!(output.stdout.is_empty());
	assert!(String::from_utf8_lossy(&output.stderr).contains("--allow-remote"));

	let output = Command::new(BIN)
		.args(["serve", "--listen", "127.0.0.1:0", "--lists", "/nonexistent/dir"])
		.output()
		.unwrap();
	assert!(!output.status.success());
	assert!(String::from_utf8_lossy(&output.stderr).contains("not a directory"));
}
