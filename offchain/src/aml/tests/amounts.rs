//! Structuring and large amounts.

use super::*;

const IN_LOW: Balance = 2_500 * DOLLARS;
const IN_HIGH: Balance = 3_000 * DOLLARS - 1;
const OUT_HIGH: Balance = 3_000 * DOLLARS;
const OUT_LOW: Balance = 2_500 * DOLLARS - 1;

#[test]
fn structuring_band_edges_and_count() {
	let mut log = Log::new();
	assert!(log.feed(T0, deposit(1, OUT_HIGH)).is_empty());
	assert!(log.feed(T0 + 1, deposit(1, OUT_LOW)).is_empty());
	assert!(log.feed(T0 + 2, deposit(1, IN_LOW)).is_empty());
	let first = log.last();
	assert!(log.feed(T0 + 3, stable(1, 2, IN_HIGH)).is_empty(), "two in the band");
	let second = log.last();
	let found = log.feed(T0 + 4, trade(1, 3, 7, 9, dollars(2_750)));
	let f = one(&found, AmlRule::Structuring);
	assert_eq!(f.severity, Severity::Critical);
	assert_eq!(f.subject, 1);
	assert_eq!(f.evidence, vec![first, second, log.last()]);
	assert_eq!(rules(&found), vec![AmlRule::Structuring]);
}

#[test]
fn every_kind_of_transaction_counts_and_a_sale_does_not() {
	let mut log = Log::new();
	// Sales in the band by account 1 are not its transactions.
	for i in 0..5 {
		assert!(log.feed(T0 + i, trade(2, 1, 7, 9, IN_LOW)).is_empty() || i >= 2);
	}
	assert!(!log.all.iter().any(|f| f.subject == 1));
	let mut log = Log::new();
	assert!(log.feed(T0, gift(1, 2, 7, IN_LOW)).is_empty());
	assert!(log.feed(T0 + 1, withdraw(1, IN_LOW)).is_empty());
	assert!(has(&log.feed(T0 + 2, deposit(1, IN_LOW)), AmlRule::Structuring));
}

#[test]
fn structuring_window_edge() {
	for (last, fires) in [(DAY - 1, true), (DAY, true), (DAY + 1, false)] {
		let mut log = Log::new();
		log.feed(T0, deposit(1, IN_LOW));
		log.feed(T0 + HOUR, deposit(1, IN_LOW));
		let found = log.feed(T0 + last, deposit(1, IN_LOW));
		assert_eq!(has(&found, AmlRule::Structuring), fires, "third at {last} ms");
	}
}

#[test]
fn structuring_alerts_once_a_day() {
	let mut log = Log::new();
	for i in 0..3 {
		log.feed(T0 + i, deposit(1, IN_LOW));
	}
	assert_eq!(log.all.len(), 1);
	// Three more within the day of the alert: quiet.
	for i in 10..13 {
		assert!(log.feed(T0 + i, deposit(1, IN_LOW)).is_empty());
	}
	assert!(log.feed(T0 + 2 + DAY, deposit(1, IN_LOW)).is_empty());
	// A day after the alert: the next cites the ones after it still in the window.
	let found = log.feed(T0 + 3 + DAY, deposit(1, IN_LOW));
	assert_eq!(one(&found, AmlRule::Structuring).evidence, vec![4, 5, 6, 7, 8]);
}

#[test]
fn large_amount_above_the_threshold_only() {
	let large = 10_000 * DOLLARS;
	let mut log = Log::new();
	assert!(log.feed(T0, deposit(1, large)).is_empty());
	assert!(log.feed(T0 + 1, stable(1, 2, large)).is_empty());
	let found = log.feed(T0 + 2, stable(1, 2, large + 1));
	let f = one(&found, AmlRule::LargeAmount);
	assert_eq!(
		(f.severity, f.subject, f.related.clone(), f.evidence.clone()),
		(Severity::Medium, 1, vec![2], vec![3])
	);
	let f = log.feed(T0 + 3, trade(4, 5, 7, 9, large + 1));
	assert_eq!((f[0].subject, f[0].related.clone()), (4, vec![5]), "the buyer, not the seller");
	for kind in [deposit(6, large + 1), withdraw(6, u128::MAX), gift(6, 7, 1, large + 1)] {
		let f = log.feed(T0 + 4, kind);
		assert_eq!(rules(&f), vec![AmlRule::LargeAmount]);
		assert_eq!(f[0].evidence, vec![log.last()]);
	}
	let redemption =
		MovementKind::Redemption { holder: 8, store: 9, class: 1, issuer: 9, value: u128::MAX };
	assert!(log.feed(T0 + 5, redemption).is_empty(), "redemptions feed no rule");
	assert!(log.store.encoded(&8).is_none() && log.store.encoded(&9).is_none());
}
