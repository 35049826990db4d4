//! Calendar days: coupons expire on a day (UTC), and yearly totals follow calendar years.
//! Conversions between day numbers (days since 1970-01-01) and civil dates, in integers only
//! (Howard Hinnant's algorithms, proleptic Gregorian calendar).

/// Milliseconds in a day.
pub const DAY_MS: u64 = 86_400_000;

/// The civil date (year, month 1–12, day 1–31) of a day number.
pub const fn civil_from_days(day: u32) -> (u32, u32, u32) {
	let z = day as i64 + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let d = doy - (153 * mp + 2) / 5 + 1;
	let m = if mp < 10 { mp + 3 } else { mp - 9 };
	let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
	(y as u32, m as u32, d as u32)
}

/// The day number of a civil date, or `None` if it is not a real date on or after
/// 1970-01-01.
pub fn days_from_civil(year: u32, month: u32, day: u32) -> Option<u32> {
	let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	let days_in_month = match month {
		1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
		4 | 6 | 9 | 11 => 30,
		2 if leap => 29,
		2 => 28,
		_ => return None,
	};
	if !(1..=days_in_month).contains(&day) || year < 1970 {
		return None;
	}
	let y = if month <= 2 { year as i64 - 1 } else { year as i64 };
	let era = y.div_euclid(400);
	let yoe = y - era * 400;
	let mp = (month as i64 + 9) % 12;
	let doy = (153 * mp + 2) / 5 + day as i64 - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	u32::try_from(era * 146_097 + doe - 719_468).ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn known_dates() {
		assert_eq!(civil_from_days(0), (1970, 1, 1));
		assert_eq!(civil_from_days(20_000), (2024, 10, 4));
		assert_eq!(civil_from_days(11_016), (2000, 2, 29));
		assert_eq!(civil_from_days(20_088), (2024, 12, 31));
		assert_eq!(civil_from_days(20_089), (2025, 1, 1));
		assert_eq!(days_from_civil(2024, 10, 4), Some(20_000));
		assert_eq!(days_from_civil(1970, 1, 1), Some(0));
	}

	#[test]
	fn round_trip_and_invalid_dates() {
		for day in (0..80_000).step_by(7) {
			let (y, m, d) = civil_from_days(day);
			assert_eq!(days_from_civil(y, m, d), Some(day));
		}
		assert_eq!(days_from_civil(2023, 2, 29), None);
		assert_eq!(days_from_civil(1900, 2, 29), None);
		assert_eq!(days_from_civil(2024, 13, 1), None);
		assert_eq!(days_from_civil(2024, 4, 31), None);
		assert_eq!(days_from_civil(1969, 12, 31), None);
	}
}
