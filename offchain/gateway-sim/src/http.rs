//! A small hand-written HTTP/1.1 layer: one request per connection (`Connection: close`).
//!
//! [`read_request`] parses a request line, header fields and a `Content-Length` body from any
//! buffered reader, with limits on every part, and reports what is wrong as an [`HttpError`]
//! carrying the status to answer (400 malformed, 408 timeout, 413/431 too large, 501 transfer
//! codings, 505 other HTTP versions). [`deliver`] writes a [`Response`] the way its
//! [`Delivery`] says: whole, after a delay, trickled in pieces, cut short under the full
//! `Content-Length`, or not at all (the fault injection in `faults.rs` picks these).
//! [`close`] ends a connection gracefully so that the client reads everything that was sent.

use std::{
	io::{self, BufRead, Read, Write},
	net::{Shutdown, TcpStream},
	thread,
	time::{Duration, Instant},
};

/// The most bytes the request line and header fields may take together.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The most header fields a request may have.
pub const MAX_HEADERS: usize = 100;
/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A parsed HTTP request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
	/// The method, case-sensitive as sent (`GET`, `HEAD`, `POST`, ...).
	pub method: String,
	/// The path part of the request target (before any `?`), not percent-decoded.
	pub path: String,
	/// The query part of the request target (after the first `?`), if any.
	pub query: Option<String>,
	/// The header fields in the order received, names as sent.
	pub headers: Vec<(String, String)>,
	/// The body (empty unless `Content-Length` said otherwise).
	pub body: Vec<u8>,
}

impl Request {
	/// The value of the first header field called `name` (case-insensitive).
	pub fn header(&self, name: &str) -> Option<&str> {
		self.headers
			.iter()
			.find(|(n, _)| n.eq_ignore_ascii_case(name))
			.map(|(_, v)| v.as_str())
	}

	/// Whether only the head of the response is to be sent (a `HEAD` request).
	pub fn is_head(&self) -> bool {
		self.method == "HEAD"
	}
}

/// Why a request could not be read: the status to answer with and a message for the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpError {
	/// The status code to answer with.
	pub status: u16,
	/// A one-line explanation, sent as the text body.
	pub message: String,
}

impl HttpError {
	fn new(status: u16, message: impl Into<String>) -> Self {
		Self { status, message: message.into() }
	}

	fn bad(message: impl Into<String>) -> Self {
		Self::new(400, message)
	}

	fn io(err: io::Error) -> Self {
		match err.kind() {
			io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
				Self::new(408, "timed out reading the request")
			},
			io::ErrorKind::UnexpectedEof => Self::bad("the connection closed mid-request"),
			_ => Self::bad(format!("could not read the request: {err}")),
		}
	}

	/// The response that reports this error.
	pub fn response(&self) -> Response {
		Response::text(self.status, format!("{}\n", self.message))
	}
}

