//! Spoofing and layering.

use super::*;
use OrderSide::{Ask, Bid};

const MM: u64 = 1;
const OTHER: u64 = 2;
const CLASS: u32 = 5;

fn price(level: u64) -> Balance {
	dollars(10) + Balance::from(level) * DOLLARS / 10
}

/// `placed` orders (ids 1..=placed, order n at price level n), then `cancelled` of them
/// cancelled; what each cancellation completed.
fn orders(log: &mut Log, placed: u64, cancelled: u64, cancel_at: Moment) -> Vec<Vec<Finding<u64>>> {
	for n in 0..placed {
		assert!(log.feed(T0 + n * SECOND, place(MM, n, CLASS, Bid, price(n))).is_empty());
	}
	(0..cancelled)
		.map(|n| log.feed(T0 + cancel_at + n, cancel(MM, n, CLASS, Bid, price(n))))
		.collect()
}

#[test]
fn spoofing_fires_above_eighty_percent_of_twenty() {
	let mut log = Log::new();
	let found = orders(&mut log, 20, 17, MINUTE);
	assert!(found[..16].iter().all(|f| f.is_empty()), "16 of 20 is 80 %: not above");
	let f = one(&found[16], AmlRule::Spoofing);
	assert_eq!((f.severity, f.subject), (Severity::High, MM));
	assert_eq!(f.evidence, (21..=37).collect::<Vec<_>>(), "the cancellations");

	let mut log = Log::new();
	assert!(orders(&mut log, 20, 16, MINUTE).iter().all(|f| f.is_empty()));
	let mut log = Log::new();
	assert!(orders(&mut log, 19, 19, MINUTE).iter().all(|f| f.is_empty()), "19 orders are too few");
	// The twentieth order makes 19 of 20 cancelled.
	assert!(has(
		&log.feed(T0 + 2 * MINUTE, place(MM, 99, CLASS, Bid, price(1))),
		AmlRule::Spoofing
	));
}

#[test]
fn spoofing_window_edge() {
	for (cancel_at, fires) in [(HOUR - 19 * SECOND - 17, true), (HOUR - 19 * SECOND + 1, false)] {
		// The last order placed at 19 s, the last cancellation at `cancel_at + 16`: the first
		// order (placed at 0) is an hour old, or just over.
		let mut log = Log::new();
		let found = orders(&mut log, 20, 17, cancel_at + 19 * SECOND);
		assert_eq!(has(&found[16], AmlRule::Spoofing), fires, "cancelled from {cancel_at} ms");
	}
	// Orders placed long before count nothing.
	let mut log = Log::new();
	log.feed(T0, place(MM, 1_000, CLASS, Bid, price(1)));
	for n in 0..19 {
		log.feed(T0 + HOUR + n, place(MM, n, CLASS, Bid, price(n)));
	}
	log.feed(T0 + HOUR + 100, cancel(MM, 1_000, CLASS, Bid, price(1)));
	for n in 0..19 {
		log.feed(T0 + HOUR + 200 + n, cancel(MM, n, CLASS, Bid, price(n)));
	}
	assert!(!has(&log.all, AmlRule::Spoofing));
}

#[test]
fn spoofing_alerts_once_an_hour() {
	let mut log = Log::new();
	let found = orders(&mut log, 20, 20, MINUTE);
	assert_eq!(found.iter().filter(|f| has(f, AmlRule::Spoofing)).count(), 1);
	// Twenty fresh orders, seventeen cancelled, within the hour of the alert: quiet.
	for n in 100..120 {
		log.feed(T0 + 2 * MINUTE + n, place(MM, n, CLASS, Bid, price(n)));
	}
	for n in 100..117 {
		log.feed(T0 + 3 * MINUTE + n, cancel(MM, n, CLASS, Bid, price(n)));
	}
	assert_eq!(log.all.iter().filter(|f| f.rule == AmlRule::Spoofing).count(), 1);
	// Two hours on, the pattern again: a second alert, citing only the new cancellations.
	let first = log.next;
	for n in 200..220 {
		log.feed(T0 + 2 * HOUR + n, place(MM, n, CLASS, Bid, price(n)));
	}
	let mut found = Vec::new();
	for n in 200..217 {
		found.extend(log.feed(T0 + 2 * HOUR + MINUTE + n, cancel(MM, n, CLASS, Bid, price(n))));
	}
	let f = one(&found, AmlRule::Spoofing);
	assert_eq!(f.evidence, (first + 20..first + 37).collect::<Vec<_>>());
	assert!(!has(&log.all, AmlRule::Layering), "no trade, no layering");
}

