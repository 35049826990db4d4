//! Tests of the AML rules: each rule just below, at and above its threshold, windows sliding
//! past their edge, evidence consumed, ordinary activity, determinism and bounded state.

mod amounts;
mod cycles;
mod orders;
mod relay;
mod self_dealing;
mod state;
mod transfers;

use super::*;
use genex_primitives::{Balance, DOLLARS};

pub(super) const T0: Moment = 1_800_000_000_000;
pub(super) const SECOND: Moment = 1_000;
pub(super) const MINUTE: Moment = 60 * SECOND;
pub(super) const HOUR: Moment = 60 * MINUTE;
pub(super) const DAY: Moment = 24 * HOUR;

/// A movement log being screened.
pub(super) struct Log<A = u64> {
	pub params: AmlParams,
	pub store: MemoryStore<A>,
	/// The next record's id.
	pub next: MovementId,
	/// Every finding so far.
	pub all: Vec<Finding<A>>,
}

impl<A: Clone + Ord + Encode + Decode> Log<A> {
	pub fn new() -> Self {
		Self::with(AmlParams::default())
	}

	pub fn with(params: AmlParams) -> Self {
		Self { params, store: MemoryStore::new(), next: 1, all: Vec::new() }
	}

	/// Screens `kind` at `at`, returning what it completes.
	pub fn feed(&mut self, at: Moment, kind: MovementKind<A>) -> Vec<Finding<A>> {
		let record = MovementRecord {
			id: self.next,
			block: (self.next / 10) as u32,
			extrinsic: 0,
			at,
			kind,
		};
		self.next += 1;
		let found = screen(&self.params, &mut self.store, &record);
		self.all.extend(found.iter().cloned());
		found
	}

	/// The id of the last record fed.
	pub fn last(&self) -> MovementId {
		self.next - 1
	}

	/// The window of `who` as stored.
	pub fn window(&mut self, who: &A) -> AccountWindow<A> {
		self.store.load(who).unwrap_or_default()
	}
}

pub(super) fn dollars(n: u128) -> Balance {
	n * DOLLARS
}

pub(super) fn stable<A>(from: A, to: A, amount: Balance) -> MovementKind<A> {
	MovementKind::StablecoinTransfer { from, to, asset: 1, amount }
}

pub(super) fn gift<A: Clone>(from: A, to: A, class: u32, value: Balance) -> MovementKind<A> {
	let issuer = from.clone();
	MovementKind::CouponTransfer { from, to, class, issuer, count: 1, value }
}

pub(super) fn trade<A>(
	buyer: A,
	seller: A,
	class: u32,
	issuer: A,
	price: Balance,
) -> MovementKind<A> {
	MovementKind::Trade { trade: 0, buyer, seller, class, issuer, price, asset: 1, primary: false }
}

pub(super) fn deposit<A>(account: A, amount: Balance) -> MovementKind<A> {
	MovementKind::FiatDeposit { account, asset: 1, amount, provider: 0 }
}

pub(super) fn withdraw<A>(account: A, amount: Balance) -> MovementKind<A> {
	MovementKind::FiatWithdrawal { account, asset: 1, amount, provider: 0 }
}

pub(super) fn place<A>(
	owner: A,
	order: u64,
	class: u32,
	side: OrderSide,
	price: Balance,
) -> MovementKind<A> {
	MovementKind::OrderPlaced { owner, order, class, side, price, quantity: 1 }
}

pub(super) fn cancel<A>(
	owner: A,
	order: u64,
	class: u32,
	side: OrderSide,
	price: Balance,
) -> MovementKind<A> {
	MovementKind::OrderCancelled { owner, order, class, side, price, remaining: 1 }
}

/// The rules of `findings`, in order.
pub(super) fn rules<A>(findings: &[Finding<A>]) -> Vec<AmlRule> {
	findings.iter().map(|f| f.rule).collect()
}

/// The only finding of `rule` among `findings`.
pub(super) fn one<A: core::fmt::Debug>(findings: &[Finding<A>], rule: AmlRule) -> &Finding<A> {
	let of: Vec<_> = findings.iter().filter(|f| f.rule == rule).collect();
	assert_eq!(of.len(), 1, "one {rule:?} finding expected in {findings:?}");
	of[0]
}

/// Whether `findings` hold one of `rule`.
pub(super) fn has<A>(findings: &[Finding<A>], rule: AmlRule) -> bool {
	findings.iter().any(|f| f.rule == rule)
}

#[test]
fn severities_are_fixed() {
	assert_eq!(severity(AmlRule::Structuring), Severity::Critical);
	assert_eq!(severity(AmlRule::LargeAmount), Severity::Medium);
	assert_eq!(severity(AmlRule::Velocity), Severity::Medium);
	for rule in [
		AmlRule::FanOut,
		AmlRule::BuyTransferWithdraw,
		AmlRule::SelfDealing,
		AmlRule::Cycle,
		AmlRule::Spoofing,
		AmlRule::Layering,
	] {
		assert_eq!(severity(rule), Severity::High);
	}
}

#[test]
fn a_finding_sorts_dedups_and_caps() {
	let f = Finding::new(AmlRule::FanOut, 0u64, [3, 0, 2, 3, 1], [9, 1, 5, 5, 7]);
	assert_eq!(f.related, vec![3, 2, 1]);
	assert_eq!(f.evidence, vec![1, 5, 7, 9]);
	assert_eq!(f.severity, Severity::High);
	let f = Finding::new(AmlRule::Velocity, 0u64, 1..100, (1..=100).rev());
	assert_eq!(f.related.len(), MAX_EVIDENCE);
	assert_eq!(f.related[0], 1);
	assert_eq!(f.evidence, (69..=100).collect::<Vec<_>>());
}