/// Whether `b` may appear in a token (method, header field name), RFC 9110 section 5.6.2.
fn is_tchar(b: u8) -> bool {
	b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Reads one line of the head (ending in LF, an optional CR before it stripped), charging its
/// length to `budget`. `Ok(None)` at a clean end of input before any byte of the line.
fn read_line<R: BufRead>(reader: &mut R, budget: &mut usize) -> Result<Option<Vec<u8>>, HttpError> {
	let mut line = Vec::new();
	let limit = (*budget as u64).saturating_add(1);
	reader
		.by_ref()
		.take(limit)
		.read_until(b'\n', &mut line)
		.map_err(HttpError::io)?;
	if line.is_empty() {
		return Ok(None);
	}
	if line.last() != Some(&b'\n') {
		if line.len() > *budget {
			return Err(HttpError::new(431, "request head too large"));
		}
		return Err(HttpError::bad("the connection closed mid-request"));
	}
	*budget = budget.saturating_sub(line.len());
	line.pop();
	if line.last() == Some(&b'\r') {
		line.pop();
	}
	if line.contains(&b'\r') {
		return Err(HttpError::bad("bare CR in the request head"));
	}
	Ok(Some(line))
}

/// Parses `HTTP/x.y` into its digits.
fn parse_version(text: &[u8]) -> Option<(u8, u8)> {
	match text {
		[b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
			if major.is_ascii_digit() && minor.is_ascii_digit() =>
		{
			Some((major - b'0', minor - b'0'))
		},
		_ => None,
	}
}

/// Reads one request from `reader`: the request line, the header fields and a
/// `Content-Length` body. `Ok(None)` when the input ends before the request begins (a client
/// that connected and went away).
pub fn read_request<R: BufRead>(reader: &mut R) -> Result<Option<Request>, HttpError> {
	let mut budget = MAX_HEAD_BYTES;
	// A client may send empty lines before the request line (RFC 9112 section 2.2).
	let mut line = None;
	for _ in 0..4 {
		match read_line(reader, &mut budget)? {
			None => return Ok(None),
			Some(l) if l.is_empty() => continue,
			Some(l) => {
				line = Some(l);
				break;
			},
		}
	}
	let Some(line) = line else { return Err(HttpError::bad("no request line")) };

	let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
	let [method, target, version] = parts[..] else {
		return Err(HttpError::bad("malformed request line"));
	};
	if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
		return Err(HttpError::bad("malformed method"));
	}
	match parse_version(version) {
		Some((1, _)) => {},
		Some(_) => return Err(HttpError::new(505, "only HTTP/1.x is supported")),
		None => return Err(HttpError::bad("malformed HTTP version")),
	}
	if target.first() != Some(&b'/') || !target.iter().all(|b| (0x21..=0x7e).contains(b)) {
		return Err(HttpError::bad("the request target must be a path starting with /"));
	}
	// All bytes checked are ASCII, so these conversions cannot fail or lose anything.
	let method = String::from_utf8_lossy(method).into_owned();
	let target = String::from_utf8_lossy(target).into_owned();
	let (path, query) = match target.split_once('?') {
		Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
		None => (target, None),
	};
	let http11 = version == b"HTTP/1.1";

	let mut headers = Vec::new();
	loop {
		let Some(line) = read_line(reader, &mut budget)? else {
			return Err(HttpError::bad("the connection closed mid-request"));
		};
		if line.is_empty() {
			break;
		}
		if line[0] == b' ' || line[0] == b'\t' {
			return Err(HttpError::bad("obsolete line folding in a header field"));
		}
		let Some(colon) = line.iter().position(|&b| b == b':') else {
			return Err(HttpError::bad("header field without a colon"));
		};
		let (name, value) = (&line[..colon], &line[colon + 1..]);
		if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
			return Err(HttpError::bad("malformed header field name"));
		}
		if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
			return Err(HttpError::bad("control character in a header field value"));
		}
		if headers.len() == MAX_HEADERS {
			return Err(HttpError::new(431, "too many header fields"));
		}
		let value = String::from_utf8_lossy(value).trim_matches([' ', '\t']).to_owned();
		headers.push((String::from_utf8_lossy(name).into_owned(), value));
	}

	let mut request = Request { method, path, query, headers, body: Vec::new() };
	let hosts = request.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("host")).count();
	if hosts > 1 || (http11 && hosts == 0) {
		return Err(HttpError::bad("an HTTP/1.1 request needs exactly one Host header field"));
	}
	if request.header("transfer-encoding").is_some() {
		return Err(HttpError::new(
			501,
			"transfer codings are not supported: send the body with Content-Length",
		));
	}
	let mut length: Option<u64> = None;
	for (_, value) in
		request.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
	{
		for item in value.split(',') {
			let item = item.trim_matches([' ', '\t']);
			if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
				return Err(HttpError::bad("malformed Content-Length"));
			}
			let n =
				item.parse::<u64>().map_err(|_| HttpError::new(413, "request body too large"))?;
			if length.is_some_and(|l| l != n) {
				return Err(HttpError::bad("conflicting Content-Length values"));
			}
			length = Some(n);
		}
	}
	let length = length.unwrap_or(0);
	if length > MAX_BODY_BYTES as u64 {
		return Err(HttpError::new(413, "request body too large"));
	}
	request.body = vec![0; length as usize];
	reader.read_exact(&mut request.body).map_err(|err| {
		if err.kind() == io::ErrorKind::UnexpectedEof {
			HttpError::bad("the body is shorter than Content-Length")
		} else {
			HttpError::io(err)
		}
	})?;
	Ok(Some(request))
}