/// Asks (or bids) at `levels` prices placed and cancelled by MM, in class `class`.
fn ladder(
	log: &mut Log,
	side: OrderSide,
	class: u32,
	levels: &[u64],
	at: Moment,
) -> Vec<Finding<u64>> {
	for (n, level) in levels.iter().enumerate() {
		log.feed(at + n as u64, place(MM, 500 + n as u64, class, side, price(*level)));
	}
	let mut found = Vec::new();
	for (n, level) in levels.iter().enumerate() {
		found.extend(
			log.feed(
				at + MINUTE + n as u64,
				cancel(MM, 500 + n as u64, class, side, price(*level)),
			),
		);
	}
	found
}

#[test]
fn layering_asks_then_a_buy() {
	let mut log = Log::new();
	assert!(ladder(&mut log, Ask, CLASS, &[1, 2, 3], T0).is_empty());
	let found = log.feed(T0 + 2 * MINUTE, trade(MM, OTHER, CLASS, 9, price(0)));
	let f = one(&found, AmlRule::Layering);
	assert_eq!((f.severity, f.subject, f.related.clone()), (Severity::High, MM, vec![OTHER]));
	assert_eq!(f.evidence, (1..=7).collect::<Vec<_>>());
	// Consumed: another buy completes nothing.
	assert!(log.feed(T0 + 3 * MINUTE, trade(MM, OTHER, CLASS, 9, price(0))).is_empty());
}

#[test]
fn layering_a_sale_then_bids_cancelled() {
	let mut log = Log::new();
	log.feed(T0, trade(OTHER, MM, CLASS, 9, price(0)));
	let found = ladder(&mut log, Bid, CLASS, &[3, 2, 1], T0 + 1);
	assert_eq!(one(&found, AmlRule::Layering).evidence, (1..=7).collect::<Vec<_>>());
}

#[test]
fn layering_needs_distinct_levels_the_other_side_and_the_same_book() {
	// Two levels.
	let mut log = Log::new();
	ladder(&mut log, Ask, CLASS, &[1, 2], T0);
	assert!(log.feed(T0 + 2 * MINUTE, trade(MM, OTHER, CLASS, 9, price(0))).is_empty());
	// Three orders at two prices.
	let mut log = Log::new();
	ladder(&mut log, Ask, CLASS, &[1, 2, 2], T0);
	assert!(log.feed(T0 + 2 * MINUTE, trade(MM, OTHER, CLASS, 9, price(0))).is_empty());
	// Asks, then a sale (the same side).
	let mut log = Log::new();
	ladder(&mut log, Ask, CLASS, &[1, 2, 3], T0);
	assert!(log.feed(T0 + 2 * MINUTE, trade(OTHER, MM, CLASS, 9, price(0))).is_empty());
	// Asks in one class, a buy in another.
	let mut log = Log::new();
	ladder(&mut log, Ask, CLASS, &[1, 2, 3], T0);
	assert!(log.feed(T0 + 2 * MINUTE, trade(MM, OTHER, CLASS + 1, 9, price(0))).is_empty());
	// Orders not cancelled (filled or resting).
	let mut log = Log::new();
	for level in 1..=3 {
		log.feed(T0 + level, place(MM, level, CLASS, Ask, price(level)));
	}
	assert!(log.feed(T0 + MINUTE, trade(MM, OTHER, CLASS, 9, price(0))).is_empty());
}

#[test]
fn layering_window_edge() {
	// Placed at T0..T0+2, cancelled a minute later; the buy ten minutes after the first
	// placement, give or take a millisecond.
	for (at, fires) in [(10 * MINUTE - 1, true), (10 * MINUTE + 1, false)] {
		let mut log = Log::new();
		ladder(&mut log, Ask, CLASS, &[1, 2, 3], T0);
		let found = log.feed(T0 + at, trade(MM, OTHER, CLASS, 9, price(0)));
		assert_eq!(has(&found, AmlRule::Layering), fires, "buy at {at} ms");
	}
}
