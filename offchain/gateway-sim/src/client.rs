//! A minimal HTTP/1.1 client for the commands that talk to a running simulator (`deposit`,
//! `payouts`, `statement`, `reserves`): plain `http://` only, one request per connection.

use std::{
	io::{Read, Write},
	net::{TcpStream, ToSocketAddrs},
	time::Duration,
};

use genex_offchain::bridge::BankRequest;

/// How long to wait for the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a read or a write may block.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends `request`; the status and the body of the answer.
pub fn send(request: &BankRequest) -> Result<(u16, Vec<u8>), String> {
	exchange(request.method.as_str(), &request.url, &request.body, request.content_type())
}

/// `GET url`; the status and the body of the answer.
pub fn get(url: &str) -> Result<(u16, Vec<u8>), String> {
	exchange("GET", url, &[], None)
}

/// `url`'s authority (`host:port`) and its path with the query.
fn split_url(url: &str) -> Result<(&str, &str), String> {
	let rest = url
		.strip_prefix("http://")
		.ok_or_else(|| format!("{url}: only http:// URLs are supported"))?;
	let (authority, path) = match rest.find('/') {
		Some(i) => (&rest[..i], &rest[i..]),
		None => (rest, "/"),
	};
	if authority.is_empty() {
		return Err(format!("{url}: no host"));
	}
	Ok((authority, path))
}

fn exchange(
	method: &str,
	url: &str,
	body: &[u8],
	content_type: Option<&str>,
) -> Result<(u16, Vec<u8>), String> {
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
	let mut head =
		format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
	if let Some(content_type) = content_type {
		head.push_str(&format!("Content-Type: {content_type}\r\n"));
	}
	if !body.is_empty() || method == "POST" {
		head.push_str(&format!("Content-Length: {}\r\n", body.len()));
	}
	head.push_str("\r\n");
	stream
		.write_all(head.as_bytes())
		.and_then(|()| stream.write_all(body))
		.and_then(|()| stream.flush())
		.map_err(|e| format!("cannot send to {addr}: {e}"))?;
	let mut reply = Vec::new();
	stream
		.read_to_end(&mut reply)
		.map_err(|e| format!("cannot read the answer of {addr}: {e}"))?;
	parse_reply(&reply).map_err(|e| format!("{url}: {e}"))
}

/// The status and the body of a whole answer as read up to the end of the connection.
fn parse_reply(reply: &[u8]) -> Result<(u16, Vec<u8>), String> {
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
	let mut body = reply[end + 4..].to_vec();
	let length = lines
		.filter_map(|line| line.split_once(':'))
		.find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
		.map(|(_, value)| value.trim().parse::<usize>());
	match length {
		Some(Ok(n)) if n <= body.len() => body.truncate(n),
		Some(Ok(n)) => return Err(format!("the body has {} of {n} bytes", body.len())),
		Some(Err(_)) => return Err("malformed Content-Length".into()),
		None => {},
	}
	Ok((status, body))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn urls_split_into_authority_and_path() {
		assert_eq!(
			split_url("http://127.0.0.1:9960/banks/b/deposits?after=1"),
			Ok(("127.0.0.1:9960", "/banks/b/deposits?after=1"))
		);
		assert_eq!(split_url("http://localhost"), Ok(("localhost", "/")));
		assert!(split_url("https://x/").is_err());
		assert!(split_url("http:///x").is_err());
	}

	#[test]
	fn replies_parse_and_truncation_is_an_error() {
		let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
		assert_eq!(parse_reply(ok), Ok((200, b"hi".to_vec())));
		let no_length = b"HTTP/1.0 409 Conflict\r\n\r\n{}";
		assert_eq!(parse_reply(no_length), Ok((409, b"{}".to_vec())));
		assert!(parse_reply(b"").unwrap_err().contains("without an answer"));
		assert!(parse_reply(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhi").is_err());
		assert!(parse_reply(b"HTTP/1.1 200 OK\r\n").is_err());
		assert!(parse_reply(b"SMTP 200\r\n\r\n").is_err());
	}
}
