//! The AML rule engine: the rules of seed §12.3, §14.3 and §15.1–15.2 applied to the movement
//! log one record at a time, pure and deterministic.
//!
//! The compliance pallet's screening worker feeds [`screen`] every [`MovementRecord`] in id
//! order. `screen` loads the windows of the accounts the record involves from a
//! [`WindowStore`] (the worker's persistent offchain storage), drops what has left each rule's
//! window at `record.at`, adds the record, and returns the [`Finding`]s the record completes;
//! then stores the windows back (or removes the ones left empty). The cycle search also reads
//! other accounts' windows (their out-edges).
//!
//! | rule | severity | fed by | fires |
//! |---|---|---|---|
//! | [`AmlRule::FanOut`] | High | transfers sent | > `fan_out_recipients` distinct recipients |
//! | [`AmlRule::Structuring`] | Critical | transactions | >= `structuring_count` in the band |
//! | [`AmlRule::LargeAmount`] | Medium | transactions | one above `large_amount` |
//! | [`AmlRule::Velocity`] | Medium | transfers sent | > `velocity_transfers` |
//! | [`AmlRule::BuyTransferWithdraw`] | High | trades, coupon gifts, withdrawals | the relay |
//! | [`AmlRule::SelfDealing`] | High | trades, stablecoin received | issuer-funded buy |
//! | [`AmlRule::Cycle`] | High | transfers | value back where it started |
//! | [`AmlRule::Spoofing`] | High | orders | > `spoofing_cancel_rate` cancelled |
//! | [`AmlRule::Layering`] | High | orders, trades | ladder cancelled, other side traded |
//!
//! A transfer sent is a `StablecoinTransfer` or a `CouponTransfer`, by its `from`. A
//! transaction of an account is a stablecoin or coupon transfer it sends (amount, face value),
//! a trade it buys in (price), a fiat deposit or withdrawal of its own (amount). Redemptions
//! feed no rule today: `screen` only prunes their accounts' windows.
//!
//! Every finding cites its evidence (record ids, ascending, at most [`MAX_EVIDENCE`]: the latest
//! when there are more) and removes it from the rule's window, so the same records never fire
//! the same rule twice and a second alert needs fresh ones. The rules that count activity over
//! a window (fan-out, structuring, velocity, spoofing, layering) also alert on one account at
//! most once per window ([`quiet_window`]): a pattern kept up is one alert a window, the next
//! citing what came after the last. Each list of a window holds at
//! most [`MAX_ENTRIES`] entries, so `AmlParams::check` refuses thresholds it could never
//! reach (and the spoofing ratio is taken over the latest [`MAX_ENTRIES`] orders); the cycle
//! search expands at most [`CYCLE_VISIT_BUDGET`] accounts per record. Arithmetic saturates: no input panics.
//!
//! Each window remembers the last record applied to it, and a record at or below it is not
//! applied to that window again: a worker that stored windows but crashed before moving its
//! cursor screens the record a second time without counting it twice.

mod amounts;
mod cycle;
mod orders;
mod relay;
mod self_dealing;
pub mod synthetic;
#[cfg(test)]
mod tests;
mod transfers;
mod window;

pub use genex_primitives::aml::{
	AmlParams, AmlRule, MovementId, MovementKind, MovementRecord, OrderSide, Severity,
};
pub use window::{
	quiet_window, AccountWindow, Alerted, BookTrade, Buy, LadderOrder, Link, MemoryStore,
	PlacedOrder, Relay, Stamp, WindowStore,
};

use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use codec::{Decode, Encode};
use genex_primitives::Moment;

/// Most evidence ids, and most related accounts, one finding cites.
pub const MAX_EVIDENCE: usize = 32;

/// Most entries one list of an [`AccountWindow`] holds (the oldest go first).
pub const MAX_ENTRIES: usize = genex_primitives::aml::MAX_WINDOW_ENTRIES as usize;

/// Most accounts the cycle search expands for one record.
pub const CYCLE_VISIT_BUDGET: usize = 512;

/// What a rule found: who, how serious, who else, and the records that show it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Finding<A> {
	/// The rule.
	pub rule: AmlRule,
	/// Its severity (fixed per rule, [`severity`]).
	pub severity: Severity,
	/// The account the alert is about.
	pub subject: A,
	/// The other accounts involved, without the subject, at most [`MAX_EVIDENCE`].
	pub related: Vec<A>,
	/// The records, ascending, deduplicated, at most [`MAX_EVIDENCE`] (the latest), never
	/// empty.
	pub evidence: Vec<MovementId>,
}

/// The severity of the alerts of `rule`.
pub const fn severity(rule: AmlRule) -> Severity {
	match rule {
		AmlRule::Structuring | AmlRule::SanctionsHit => Severity::Critical,
		AmlRule::LargeAmount | AmlRule::Velocity | AmlRule::Manual => Severity::Medium,
		AmlRule::FanOut
		| AmlRule::BuyTransferWithdraw
		| AmlRule::SelfDealing
		| AmlRule::Cycle
		| AmlRule::Spoofing
		| AmlRule::Layering => Severity::High,
	}
}

