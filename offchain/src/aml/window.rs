//! One account's window state, and where the worker keeps it.
//!
//! Every list of an [`AccountWindow`] belongs to one rule (a rule that fires removes the entries
//! it cited from its own list, whatever other rules hold), holds at most [`MAX_ENTRIES`] entries
//! (the oldest go first) and keeps only what is still inside its rule's window: an entry counts
//! while `now - at <= window` (so an entry `window` ms old still counts, one `window + 1` ms
//! old is gone).
//!
//! The rules that count an account's activity over a window (fan-out, structuring, velocity,
//! spoofing, layering) alert on one account at most once per window: after an alert the rule
//! stays quiet for that account until its window has passed ([`AccountWindow::alerted`]), its
//! list still filling meanwhile, so the next alert cites only what came after the last one.
//! A pattern kept up all day is one alert a window, not one every few transfers.

use super::{AmlParams, AmlRule, MovementId, OrderSide, MAX_ENTRIES};
use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, DecodeAll, Encode};
use genex_primitives::{Balance, Moment};

/// A movement an entry cites: its id and chain time.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Stamp {
	/// The record's id.
	pub id: MovementId,
	/// Its chain time (ms).
	pub at: Moment,
}

/// A movement between this account and another one.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
pub struct Link<A> {
	/// The record.
	pub stamp: Stamp,
	/// The other account (the recipient of a transfer sent, the sender of one received).
	pub peer: A,
}

/// A coupon bought (buy -> transfer -> sell/withdraw, first step).
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Buy {
	/// The trade's record.
	pub stamp: Stamp,
	/// The coupon's class.
	pub class: u32,
}

/// Coupons received from an account that had just bought that class (second step).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
pub struct Relay<A> {
	/// The giver's buy (the window runs from it).
	pub buy: Stamp,
	/// The coupon transfer to this account.
	pub transfer: Stamp,
	/// The class.
	pub class: u32,
	/// The giver, who bought.
	pub from: A,
}

/// An order placed, for spoofing: whether it was cancelled.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct PlacedOrder {
	/// Settlement's order id.
	pub order: u64,
	/// The placement's record.
	pub placed: Stamp,
	/// The cancellation's record, once cancelled.
	pub cancelled: Option<MovementId>,
}

/// An order placed, for layering: its book, side and price, and whether it was cancelled.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct LadderOrder {
	/// Settlement's order id.
	pub order: u64,
	/// The placement's record.
	pub placed: Stamp,
	/// The class (the book).
	pub class: u32,
	/// Bid or ask.
	pub side: OrderSide,
	/// Price per coupon.
	pub price: Balance,
	/// The cancellation's record, once cancelled.
	pub cancelled: Option<MovementId>,
}

/// A trade of this account, for layering.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
pub struct BookTrade<A> {
	/// The trade's record.
	pub stamp: Stamp,
	/// The class.
	pub class: u32,
	/// This account's side: `Bid` when it bought, `Ask` when it sold.
	pub side: OrderSide,
	/// The other party.
	pub counterparty: A,
}

/// When a windowed rule last alerted on this account.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Alerted {
	/// The rule.
	pub rule: AmlRule,
	/// The chain time (ms) of the record that completed its alert.
	pub at: Moment,
}

/// The window over which `rule` counts an account's activity, for the rules that alert at
/// most once per window on one account (`None` for the others: each of their alerts is its
/// own pattern or transaction).
pub fn quiet_window(params: &AmlParams, rule: AmlRule) -> Option<Moment> {
	match rule {
		AmlRule::FanOut => Some(params.fan_out_window),
		AmlRule::Structuring => Some(params.structuring_window),
		AmlRule::Velocity => Some(params.velocity_window),
		AmlRule::Spoofing => Some(params.spoofing_window),
		AmlRule::Layering => Some(params.layering_window),
		AmlRule::LargeAmount
		| AmlRule::BuyTransferWithdraw
		| AmlRule::SelfDealing
		| AmlRule::Cycle
		| AmlRule::SanctionsHit
		| AmlRule::Manual => None,
	}
}