/// How a response is put on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
	/// The head, then the whole body.
	Normal,
	/// Nothing for this long, then as [`Delivery::Normal`].
	Slow(Duration),
	/// The head at once, then the body in pieces of `piece` bytes, waiting `delay` before each.
	Trickle {
		/// The size of each piece of the body.
		piece: usize,
		/// The wait before each piece.
		delay: Duration,
	},
	/// The head with the full `Content-Length`, then only the first `keep` bytes of the body.
	Truncate {
		/// How many bytes of the body to send.
		keep: usize,
	},
	/// No response at all: wait until the client closes the connection.
	Hang,
	/// No response at all: the connection is closed at once (the caller shuts it down).
	Close,
}

/// A response: status, header fields (`Content-Length` and `Connection` are added when it is
/// written), body, and how to deliver it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
	/// The status code.
	pub status: u16,
	/// Header fields besides `Content-Length` and `Connection`.
	pub headers: Vec<(String, String)>,
	/// The body; `Content-Length` is its length.
	pub body: Vec<u8>,
	/// How the response is sent.
	pub delivery: Delivery,
}

impl Response {
	/// A response with the given status, `Content-Type` and body, delivered normally.
	pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
		Self {
			status,
			headers: vec![("Content-Type".into(), content_type.into())],
			body,
			delivery: Delivery::Normal,
		}
	}

	/// A `text/plain` response.
	pub fn text(status: u16, body: impl Into<String>) -> Self {
		Self::new(status, "text/plain; charset=utf-8", body.into().into_bytes())
	}

	/// An `application/json` response.
	pub fn json(status: u16, value: &serde_json::Value) -> Self {
		let mut body = value.to_string().into_bytes();
		body.push(b'\n');
		Self::new(status, "application/json; charset=utf-8", body)
	}

	/// A 405 response listing the methods `allow`ed on the resource.
	pub fn method_not_allowed(allow: &str) -> Self {
		Self::text(405, "method not allowed\n").with_header("Allow", allow)
	}

	/// This response with one more header field.
	pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
		self.headers.push((name.into(), value.into()));
		self
	}

	/// The status line and header fields, ending with the empty line.
	pub fn head(&self) -> Vec<u8> {
		let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
		for (name, value) in &self.headers {
			head.push_str(&format!("{name}: {value}\r\n"));
		}
		head.push_str(&format!(
			"Content-Length: {}\r\nConnection: close\r\nServer: genex-gateway-sim\r\n\r\n",
			self.body.len()
		));
		head.into_bytes()
	}
}

/// The reason phrase for `status`.
pub fn reason(status: u16) -> &'static str {
	match status {
		200 => "OK",
		201 => "Created",
		202 => "Accepted",
		204 => "No Content",
		301 => "Moved Permanently",
		302 => "Found",
		304 => "Not Modified",
		400 => "Bad Request",
		401 => "Unauthorized",
		403 => "Forbidden",
		404 => "Not Found",
		405 => "Method Not Allowed",
		408 => "Request Timeout",
		409 => "Conflict",
		413 => "Content Too Large",
		422 => "Unprocessable Content",
		429 => "Too Many Requests",
		431 => "Request Header Fields Too Large",
		500 => "Internal Server Error",
		501 => "Not Implemented",
		502 => "Bad Gateway",
		503 => "Service Unavailable",
		504 => "Gateway Timeout",
		505 => "HTTP Version Not Supported",
		_ => "Status",
	}
}