impl<A: Clone + Ord> Finding<A> {
	/// A finding of `rule` (with its severity); `related` loses duplicates and the subject
	/// (first occurrences kept, in order), `evidence` is sorted and deduplicated; both are cut
	/// to [`MAX_EVIDENCE`] (the first related accounts, the latest records).
	pub fn new(
		rule: AmlRule,
		subject: A,
		related: impl IntoIterator<Item = A>,
		evidence: impl IntoIterator<Item = MovementId>,
	) -> Self {
		let mut seen = BTreeSet::new();
		let related = related
			.into_iter()
			.filter(|who| *who != subject && seen.insert(who.clone()))
			.take(MAX_EVIDENCE)
			.collect();
		let ids: BTreeSet<MovementId> = evidence.into_iter().collect();
		let skip = ids.len().saturating_sub(MAX_EVIDENCE);
		let evidence = ids.into_iter().skip(skip).collect();
		Self { rule, severity: severity(rule), subject, related, evidence }
	}
}

/// A window loaded for this record.
struct Cached<A> {
	window: AccountWindow<A>,
	/// Changed: to be stored (or removed) at the end.
	dirty: bool,
}

/// One call of [`screen`]: the record, the windows it loaded, what it found.
pub(crate) struct Screening<'a, A, S> {
	pub params: &'a AmlParams,
	store: &'a mut S,
	/// The record's id.
	pub id: MovementId,
	/// The record's time.
	pub now: Moment,
	windows: BTreeMap<A, Cached<A>>,
	pub findings: Vec<Finding<A>>,
}

impl<'a, A, S> Screening<'a, A, S>
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	fn cached(&mut self, who: &A) -> &mut Cached<A> {
		let (store, params, now) = (&mut self.store, self.params, self.now);
		self.windows.entry(who.clone()).or_insert_with(|| {
			let mut window = store.load(who).unwrap_or_default();
			window.prune(params, now);
			Cached { window, dirty: false }
		})
	}

	/// The account's window, pruned, to change (it is stored at the end).
	pub fn window(&mut self, who: &A) -> &mut AccountWindow<A> {
		let cached = self.cached(who);
		cached.dirty = true;
		&mut cached.window
	}

	/// The account's window, pruned, to read.
	pub fn peek(&mut self, who: &A) -> &AccountWindow<A> {
		&self.cached(who).window
	}

	/// Records a finding.
	pub fn found(&mut self, finding: Finding<A>) {
		self.findings.push(finding);
	}

	fn finish(self) -> Vec<Finding<A>> {
		for (who, mut cached) in self.windows {
			if !cached.dirty {
				continue;
			}
			if cached.window.is_empty() {
				// (Also when nothing was stored, or only a value that did not decode.)
				self.store.remove(&who);
			} else {
				cached.window.applied = cached.window.applied.max(Some(self.id));
				self.store.store(&who, &cached.window);
			}
		}
		self.findings
	}
}

/// Screens one record: updates the windows of the accounts it involves (pruned at
/// `record.at`) and returns the findings it completes, in a fixed order. Records are fed in id
/// order, once each; a record fed again after its windows were stored finds them marked
/// applied and changes nothing.
pub fn screen<A, S>(
	params: &AmlParams,
	store: &mut S,
	record: &MovementRecord<A>,
) -> Vec<Finding<A>>
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let mut s = Screening {
		params,
		store,
		id: record.id,
		now: record.at,
		windows: BTreeMap::new(),
		findings: Vec::new(),
	};
	let accounts = record.kind.accounts();
	if accounts
		.iter()
		.any(|who| s.peek(who).applied.is_some_and(|last| last >= record.id))
	{
		// Already screened: a repeat changes nothing.
		return Vec::new();
	}
	for who in accounts {
		// Pruned and stored (or deleted when empty) whatever the rules add.
		s.window(who);
	}
	match &record.kind {
		MovementKind::Trade { buyer, seller, class, issuer, price, .. } => {
			amounts::transaction(&mut s, buyer, Some(seller), *price);
			self_dealing::trade(&mut s, buyer, seller, issuer);
			relay::trade(&mut s, buyer, seller, *class);
			orders::trade(&mut s, buyer, seller, *class);
		},
		MovementKind::CouponTransfer { from, to, class, value, .. } => {
			amounts::transaction(&mut s, from, Some(to), *value);
			transfers::sent(&mut s, from, to);
			cycle::edge(&mut s, from, to);
			relay::gift(&mut s, from, to, *class);
		},
		MovementKind::StablecoinTransfer { from, to, amount, .. } => {
			amounts::transaction(&mut s, from, Some(to), *amount);
			transfers::sent(&mut s, from, to);
			cycle::edge(&mut s, from, to);
			self_dealing::funding(&mut s, from, to);
		},
		MovementKind::FiatDeposit { account, amount, .. } => {
			amounts::transaction(&mut s, account, None, *amount);
		},
		MovementKind::FiatWithdrawal { account, amount, .. } => {
			amounts::transaction(&mut s, account, None, *amount);
			relay::withdrawal(&mut s, account);
		},
		MovementKind::OrderPlaced { owner, order, class, side, price, .. } => {
			orders::placed(&mut s, owner, *order, *class, *side, *price);
		},
		MovementKind::OrderCancelled { owner, order, class, side, .. } => {
			orders::cancelled(&mut s, owner, *order, *class, *side);
		},
		MovementKind::Redemption { .. } => {},
	}
	s.finish()
}
