//! Rules on order books (seed §12.3): spoofing and layering.
//!
//! - Spoofing: of the orders an owner placed within `spoofing_window` (at least
//!   `spoofing_min_orders`), more than `spoofing_cancel_rate` cancelled. Checked at every
//!   placement and cancellation; a cancellation counts for an order whose placement is still in
//!   the window. Evidence: the cancellations (each names its order); all the orders counted
//!   leave the window.
//! - Layering: orders of one owner on one side of one class's book, placed within
//!   `layering_window` at `layering_levels` or more distinct prices and cancelled, and a trade
//!   of the owner in that class on the other side within the same window (asks and a buy, or
//!   bids and a sale), in whatever order the trade and the cancellations come. Evidence: the
//!   placements, the cancellations and the trades; they leave the window.

use super::{
	window::push, AmlRule, BookTrade, Finding, LadderOrder, OrderSide, PlacedOrder, Screening,
	Stamp, WindowStore,
};
use alloc::{collections::BTreeSet, vec::Vec};
use codec::{Decode, Encode};
use genex_primitives::Balance;

fn other(side: OrderSide) -> OrderSide {
	match side {
		OrderSide::Bid => OrderSide::Ask,
		OrderSide::Ask => OrderSide::Bid,
	}
}

/// An order placed.
pub(super) fn placed<A, S>(
	s: &mut Screening<'_, A, S>,
	owner: &A,
	order: u64,
	class: u32,
	side: OrderSide,
	price: Balance,
) where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let placed = Stamp { id: s.id, at: s.now };
	let window = s.window(owner);
	push(&mut window.orders, PlacedOrder { order, placed, cancelled: None });
	push(&mut window.ladder, LadderOrder { order, placed, class, side, price, cancelled: None });
	spoofing(s, owner);
}

/// An order cancelled.
pub(super) fn cancelled<A, S>(
	s: &mut Screening<'_, A, S>,
	owner: &A,
	order: u64,
	class: u32,
	side: OrderSide,
) where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let id = s.id;
	let window = s.window(owner);
	if let Some(o) = window.orders.iter_mut().find(|o| o.order == order && o.cancelled.is_none()) {
		o.cancelled = Some(id);
	}
	let rung = window
		.ladder
		.iter_mut()
		.find(|o| o.order == order && o.class == class && o.side == side && o.cancelled.is_none());
	let ladder = rung.map(|o| {
		o.cancelled = Some(id);
		(o.class, o.side)
	});
	spoofing(s, owner);
	if let Some((class, side)) = ladder {
		layering(s, owner, class, side);
	}
}

/// A trade: both parties' books of `class` are checked for a ladder on the other side.
pub(super) fn trade<A, S>(s: &mut Screening<'_, A, S>, buyer: &A, seller: &A, class: u32)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	if buyer == seller {
		return;
	}
	let stamp = Stamp { id: s.id, at: s.now };
	let bought = BookTrade { stamp, class, side: OrderSide::Bid, counterparty: seller.clone() };
	push(&mut s.window(buyer).trades, bought);
	let sold = BookTrade { stamp, class, side: OrderSide::Ask, counterparty: buyer.clone() };
	push(&mut s.window(seller).trades, sold);
	layering(s, buyer, class, OrderSide::Ask);
	layering(s, seller, class, OrderSide::Bid);
}

fn spoofing<A, S>(s: &mut Screening<'_, A, S>, owner: &A)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let (params, now) = (s.params, s.now);
	let window = s.window(owner);
	let placed = window.orders.len() as u64;
	let cancelled = window.orders.iter().filter(|o| o.cancelled.is_some()).count() as u64;
	let rate = u64::from(params.spoofing_cancel_rate.deconstruct());
	if placed < u64::from(params.spoofing_min_orders)
		|| cancelled.saturating_mul(1_000_000) <= rate.saturating_mul(placed)
		|| !window.take_alert(AmlRule::Spoofing, now)
	{
		return;
	}
	let evidence: Vec<_> = window.orders.drain(..).filter_map(|o| o.cancelled).collect();
	s.found(Finding::new(AmlRule::Spoofing, owner.clone(), None, evidence));
}

/// Whether `owner` completed a ladder on `side` of `class` and a trade on the other side.
fn layering<A, S>(s: &mut Screening<'_, A, S>, owner: &A, class: u32, side: OrderSide)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let (params, now) = (s.params, s.now);
	let window = s.window(owner);
	let rung = |o: &LadderOrder| o.class == class && o.side == side && o.cancelled.is_some();
	let traded = |t: &BookTrade<A>| t.class == class && t.side == other(side);
	if !window.trades.iter().any(traded) {
		return;
	}
	let prices: BTreeSet<Balance> =
		window.ladder.iter().filter(|o| rung(o)).map(|o| o.price).collect();
	if prices.len() < params.layering_levels as usize || !window.take_alert(AmlRule::Layering, now)
	{
		return;
	}
	let mut evidence = Vec::new();
	for o in window.ladder.iter().filter(|o| rung(o)) {
		evidence.push(o.placed.id);
		evidence.extend(o.cancelled);
	}
	let mut related = Vec::new();
	for t in window.trades.iter().filter(|t| traded(t)) {
		evidence.push(t.stamp.id);
		related.push(t.counterparty.clone());
	}
	window.ladder.retain(|o| !rung(o));
	window.trades.retain(|t| !traded(t));
	s.found(Finding::new(AmlRule::Layering, owner.clone(), related, evidence));
}