/// Writes `response` to `stream` as its [`Delivery`] says; only the head for `head_only`
/// (a `HEAD` request). [`Delivery::Hang`] reads from `stream` until the client closes it.
pub fn deliver<S: Read + Write>(
	stream: &mut S,
	response: &Response,
	head_only: bool,
) -> io::Result<()> {
	let body: &[u8] = if head_only { &[] } else { &response.body };
	match &response.delivery {
		Delivery::Normal => write_all(stream, &response.head(), body),
		Delivery::Slow(delay) => {
			thread::sleep(*delay);
			write_all(stream, &response.head(), body)
		},
		Delivery::Trickle { piece, delay } => {
			stream.write_all(&response.head())?;
			stream.flush()?;
			for chunk in body.chunks((*piece).max(1)) {
				thread::sleep(*delay);
				stream.write_all(chunk)?;
				stream.flush()?;
			}
			Ok(())
		},
		Delivery::Truncate { keep } => {
			write_all(stream, &response.head(), &body[..(*keep).min(body.len())])
		},
		Delivery::Close => Ok(()),
		Delivery::Hang => {
			let mut buf = [0u8; 4096];
			loop {
				match stream.read(&mut buf) {
					Ok(0) => return Ok(()),
					Ok(_) => {},
					Err(e)
						if matches!(
							e.kind(),
							io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
						) => {},
					Err(e) if e.kind() == io::ErrorKind::Interrupted => {},
					Err(e) => return Err(e),
				}
			}
		},
	}
}

/// Writes the head and the body in one go and flushes.
fn write_all<W: Write>(stream: &mut W, head: &[u8], body: &[u8]) -> io::Result<()> {
	// Small responses leave in one segment; large bodies are not copied.
	if body.len() <= 64 * 1024 {
		let mut all = Vec::with_capacity(head.len() + body.len());
		all.extend_from_slice(head);
		all.extend_from_slice(body);
		stream.write_all(&all)?;
	} else {
		stream.write_all(head)?;
		stream.write_all(body)?;
	}
	stream.flush()
}