/// One account's window state: what the rules remember of its recent movements. Persisted by
/// the worker as SCALE bytes, one value per account; bounded (at most [`MAX_ENTRIES`] per
/// list, so a few tens of KiB at most, see the README).
#[derive(Encode, Decode, Clone, PartialEq, Debug)]
pub struct AccountWindow<A> {
	/// The last record applied to this window (a repeat of it or of an earlier one is not).
	pub applied: Option<MovementId>,
	/// Fan-out: the latest transfer sent to each distinct recipient (`fan_out_window`).
	pub fan_out: Vec<Link<A>>,
	/// Velocity: transfers sent (`velocity_window`).
	pub velocity: Vec<Stamp>,
	/// Structuring: transactions in the band (`structuring_window`).
	pub structuring: Vec<Stamp>,
	/// Cycle: value edges out of this account, recipient as peer (`cycle_window`).
	pub out_edges: Vec<Link<A>>,
	/// Self-dealing: the latest stablecoin transfer received from each sender
	/// (`funding_window`).
	pub funded_by: Vec<Link<A>>,
	/// Buy -> transfer -> sell/withdraw: coupons bought and not given on yet (`relay_window`).
	pub bought: Vec<Buy>,
	/// Buy -> transfer -> sell/withdraw: coupons received from a buyer (`relay_window` from
	/// the buy).
	pub received: Vec<Relay<A>>,
	/// Spoofing: orders placed (`spoofing_window` from the placement).
	pub orders: Vec<PlacedOrder>,
	/// Layering: orders placed (`layering_window` from the placement).
	pub ladder: Vec<LadderOrder>,
	/// Layering: trades (`layering_window`).
	pub trades: Vec<BookTrade<A>>,
	/// The windowed rules' last alerts on this account, one entry per rule, kept while the
	/// rule's window ([`quiet_window`]) runs: the rule is quiet for the account meanwhile.
	pub alerted: Vec<Alerted>,
}

impl<A> Default for AccountWindow<A> {
	fn default() -> Self {
		Self {
			applied: None,
			fan_out: Vec::new(),
			velocity: Vec::new(),
			structuring: Vec::new(),
			out_edges: Vec::new(),
			funded_by: Vec::new(),
			bought: Vec::new(),
			received: Vec::new(),
			orders: Vec::new(),
			ladder: Vec::new(),
			trades: Vec::new(),
			alerted: Vec::new(),
		}
	}
}

/// Whether an entry at `at` is still inside a window of `window` ms at `now` (an entry from
/// the future, which records fed in id order never make, counts as new).
pub(crate) fn in_window(now: Moment, at: Moment, window: Moment) -> bool {
	now.saturating_sub(at) <= window
}

/// Keeps the entries of `list` still inside `window`, and at most [`MAX_ENTRIES`] of them
/// (the latest).
fn keep<T>(list: &mut Vec<T>, now: Moment, window: Moment, at: impl Fn(&T) -> Moment) {
	list.retain(|entry| in_window(now, at(entry), window));
	cap(list);
}

/// Drops the oldest entries beyond [`MAX_ENTRIES`].
fn cap<T>(list: &mut Vec<T>) {
	if list.len() > MAX_ENTRIES {
		let excess = list.len() - MAX_ENTRIES;
		list.drain(..excess);
	}
}

/// Appends `entry`, dropping the oldest beyond [`MAX_ENTRIES`].
pub(crate) fn push<T>(list: &mut Vec<T>, entry: T) {
	list.push(entry);
	cap(list);
}

/// Appends `entry` in place of an entry with the same peer, dropping the oldest beyond
/// [`MAX_ENTRIES`].
pub(crate) fn upsert<A: PartialEq>(list: &mut Vec<Link<A>>, entry: Link<A>) {
	list.retain(|old| old.peer != entry.peer);
	push(list, entry);
}

impl<A> AccountWindow<A> {
	/// Whether no entry is left (the worker then deletes the account's value).
	pub fn is_empty(&self) -> bool {
		self.fan_out.is_empty()
			&& self.velocity.is_empty()
			&& self.structuring.is_empty()
			&& self.out_edges.is_empty()
			&& self.funded_by.is_empty()
			&& self.bought.is_empty()
			&& self.received.is_empty()
			&& self.orders.is_empty()
			&& self.ladder.is_empty()
			&& self.trades.is_empty()
			&& self.alerted.is_empty()
	}

