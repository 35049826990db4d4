//! Calendar arithmetic on Unix time with integers only (no date crate): the proleptic
//! Gregorian date of a day count, the RFC 7231 IMF-fixdate used in `Last-Modified`, and the
//! `YYYY-MM-DD` dates the `generate` and `render` commands take.

/// A calendar date (UTC, proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
	/// The year, e.g. 2026.
	pub year: u32,
	/// The month, 1 to 12.
	pub month: u32,
	/// The day of the month, 1 to 31.
	pub day: u32,
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] =
	["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The date of day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`, restricted
/// to days on or after the epoch).
pub fn civil_from_days(days: u64) -> Date {
	// Shift the epoch to 0000-03-01 so that leap days end each 400-year era.
	let z = days + 719_468;
	let era = z / 146_097;
	let doe = z - era * 146_097; // day of era, 0..=146096
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of the March-based year
	let mp = (5 * doy + 2) / 153; // March-based month, 0..=11
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + u64::from(month <= 2);
	Date { year: year as u32, month: month as u32, day: day as u32 }
}

/// `secs` seconds after the Unix epoch as an RFC 7231 IMF-fixdate, e.g.
/// `Wed, 02 Dec 2026 05:52:10 GMT`.
pub fn imf_fixdate(secs: u64) -> String {
	let days = secs / 86_400;
	let rem = secs % 86_400;
	let date = civil_from_days(days);
	format!(
		"{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
		WEEKDAYS[(days % 7) as usize],
		date.day,
		MONTHS[(date.month - 1) as usize],
		date.year,
		rem / 3_600,
		rem % 3_600 / 60,
		rem % 60,
	)
}

/// Whether `year` is a Gregorian leap year.
fn is_leap(year: u32) -> bool {
	year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1 to 12) of `year`.
fn days_in_month(year: u32, month: u32) -> u32 {
	match month {
		2 if is_leap(year) => 29,
		2 => 28,
		4 | 6 | 9 | 11 => 30,
		_ => 31,
	}
}

/// Parses a `YYYY-MM-DD` date (four-digit year from 1970, a real month and day).
pub fn parse_ymd(text: &str) -> Result<Date, String> {
	let bad = || format!("{text:?} is not a date of the form YYYY-MM-DD");
	let parts: Vec<&str> = text.split('-').collect();
	let [y, m, d] = parts[..] else { return Err(bad()) };
	if y.len() != 4 || m.len() != 2 || d.len() != 2 {
		return Err(bad());
	}
	if !(y.bytes().chain(m.bytes()).chain(d.bytes())).all(|b| b.is_ascii_digit()) {
		return Err(bad());
	}
	let (year, month, day) = (
		y.parse::<u32>().map_err(|_| bad())?,
		m.parse().map_err(|_| bad())?,
		d.parse().map_err(|_| bad())?,
	);
	if year < 1970 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
		return Err(format!("{text:?} is not a real date from 1970 on"));
	}
	Ok(Date { year, month, day })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn imf_fixdate_matches_known_instants() {
		assert_eq!(imf_fixdate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
		assert_eq!(imf_fixdate(946_598_400), "Fri, 31 Dec 1999 00:00:00 GMT");
		assert_eq!(imf_fixdate(951_912_000), "Wed, 01 Mar 2000 12:00:00 GMT");
		assert_eq!(imf_fixdate(1_709_251_199), "Thu, 29 Feb 2024 23:59:59 GMT");
		assert_eq!(imf_fixdate(1_796_190_730), "Wed, 02 Dec 2026 05:52:10 GMT");
	}

	#[test]
	fn civil_from_days_walks_every_day_of_four_centuries() {
		// Step day by day from the epoch and compare with an independent counter.
		let (mut year, mut month, mut day) = (1970, 1, 1);
		for days in 0..(400 * 366) {
			assert_eq!(civil_from_days(days), Date { year, month, day }, "day {days}");
			day += 1;
			if day > days_in_month(year, month) {
				day = 1;
				month += 1;
				if month > 12 {
					month = 1;
					year += 1;
				}
			}
		}
	}

	#[test]
	fn parse_ymd_accepts_real_dates_only() {
		assert_eq!(parse_ymd("2026-12-02"), Ok(Date { year: 2026, month: 12, day: 2 }));
		assert_eq!(parse_ymd("2024-02-29"), Ok(Date { year: 2024, month: 2, day: 29 }));
		for bad in [
			"2023-02-29",
			"2026-13-01",
			"2026-00-10",
			"2026-04-31",
			"26-01-01",
			"2026-1-01",
			"x",
			"2026-01-01-",
		] {
			assert!(parse_ymd(bad).is_err(), "{bad}");
		}
		assert!(parse_ymd("1969-12-31").is_err());
		assert!(parse_ymd("+026-01-01").is_err());
	}
}