/// Ends a connection: sends FIN, then reads (and drops) what the client still sends for up to
/// `linger`, so that unread input does not make the kernel reset the connection before the
/// client has read the response.
pub fn close(stream: &TcpStream, linger: Duration) {
	let _ = stream.shutdown(Shutdown::Write);
	let deadline = Instant::now() + linger;
	let mut buf = [0u8; 4096];
	let mut reader = stream;
	loop {
		let left = deadline.saturating_duration_since(Instant::now());
		if left.is_zero() || reader.set_read_timeout(Some(left)).is_err() {
			break;
		}
		match reader.read(&mut buf) {
			Ok(0) | Err(_) => break,
			Ok(_) => {},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::io::Cursor;

	fn parse(raw: &[u8]) -> Result<Option<Request>, HttpError> {
		read_request(&mut Cursor::new(raw.to_vec()))
	}

	fn status_of(raw: &[u8]) -> u16 {
		parse(raw).expect_err("should be refused").status
	}

	#[test]
	fn parses_a_request_with_a_body() {
		let req = parse(
			b"POST /control/faults?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nX-Y:  z \r\n\r\nbody",
		)
		.unwrap()
		.unwrap();
		assert_eq!(req.method, "POST");
		assert_eq!(req.path, "/control/faults");
		assert_eq!(req.query.as_deref(), Some("x=1"));
		assert_eq!(req.header("x-y"), Some("z"));
		assert_eq!(req.body, b"body");
	}

	#[test]
	fn accepts_bare_lf_and_leading_empty_lines_and_http10_without_host() {
		let req = parse(b"\r\nGET /health HTTP/1.0\n\n").unwrap().unwrap();
		assert_eq!(req.path, "/health");
		assert!(req.body.is_empty());
	}

	#[test]
	fn empty_input_is_no_request() {
		assert_eq!(parse(b""), Ok(None));
	}

	#[test]
	fn refuses_malformed_requests() {
		for raw in [
			&b"GET /x HTTP/1.1\r\nHost: a\r\n"[..], // no end of head
			b"GET /x\r\n\r\n",
			b"GET  /x HTTP/1.1\r\nHost: a\r\n\r\n",
			b"G(T /x HTTP/1.1\r\nHost: a\r\n\r\n",
			b"GET x HTTP/1.1\r\nHost: a\r\n\r\n",
			b"GET http://a/x HTTP/1.1\r\nHost: a\r\n\r\n",
			b"GET /x HTTX/1.1\r\nHost: a\r\n\r\n",
			b"GET /x HTTP/1.1\r\n\r\n", // no Host
			b"GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
			b"GET /x HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n",
			b"GET /x HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n",
			b"GET /x HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
			b"GET /x HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n",
			b"GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
			b"GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
			b"GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
			b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nshort",
			b"GET /x HTTP/1.1\rHost: a\r\n\r\n",
		] {
			assert_eq!(status_of(raw), 400, "{}", String::from_utf8_lossy(raw));
		}
	}

	#[test]
	fn refuses_what_it_does_not_implement() {
		assert_eq!(status_of(b"GET /x HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
		assert_eq!(
			status_of(
				b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
			),
			501
		);
		let huge = format!(
			"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: {}\r\n\r\n",
			MAX_BODY_BYTES + 1
		);
		assert_eq!(status_of(huge.as_bytes()), 413);
		assert_eq!(
			status_of(
				b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"
			),
			413
		);
		let long = format!("GET /{} HTTP/1.1\r\nHost: a\r\n\r\n", "a".repeat(MAX_HEAD_BYTES));
		assert_eq!(status_of(long.as_bytes()), 431);
		let many = format!("GET /x HTTP/1.1\r\nHost: a\r\n{}\r\n", "X: y\r\n".repeat(MAX_HEADERS));
		assert_eq!(status_of(many.as_bytes()), 431);
	}

	#[test]
	fn same_content_length_twice_is_fine() {
		let req = parse(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\n\r\nab")
			.unwrap()
			.unwrap();
		assert_eq!(req.body, b"ab");
	}

	/// A stream that records what is written and reads from a fixed input.
	struct Pipe {
		input: Cursor<Vec<u8>>,
		output: Vec<u8>,
	}

	impl Read for Pipe {
		fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
			self.input.read(buf)
		}
	}

	impl Write for Pipe {
		fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
			self.output.write(buf)
		}
		fn flush(&mut self) -> io::Result<()> {
			Ok(())
		}
	}

	fn delivered(response: &Response, head_only: bool) -> Vec<u8> {
		let mut pipe = Pipe { input: Cursor::new(b"more".to_vec()), output: Vec::new() };
		deliver(&mut pipe, response, head_only).unwrap();
		pipe.output
	}

	#[test]
	fn delivers_head_and_body() {
		let r = Response::text(200, "hello").with_header("X-A", "b");
		let out = String::from_utf8(delivered(&r, false)).unwrap();
		assert_eq!(
			out,
			"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-A: b\r\n\
			 Content-Length: 5\r\nConnection: close\r\nServer: genex-gateway-sim\r\n\r\nhello"
		);
		let head = String::from_utf8(delivered(&r, true)).unwrap();
		assert!(head.ends_with(
			"Content-Length: 5\r\nConnection: close\r\nServer: genex-gateway-sim\r\n\r\n"
		));
	}

	#[test]
	fn truncate_keeps_the_full_length_and_trickle_sends_everything() {
		let mut r = Response::text(200, "0123456789");
		r.delivery = Delivery::Truncate { keep: 3 };
		let out = String::from_utf8(delivered(&r, false)).unwrap();
		assert!(out.contains("Content-Length: 10\r\n"));
		assert!(out.ends_with("\r\n\r\n012"));
		r.delivery = Delivery::Trickle { piece: 3, delay: Duration::from_millis(1) };
		assert!(String::from_utf8(delivered(&r, false)).unwrap().ends_with("\r\n\r\n0123456789"));
		r.delivery = Delivery::Hang;
		assert!(delivered(&r, false).is_empty());
		r.delivery = Delivery::Close;
		assert!(delivered(&r, false).is_empty());
	}
}
