//! Fan-out and velocity.

use super::*;

const SMALL: Balance = 10 * DOLLARS;

#[test]
fn fan_out_fires_above_ten_distinct_recipients() {
	let mut log = Log::new();
	for to in 100..110 {
		// Repeats to the same recipients count once.
		assert!(log.feed(T0 + to * MINUTE, stable(1, to, SMALL)).is_empty());
		assert!(log.feed(T0 + to * MINUTE + 1, gift(1, to, 3, SMALL)).is_empty());
	}
	assert!(log.all.is_empty(), "ten distinct recipients: {:?}", log.all);
	let found = log.feed(T0 + 200 * MINUTE, gift(1, 110, 3, SMALL));
	let f = one(&found, AmlRule::FanOut);
	assert_eq!((f.severity, f.subject), (Severity::High, 1));
	assert_eq!(f.related, (100..=110).collect::<Vec<u64>>());
	// The latest transfer to each recipient.
	let mut expected: Vec<u64> = (1..=10).map(|i| 2 * i).collect();
	expected.push(log.last());
	assert_eq!(f.evidence, expected);
}

#[test]
fn fan_out_window_edge() {
	for (last, fires) in [(DAY - 1, true), (DAY + 1, false)] {
		let mut log = Log::new();
		log.feed(T0, stable(1, 100, SMALL));
		for to in 101..110 {
			log.feed(T0 + HOUR, stable(1, to, SMALL));
		}
		let found = log.feed(T0 + last, stable(1, 110, SMALL));
		assert_eq!(has(&found, AmlRule::FanOut), fires, "eleventh at {last} ms");
		if !fires {
			// The first has left: one more new recipient makes eleven again.
			assert!(has(&log.feed(T0 + last, stable(1, 111, SMALL)), AmlRule::FanOut));
		}
	}
}

#[test]
fn fan_out_alerts_once_a_day() {
	let mut log = Log::new();
	for to in 100..111 {
		log.feed(T0 + to, stable(1, to, SMALL));
	}
	assert_eq!(rules(&log.all), vec![AmlRule::FanOut]);
	let alerted = T0 + 110;
	// Eleven new recipients two hours on (so that velocity stays quiet): within the day of
	// the alert, no second one.
	for to in 200..211 {
		assert!(log.feed(T0 + 2 * HOUR + to, stable(1, to, SMALL)).is_empty());
	}
	// A day after the alert, still quiet; a millisecond later, the next alert cites only
	// what came after the first.
	assert!(log.feed(alerted + DAY, stable(1, 300, SMALL)).is_empty());
	let found = log.feed(alerted + DAY + 1, stable(1, 301, SMALL));
	assert_eq!(one(&found, AmlRule::FanOut).evidence, (12..=24).collect::<Vec<_>>());
	assert_eq!(rules(&log.all), vec![AmlRule::FanOut, AmlRule::FanOut]);
}

#[test]
fn velocity_fires_above_twenty_transfers_an_hour() {
	let mut log = Log::new();
	for i in 0..20 {
		let kind = if i % 2 == 0 { stable(1, 2, SMALL) } else { gift(1, 2, 5, SMALL) };
		assert!(log.feed(T0 + i * MINUTE, kind).is_empty());
	}
	let found = log.feed(T0 + 21 * MINUTE, stable(1, 2, SMALL));
	let f = one(&found, AmlRule::Velocity);
	assert_eq!((f.severity, f.subject), (Severity::Medium, 1));
	assert_eq!(f.evidence, (1..=21).collect::<Vec<_>>());
	// Received transfers are not sent ones.
	assert!(!log.all.iter().any(|f| f.subject == 2));
}

#[test]
fn velocity_window_edge_and_consumption() {
	for (last, fires) in [(HOUR - 1, true), (HOUR + 1, false)] {
		let mut log = Log::new();
		log.feed(T0, stable(1, 2, SMALL));
		for i in 1..20 {
			log.feed(T0 + i * SECOND, stable(1, 2, SMALL));
		}
		let found = log.feed(T0 + last, stable(1, 2, SMALL));
		assert_eq!(has(&found, AmlRule::Velocity), fires, "21st at {last} ms");
	}
	let mut log = Log::new();
	for i in 0..21 {
		log.feed(T0 + i, stable(1, 2, SMALL));
	}
	assert_eq!(log.all.len(), 1);
	let alerted = T0 + 20;
	// Twenty-one more within the hour of the alert: quiet.
	for i in 0..21 {
		assert!(log.feed(T0 + 100 + i, stable(1, 2, SMALL)).is_empty());
	}
	assert!(log.feed(alerted + HOUR, stable(1, 2, SMALL)).is_empty());
	assert_eq!(
		one(&log.feed(alerted + HOUR + 1, stable(1, 2, SMALL)), AmlRule::Velocity).evidence,
		(22..=44).collect::<Vec<_>>()
	);
}
