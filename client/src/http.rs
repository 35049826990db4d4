//! A minimal HTTP/1.1 `GET` over a plain TCP connection, for reading the banks' statements and
//! reserves (`genex bridge reconcile`): `http://` only, one request per connection, a bounded
//! body, `Content-Length` or chunked answers. The same request and reply handling as
//! `genex-gateway-sim`'s client (`offchain/gateway-sim/src/client.rs`), without an HTTP crate.

use std::{
	io::{Read, Write},
	net::{TcpStream, ToSocketAddrs},
	time::Duration,
};

/// How long to wait for the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a read or a write may block.
const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// The most bytes of an answer's head read.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// `GET url`, reading at most `max_body` bytes of body; the status and the body.
pub fn get(url: &str, max_body: usize) -> Result<(u16, Vec<u8>), String> {
	let (authority, path) = split_url(url)?;
	let with_port =
		if authority.contains(':') { authority.to_owned() } else { format!("{authority}:80") };
	let addr = with_port
		.to_socket_addrs()
		.map_err(|e| format!("{url}: {e}"))?
		.next()
		.ok_or_else(|| format!("{url}: no address"))?;
	let mut stream = TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT)
		.map_err(|e| format!("cannot connect to {addr}: {e}"))?;
	let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
	let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
	let head = format!(
		"GET {path} HTTP/1.1\r\nHost: {authority}\r\nAccept: application/json\r\nConnection: \
		 close\r\n\r\n"
	);
	stream
		.write_all(head.as_bytes())
		.and_then(|()| stream.flush())
		.map_err(|e| format!("cannot send to {addr}: {e}"))?;
	let limit = MAX_HEAD_BYTES.saturating_add(max_body).saturating_add(1);
	let mut reply = Vec::new();
	(&mut stream)
		.take(limit as u64)
		.read_to_end(&mut reply)
		.map_err(|e| format!("cannot read the answer of {addr}: {e}"))?;
	parse_reply(&reply, max_body).map_err(|e| format!("{url}: {e}"))
}

/// `url`'s authority (`host:port`) and its path with the query.
fn split_url(url: &str) -> Result<(&str, &str), String> {
	let rest = url.strip_prefix("http://").ok_or_else(|| {
		format!("{url}: only http:// endpoints can be read from the command line")
	})?;
	let (authority, path) = match rest.find('/') {
		Some(i) => (&rest[..i], &rest[i..]),
		None => (rest, "/"),
	};
	if authority.is_empty() {
		return Err(format!("{url}: no host"));
	}
	Ok((authority, path))
}

/// The status and the body of a whole answer as read up to the end of the connection.
fn parse_reply(reply: &[u8], max_body: usize) -> Result<(u16, Vec<u8>), String> {
	if reply.is_empty() {
		return Err("the connection closed without an answer".into());
	}
	let end = reply
		.windows(4)
		.position(|w| w == b"\r\n\r\n")
		.ok_or("the answer ends inside its head")?;
	let head = std::str::from_utf8(&reply[..end]).map_err(|_| "the answer's head is not text")?;
	let mut lines = head.split("\r\n");
	let status_line = lines.next().unwrap_or("");
	let status = status_line
		.strip_prefix("HTTP/1.")
		.and_then(|rest| rest.get(2..5))
		.and_then(|code| code.parse::<u16>().ok())
		.ok_or_else(|| format!("not an HTTP status line: {status_line:?}"))?;
	let headers: Vec<(&str, &str)> = lines
		.filter_map(|line| line.split_once(':'))
		.map(|(name, value)| (name.trim(), value.trim()))
		.collect();
	let header = |wanted: &str| {
		headers
			.iter()
			.find(|(name, _)| name.eq_ignore_ascii_case(wanted))
			.map(|(_, v)| *v)
	};
	let raw = &reply[end + 4..];
	let chunked = header("transfer-encoding")
		.is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
	let body = if chunked {
		dechunk(raw, max_body)?
	} else {
		let mut body = raw.to_vec();
		match header("content-length").map(str::parse::<usize>) {
			Some(Ok(n)) if n > max_body => {
				return Err(format!("the body is longer than {max_body} bytes"))
			},
			Some(Ok(n)) if n <= body.len() => body.truncate(n),
			Some(Ok(n)) => return Err(format!("the body has {} of {n} bytes", body.len())),
			Some(Err(_)) => return Err("malformed Content-Length".into()),
			None => {},
		}
		body
	};
	if body.len() > max_body {
		return Err(format!("the body is longer than {max_body} bytes"));
	}
	Ok((status, body))
}

/// The body of a chunked answer: `<hex size>[;ext]\r\n<data>\r\n` … `0\r\n\r\n`.
fn dechunk(mut raw: &[u8], max_body: usize) -> Result<Vec<u8>, String> {
	let mut body = Vec::new();
	loop {
		let line_end = raw
			.windows(2)
			.position(|w| w == b"\r\n")
			.ok_or("the answer ends inside a chunk")?;
		let line = std::str::from_utf8(&raw[..line_end]).map_err(|_| "a chunk size is not text")?;
		let size = line.split(';').next().unwrap_or("").trim();
		let size =
			usize::from_str_radix(size, 16).map_err(|_| format!("not a chunk size: {size:?}"))?;
		raw = &raw[line_end + 2..];
		if size == 0 {
			return Ok(body);
		}
		if body.len().saturating_add(size) > max_body {
			return Err(format!("the body is longer than {max_body} bytes"));
		}
		if raw.len() < size + 2 || &raw[size..size + 2] != b"\r\n" {
			return Err("the answer ends inside a chunk".into());
		}
		body.extend_from_slice(&raw[..size]);
		raw = &raw[size + 2..];
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn urls_split_into_authority_and_path() {
		assert_eq!(
			split_url("http://127.0.0.1:9960/banks/b/statement?from=1&to=2"),
			Ok(("127.0.0.1:9960", "/banks/b/statement?from=1&to=2"))
		);
		assert_eq!(split_url("http://localhost"), Ok(("localhost", "/")));
		assert!(split_url("https://bank.example/").unwrap_err().contains("only http://"));
		assert!(split_url("http:///x").is_err());
	}

	#[test]
	fn replies_parse_and_truncation_or_excess_is_an_error() {
		let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
		assert_eq!(parse_reply(ok, 10), Ok((200, b"hi".to_vec())));
		let no_length = b"HTTP/1.0 409 Conflict\r\n\r\n{}";
		assert_eq!(parse_reply(no_length, 10), Ok((409, b"{}".to_vec())));
		assert!(parse_reply(b"", 10).unwrap_err().contains("without an answer"));
		assert!(parse_reply(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhi", 10).is_err());
		assert!(parse_reply(b"HTTP/1.1 200 OK\r\n", 10).is_err());
		assert!(parse_reply(b"SMTP 200\r\n\r\n", 10).is_err());
		let long = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
		assert!(parse_reply(long, 4).unwrap_err().contains("longer than 4"));
		assert!(parse_reply(b"HTTP/1.1 200 OK\r\n\r\nhello", 4).is_err());
	}

	#[test]
	fn chunked_replies_are_reassembled() {
		let reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=1\r\n:1}\r\n0\r\n\r\n";
		assert_eq!(parse_reply(reply, 100), Ok((200, b"{\"a\":1}".to_vec())));
		assert!(parse_reply(reply, 5).unwrap_err().contains("longer than 5"));
		let cut = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"";
		assert!(parse_reply(cut, 100).is_err());
		let bad = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
		assert!(parse_reply(bad, 100).is_err());
	}
}
