//! Self-dealing.

use super::*;

const ISSUER: u64 = 9;
const RESELLER: u64 = 3;
const USER: u64 = 4;
const PRICE: Balance = 20 * DOLLARS;

#[test]
fn an_issuer_buying_its_own_coupon() {
	let mut log = Log::new();
	let found = log.feed(T0, trade(ISSUER, RESELLER, 1, ISSUER, PRICE));
	let f = one(&found, AmlRule::SelfDealing);
	assert_eq!(
		(f.severity, f.subject, f.related.clone()),
		(Severity::High, ISSUER, vec![RESELLER])
	);
	assert_eq!(f.evidence, vec![1]);
	// A primary sale, or a resale between others, is ordinary.
	assert!(log.feed(T0 + 1, trade(USER, ISSUER, 1, ISSUER, PRICE)).is_empty());
	assert!(log.feed(T0 + 2, trade(5, USER, 1, ISSUER, PRICE)).is_empty());
	// A coupon of another issuer bought by this one is not its own.
	assert!(log.feed(T0 + 3, trade(ISSUER, RESELLER, 2, 8, PRICE)).is_empty());
}

#[test]
fn a_buyer_funded_by_the_issuer() {
	for (after, fires) in [(30 * DAY - 1, true), (30 * DAY + 1, false)] {
		let mut log = Log::new();
		log.feed(T0, stable(ISSUER, USER, dollars(100)));
		let found = log.feed(T0 + after, trade(USER, ISSUER, 1, ISSUER, PRICE));
		assert_eq!(has(&found, AmlRule::SelfDealing), fires, "trade {after} ms after funding");
		if fires {
			let f = one(&found, AmlRule::SelfDealing);
			assert_eq!(
				(f.subject, f.related.clone(), f.evidence.clone()),
				(ISSUER, vec![USER], vec![1, 2])
			);
		}
	}
}

#[test]
fn funding_is_consumed_and_must_come_from_the_issuer() {
	let mut log = Log::new();
	log.feed(T0, stable(7, USER, dollars(100)));
	assert!(log.feed(T0 + 1, trade(USER, RESELLER, 1, ISSUER, PRICE)).is_empty());
	log.feed(T0 + 2, stable(ISSUER, USER, dollars(100)));
	assert!(has(&log.feed(T0 + 3, trade(USER, RESELLER, 1, ISSUER, PRICE)), AmlRule::SelfDealing));
	assert!(log.feed(T0 + 4, trade(USER, RESELLER, 1, ISSUER, PRICE)).is_empty(), "consumed");
	log.feed(T0 + 5, stable(ISSUER, USER, dollars(100)));
	let found = log.feed(T0 + 6, trade(USER, RESELLER, 1, ISSUER, PRICE));
	assert_eq!(one(&found, AmlRule::SelfDealing).evidence, vec![6, 7]);
}
