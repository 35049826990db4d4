//! Buy -> transfer -> sell/withdraw.

use super::*;

const A: u64 = 1;
const B: u64 = 2;
const SELLER: u64 = 3;
const CUSTOMER: u64 = 4;
const ISSUER: u64 = 9;
const PRICE: Balance = 50 * DOLLARS;

/// A buys class 7, gives it to B; returns the two ids.
fn buy_and_give(log: &mut Log, at: Moment) -> (MovementId, MovementId) {
	assert!(log.feed(at, trade(A, SELLER, 7, ISSUER, PRICE)).is_empty());
	let buy = log.last();
	assert!(log.feed(at + HOUR, gift(A, B, 7, PRICE)).is_empty());
	(buy, log.last())
}

#[test]
fn buy_give_sell_fires() {
	let mut log = Log::new();
	let (buy, transfer) = buy_and_give(&mut log, T0);
	let found = log.feed(T0 + 2 * HOUR, trade(CUSTOMER, B, 7, ISSUER, PRICE));
	let f = one(&found, AmlRule::BuyTransferWithdraw);
	assert_eq!((f.severity, f.subject, f.related.clone()), (Severity::High, A, vec![B]));
	assert_eq!(f.evidence, vec![buy, transfer, log.last()]);
	assert_eq!(found.len(), 1);
	// Consumed: B's next sale of the class is not another relay.
	assert!(log.feed(T0 + 3 * HOUR, trade(CUSTOMER, B, 7, ISSUER, PRICE)).is_empty());
}

#[test]
fn buy_give_withdraw_fires() {
	let mut log = Log::new();
	let (buy, transfer) = buy_and_give(&mut log, T0);
	let found = log.feed(T0 + 2 * HOUR, withdraw(B, PRICE));
	assert_eq!(one(&found, AmlRule::BuyTransferWithdraw).evidence, vec![buy, transfer, log.last()]);
	assert!(log.feed(T0 + 3 * HOUR, withdraw(B, PRICE)).is_empty(), "consumed");
}

#[test]
fn the_class_must_match() {
	let mut log = Log::new();
	buy_and_give(&mut log, T0);
	assert!(log.feed(T0 + 2 * HOUR, trade(CUSTOMER, B, 8, ISSUER, PRICE)).is_empty());
	// A gift of a class A did not buy relays nothing.
	let mut log = Log::new();
	log.feed(T0, trade(A, SELLER, 7, ISSUER, PRICE));
	log.feed(T0 + 1, gift(A, B, 8, PRICE));
	assert!(log.feed(T0 + 2, trade(CUSTOMER, B, 8, ISSUER, PRICE)).is_empty());
	assert!(log.feed(T0 + 3, withdraw(B, PRICE)).is_empty());
}

#[test]
fn the_order_must_be_buy_give_sell() {
	let mut log = Log::new();
	// B sells before receiving, A gives before buying.
	log.feed(T0, trade(CUSTOMER, B, 7, ISSUER, PRICE));
	log.feed(T0 + 1, gift(A, B, 7, PRICE));
	log.feed(T0 + 2, trade(A, SELLER, 7, ISSUER, PRICE));
	assert!(log.all.is_empty());
	assert!(log.feed(T0 + 3, withdraw(B, PRICE)).is_empty());
}

#[test]
fn relay_window_edge() {
	for (last, fires) in [(72 * HOUR - 1, true), (72 * HOUR + 1, false)] {
		let mut log = Log::new();
		buy_and_give(&mut log, T0);
		let found = log.feed(T0 + last, trade(CUSTOMER, B, 7, ISSUER, PRICE));
		assert_eq!(has(&found, AmlRule::BuyTransferWithdraw), fires, "sale at {last} ms");
	}
	// A gift after the window relays nothing.
	let mut log = Log::new();
	log.feed(T0, trade(A, SELLER, 7, ISSUER, PRICE));
	log.feed(T0 + 72 * HOUR + 1, gift(A, B, 7, PRICE));
	assert!(log.feed(T0 + 72 * HOUR + 2, withdraw(B, PRICE)).is_empty());
}

#[test]
fn a_withdrawal_completes_each_giver() {
	let mut log = Log::new();
	buy_and_give(&mut log, T0);
	log.feed(T0, trade(5, SELLER, 3, ISSUER, PRICE));
	log.feed(T0 + 1, gift(5, B, 3, PRICE));
	let found = log.feed(T0 + 2 * HOUR, withdraw(B, PRICE));
	let subjects: Vec<u64> = found.iter().map(|f| f.subject).collect();
	assert_eq!(subjects, vec![A, 5]);
	// A buy is relayed once: a second gift of it to someone else relays nothing.
	let mut log = Log::new();
	buy_and_give(&mut log, T0);
	log.feed(T0 + 2 * HOUR, gift(A, 6, 7, PRICE));
	assert!(log.feed(T0 + 3 * HOUR, trade(CUSTOMER, 6, 7, ISSUER, PRICE)).is_empty());
}
