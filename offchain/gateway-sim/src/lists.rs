//! Sanctions lists served from a directory: `GET /lists/<name>` answers with the file
//! `<dir>/<name>`, read afresh on every request (tests rewrite files between requests), with
//! `Content-Type` from the extension and `Last-Modified` from the file's mtime.

use std::{
	fs, io,
	path::Path,
	time::{SystemTime, UNIX_EPOCH},
};

use crate::{date, http::Response};

/// Whether `name` may name a list: `[A-Za-z0-9._-]+`, and not `.` or `..`.
pub fn valid_name(name: &str) -> bool {
	!name.is_empty()
		&& name.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_".contains(&b))
		&& !name.bytes().all(|b| b == b'.')
}

/// The `Content-Type` for a list called `name`.
pub fn content_type(name: &str) -> &'static str {
	let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
	match ext.as_deref() {
		Some("xml") => "application/xml; charset=utf-8",
		Some("json") => "application/json; charset=utf-8",
		_ => "text/plain; charset=utf-8",
	}
}

/// The response to a request for the list `name` in `dir`: 200 with the file, 400 for a name
/// outside `[A-Za-z0-9._-]+`, 404 when there is no such regular file, 500 when it cannot be
/// read.
pub fn serve(dir: &Path, name: &str) -> Response {
	if !valid_name(name) {
		return Response::text(400, "list names are [A-Za-z0-9._-]+\n");
	}
	let path = dir.join(name);
	let read = || -> io::Result<(Vec<u8>, Option<SystemTime>)> {
		let file = fs::File::open(&path)?;
		let meta = file.metadata()?;
		if !meta.is_file() {
			return Err(io::ErrorKind::NotFound.into());
		}
		let body = fs::read(&path)?;
		Ok((body, meta.modified().ok()))
	};
	match read() {
		Ok((body, modified)) => {
			let mut response = Response::new(200, content_type(name), body);
			if let Some(secs) = modified.and_then(|t| t.duration_since(UNIX_EPOCH).ok()) {
				response = response.with_header("Last-Modified", date::imf_fixdate(secs.as_secs()));
			}
			response
		},
		Err(err) if err.kind() == io::ErrorKind::NotFound => {
			Response::text(404, format!("no list called {name}\n"))
		},
		Err(err) => Response::text(500, format!("cannot read list {name}: {err}\n")),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn names_are_restricted() {
		for ok in ["a.txt", "sdn_advanced.xml", "ETH-list.json", "x", ".hidden", "a..b"] {
			assert!(valid_name(ok), "{ok}");
		}
		for bad in ["", ".", "..", "...", "a/b", "../x", "a b", "a%2e", "é", "a\\b", "a?b"] {
			assert!(!valid_name(bad), "{bad}");
		}
	}

	#[test]
	fn content_type_follows_the_extension() {
		assert_eq!(content_type("a.xml"), "application/xml; charset=utf-8");
		assert_eq!(content_type("a.XML"), "application/xml; charset=utf-8");
		assert_eq!(content_type("a.json"), "application/json; charset=utf-8");
		assert_eq!(content_type("a.txt"), "text/plain; charset=utf-8");
		assert_eq!(content_type("xml"), "text/plain; charset=utf-8");
	}
}
