//! Cycles.

use super::*;

const VALUE: Balance = 100 * DOLLARS;

/// Edges 1 -> 2 -> ... -> n, a minute apart (stablecoin and coupons alternating), then the
/// closing n -> 1 at `close` after the first; what the closing edge completes.
fn ring(log: &mut Log, n: u64, close: Moment) -> Vec<Finding<u64>> {
	for i in 1..n {
		let kind = if i % 2 == 0 { gift(i, i + 1, 4, VALUE) } else { stable(i, i + 1, VALUE) };
		assert!(log.feed(T0 + (i - 1) * MINUTE, kind).is_empty());
	}
	log.feed(T0 + close, stable(n, 1, VALUE))
}

#[test]
fn cycles_of_two_to_six_accounts_fire_and_seven_do_not() {
	for n in 2..=7u64 {
		let mut log = Log::new();
		let found = ring(&mut log, n, HOUR);
		if n == 7 {
			assert!(found.is_empty(), "a cycle of 7: {found:?}");
			continue;
		}
		let f = one(&found, AmlRule::Cycle);
		assert_eq!(f.severity, Severity::High);
		assert_eq!(f.subject, 1, "the value left 1 and came back to it");
		assert_eq!(f.related, (2..=n).collect::<Vec<_>>());
		assert_eq!(f.evidence, (1..=n).collect::<Vec<_>>());
		assert_eq!(found.len(), 1);
	}
}

#[test]
fn the_longest_cycle_is_a_parameter() {
	let params = AmlParams { cycle_max_accounts: 3, ..AmlParams::default() };
	assert!(has(&ring(&mut Log::with(params.clone()), 3, HOUR), AmlRule::Cycle));
	assert!(ring(&mut Log::with(params), 4, HOUR).is_empty());
	let params = AmlParams { cycle_max_accounts: 8, ..AmlParams::default() };
	assert!(has(&ring(&mut Log::with(params.clone()), 8, HOUR), AmlRule::Cycle));
	assert!(ring(&mut Log::with(params), 9, HOUR).is_empty());
}

#[test]
fn cycle_window_edge() {
	// The first edge at T0, the closing one 7 days later, give or take a millisecond.
	assert!(has(&ring(&mut Log::new(), 4, 7 * DAY - 1), AmlRule::Cycle));
	assert!(has(&ring(&mut Log::new(), 4, 7 * DAY), AmlRule::Cycle));
	assert!(ring(&mut Log::new(), 4, 7 * DAY + 1).is_empty());
}

#[test]
fn edges_must_follow_each_other_in_time() {
	let mut log = Log::new();
	// 2 -> 3 happened before 1 -> 2: value from 1 cannot have gone on to 3.
	log.feed(T0, stable(2, 3, VALUE));
	log.feed(T0 + MINUTE, stable(1, 2, VALUE));
	assert!(log.feed(T0 + 2 * MINUTE, stable(3, 1, VALUE)).is_empty());
	// Once 2 sends to 3 again, after 1 -> 2, the next 3 -> 1 closes a cycle.
	log.feed(T0 + 3 * MINUTE, stable(2, 3, VALUE));
	let found = log.feed(T0 + 4 * MINUTE, stable(3, 1, VALUE));
	assert_eq!(one(&found, AmlRule::Cycle).evidence, vec![2, 4, 5]);
}

#[test]
fn trades_are_not_edges() {
	let mut log = Log::new();
	log.feed(T0, trade(2, 1, 3, 9, VALUE));
	log.feed(T0 + 1, stable(2, 3, VALUE));
	log.feed(T0 + 2, trade(1, 3, 3, 9, VALUE));
	assert!(log.all.is_empty());
	assert!(log.feed(T0 + 3, stable(1, 1, VALUE)).is_empty(), "a transfer to oneself is no cycle");
}

#[test]
fn cycle_evidence_is_consumed() {
	let mut log = Log::new();
	log.feed(T0, stable(1, 2, VALUE));
	assert_eq!(one(&log.feed(T0 + 1, stable(2, 1, VALUE)), AmlRule::Cycle).evidence, vec![1, 2]);
	// 1 -> 2 was used: 2 -> 1 again closes nothing (and is kept as an edge).
	assert!(log.feed(T0 + 2, stable(2, 1, VALUE)).is_empty());
	// A fresh 1 -> 2 closes 2 -> 1 -> 2.
	let f = log.feed(T0 + 3, stable(1, 2, VALUE));
	let f = one(&f, AmlRule::Cycle);
	assert_eq!((f.subject, f.evidence.clone()), (2, vec![3, 4]));
	assert!(log.window(&1).out_edges.is_empty() && log.window(&2).out_edges.is_empty());
}

#[test]
fn the_search_is_bounded() {
	// A dense graph: 40 accounts each sending to every other, then edges that close nothing
	// (into an account that sent nothing).
	let params =
		AmlParams { fan_out_recipients: 1_000, velocity_transfers: 1_000, ..AmlParams::default() };
	let mut log = Log::with(params);
	let mut at = T0;
	for round in 0..2 {
		for a in 0..40u64 {
			for b in 0..40u64 {
				if a != b && (a + b + round) % 3 != 0 {
					at += 1;
					log.feed(at, stable(a, b, VALUE));
				}
			}
		}
	}
	let started = std::time::Instant::now();
	for i in 0..100u64 {
		log.feed(at + i, stable(100 + i, 0, VALUE));
	}
	assert!(started.elapsed() < std::time::Duration::from_secs(5));
	assert!(log.all.iter().all(|f| f.rule == AmlRule::Cycle && f.evidence.len() <= 6));
	assert!(!log.all.is_empty());
}
