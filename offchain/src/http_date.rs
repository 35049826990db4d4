//! HTTP dates (RFC 7231 section 7.1.1.1): the `Last-Modified` header of a text or JSON list is
//! its publication time.

use genex_primitives::calendar::{days_from_civil, DAY_MS};

const DAY_NAMES: [&[u8; 3]; 7] = [b"Thu", b"Fri", b"Sat", b"Sun", b"Mon", b"Tue", b"Wed"];
const MONTH_NAMES: [&[u8; 3]; 12] = [
	b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// Parses an IMF-fixdate such as `Wed, 02 Dec 2026 05:52:10 GMT` (the form every HTTP/1.1
/// server must send) to milliseconds since the Unix epoch.
///
/// Surrounding whitespace is ignored. Anything else is `None`: the obsolete RFC 850 and asctime
/// forms, another time zone than `GMT`, an impossible date or time, a date before 1970, or a
/// day name that is not the weekday of the date (a sign of a corrupted header).
pub fn parse_http_date(text: &str) -> Option<u64> {
	let bytes = text.trim().as_bytes();
	// "Wed, 02 Dec 2026 05:52:10 GMT"
	//  0123456789012345678901234567 8
	let fixed: &[u8; 29] = bytes.try_into().ok()?;
	let [d0, d1, d2, b',', b' ', day0, day1, b' ', m0, m1, m2, b' ', y0, y1, y2, y3, b' ', h0, h1, b':', mi0, mi1, b':', s0, s1, b' ', b'G', b'M', b'T'] =
		*fixed
	else {
		return None;
	};
	let day = two_digits(day0, day1)?;
	let month = MONTH_NAMES.iter().position(|name| **name == [m0, m1, m2])? as u32 + 1;
	let year = two_digits(y0, y1)? * 100 + two_digits(y2, y3)?;
	let hour = two_digits(h0, h1)?;
	let minute = two_digits(mi0, mi1)?;
	let second = two_digits(s0, s1)?;
	// A leap second (60) is allowed by the grammar; it counts as the next minute's first second.
	if hour > 23 || minute > 59 || second > 60 {
		return None;
	}
	let days = days_from_civil(year, month, day)?;
	// 1970-01-01 was a Thursday.
	if **DAY_NAMES.get((days % 7) as usize)? != [d0, d1, d2] {
		return None;
	}
	let seconds = u64::from(hour) * 3_600 + u64::from(minute) * 60 + u64::from(second);
	Some(u64::from(days) * DAY_MS + seconds * 1_000)
}

fn two_digits(a: u8, b: u8) -> Option<u32> {
	if a.is_ascii_digit() && b.is_ascii_digit() {
		Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
	} else {
		None
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn valid_dates() {
		assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
		assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:01 GMT"), Some(1_000));
		// 2026-12-02 is day 20_789.
		assert_eq!(
			parse_http_date("Wed, 02 Dec 2026 05:52:10 GMT"),
			Some(20_789 * DAY_MS + (5 * 3_600 + 52 * 60 + 10) * 1_000)
		);
		assert_eq!(parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT\r\n"), Some(784_111_777_000));
		assert_eq!(parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT"), Some(1_709_251_199_000));
		assert_eq!(parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT"), Some(1_483_228_800_000));
	}

	#[test]
	fn invalid_dates() {
		for text in [
			"",
			"Wed, 02 Dec 2026 05:52:10 UTC",
			"Wed, 02 Dec 2026 05:52:10 +0000",
			"Thu, 02 Dec 2026 05:52:10 GMT",
			"Wed, 2 Dec 2026 05:52:10 GMT",
			"Wed, 02 dec 2026 05:52:10 GMT",
			"Wed, 02 Dez 2026 05:52:10 GMT",
			"Wed 02 Dec 2026 05:52:10 GMT",
			"Wed, 02 Dec 2026 24:00:00 GMT",
			"Wed, 02 Dec 2026 05:60:00 GMT",
			"Wed, 02 Dec 2026 05:52:61 GMT",
			"Wed, 02 Dec 2026 5:52:10 GMT ",
			"Fri, 29 Feb 2023 00:00:00 GMT",
			"Wed, 31 Dec 1969 23:59:59 GMT",
			"Sunday, 06-Nov-94 08:49:37 GMT",
			"Sun Nov  6 08:49:37 1994",
			"Wed, 0x Dec 2026 05:52:10 GMT",
			"Wed, 02 Dec 2026 05:52:10 GMTX",
			"Wed, 02 Dec 2026 05:52:1é GMT",
		] {
			assert_eq!(parse_http_date(text), None, "{text}");
		}
	}
}