	/// How many entries all lists hold together.
	pub fn entries(&self) -> usize {
		self.fan_out.len()
			+ self.velocity.len()
			+ self.structuring.len()
			+ self.out_edges.len()
			+ self.funded_by.len()
			+ self.bought.len()
			+ self.received.len()
			+ self.orders.len()
			+ self.ladder.len()
			+ self.trades.len()
			+ self.alerted.len()
	}

	/// Whether windowed rule `rule` (see [`quiet_window`]) may alert on this account at `now`,
	/// and if so notes that it does: `false` while an alert of it is still in its window (the
	/// window pruned at `now`). Call it last, once the rule's pattern is complete.
	pub fn take_alert(&mut self, rule: AmlRule, now: Moment) -> bool {
		if self.alerted.iter().any(|a| a.rule == rule) {
			return false;
		}
		self.alerted.push(Alerted { rule, at: now });
		true
	}

	/// Drops what every rule's window has left behind at `now`, and what is beyond
	/// [`MAX_ENTRIES`] in a list. [`screen`](super::screen) does it to every window it loads; a
	/// worker may also sweep idle accounts' values with it.
	pub fn prune(&mut self, params: &AmlParams, now: Moment) {
		keep(&mut self.fan_out, now, params.fan_out_window, |e| e.stamp.at);
		keep(&mut self.velocity, now, params.velocity_window, |e| e.at);
		keep(&mut self.structuring, now, params.structuring_window, |e| e.at);
		keep(&mut self.out_edges, now, params.cycle_window, |e| e.stamp.at);
		keep(&mut self.funded_by, now, params.funding_window, |e| e.stamp.at);
		keep(&mut self.bought, now, params.relay_window, |e| e.stamp.at);
		keep(&mut self.received, now, params.relay_window, |e| e.buy.at);
		keep(&mut self.orders, now, params.spoofing_window, |e| e.placed.at);
		keep(&mut self.ladder, now, params.layering_window, |e| e.placed.at);
		keep(&mut self.trades, now, params.layering_window, |e| e.stamp.at);
		self.alerted.retain(|a| {
			quiet_window(params, a.rule).is_some_and(|window| in_window(now, a.at, window))
		});
	}
}

/// Where the accounts' windows live between records: the worker's persistent offchain
/// storage, or memory in tests and benchmarks.
pub trait WindowStore<A> {
	/// The account's window, if one is stored (and decodes).
	fn load(&mut self, who: &A) -> Option<AccountWindow<A>>;
	/// Replaces the account's window.
	fn store(&mut self, who: &A, window: &AccountWindow<A>);
	/// Deletes the account's window (called instead of `store` when it became empty).
	fn remove(&mut self, who: &A);
}

/// A [`WindowStore`] in memory holding SCALE-encoded windows, as the worker's storage does,
/// for tests and benchmarks.
#[derive(Clone, Debug)]
pub struct MemoryStore<A> {
	windows: BTreeMap<A, Vec<u8>>,
}

impl<A> Default for MemoryStore<A> {
	fn default() -> Self {
		Self { windows: BTreeMap::new() }
	}
}

impl<A: Ord> MemoryStore<A> {
	/// An empty store.
	pub fn new() -> Self {
		Self::default()
	}

	/// How many accounts have a window.
	pub fn len(&self) -> usize {
		self.windows.len()
	}

	/// Whether no account has a window.
	pub fn is_empty(&self) -> bool {
		self.windows.is_empty()
	}

	/// The encoded window of an account.
	pub fn encoded(&self, who: &A) -> Option<&[u8]> {
		self.windows.get(who).map(|bytes| &bytes[..])
	}

	/// Replaces an account's encoded window (to test what a damaged value does).
	pub fn insert_encoded(&mut self, who: A, bytes: Vec<u8>) {
		self.windows.insert(who, bytes);
	}

	/// The bytes all windows take together.
	pub fn total_bytes(&self) -> usize {
		self.windows.values().map(|bytes| bytes.len()).sum()
	}
}

impl<A: Ord + Clone + Encode + Decode> WindowStore<A> for MemoryStore<A> {
	fn load(&mut self, who: &A) -> Option<AccountWindow<A>> {
		let bytes = self.windows.get(who)?;
		AccountWindow::decode_all(&mut &bytes[..]).ok()
	}

	fn store(&mut self, who: &A, window: &AccountWindow<A>) {
		self.windows.insert(who.clone(), window.encode());
	}

	fn remove(&mut self, who: &A) {
		self.windows.remove(who);
	}
}
