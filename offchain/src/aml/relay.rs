//! Buy -> transfer -> sell/withdraw (seed §15.1, "买券洗钱"): A buys coupons of a class, gives
//! coupons of that class to B, and B sells that class or withdraws to a bank, all within
//! `relay_window` of the buy.
//!
//! A's buys wait in A's window (`bought`); a coupon transfer A -> B of the class moves A's
//! latest buy of it to B's window (`received`), so a buy is relayed once; B's sale of the class
//! completes the oldest relay of it, B's withdrawal completes all of B's relays (one finding
//! per giver).

use super::{window::push, AmlRule, Buy, Finding, Relay, Screening, Stamp, WindowStore};
use alloc::vec::Vec;
use codec::{Decode, Encode};

/// A trade: `buyer` may be starting a relay, `seller` completing one.
pub(super) fn trade<A, S>(s: &mut Screening<'_, A, S>, buyer: &A, seller: &A, class: u32)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let (id, now) = (s.id, s.now);
	let sold = s.window(seller);
	let relay = sold
		.received
		.iter()
		.position(|r| r.class == class)
		.map(|i| sold.received.remove(i));
	push(&mut s.window(buyer).bought, Buy { stamp: Stamp { id, at: now }, class });
	if let Some(relay) = relay {
		let evidence = [relay.buy.id, relay.transfer.id, id];
		s.found(Finding::new(AmlRule::BuyTransferWithdraw, relay.from, [seller.clone()], evidence));
	}
}

/// A coupon transfer `from` -> `to` of `class`: relays `from`'s latest buy of the class.
pub(super) fn gift<A, S>(s: &mut Screening<'_, A, S>, from: &A, to: &A, class: u32)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	if from == to {
		return;
	}
	let (id, now) = (s.id, s.now);
	let giver = s.window(from);
	let Some(i) = giver.bought.iter().rposition(|b| b.class == class) else { return };
	let buy = giver.bought.remove(i);
	let relay =
		Relay { buy: buy.stamp, transfer: Stamp { id, at: now }, class, from: from.clone() };
	push(&mut s.window(to).received, relay);
}

/// A fiat withdrawal by `who`: completes every relay to it.
pub(super) fn withdrawal<A, S>(s: &mut Screening<'_, A, S>, who: &A)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let id = s.id;
	let relays: Vec<Relay<A>> = s.window(who).received.drain(..).collect();
	let mut givers: Vec<&A> = Vec::new();
	for relay in &relays {
		if !givers.contains(&&relay.from) {
			givers.push(&relay.from);
		}
	}
	for giver in givers {
		let evidence = relays
			.iter()
			.filter(|r| r.from == *giver)
			.flat_map(|r| [r.buy.id, r.transfer.id])
			.chain([id]);
		s.found(Finding::new(AmlRule::BuyTransferWithdraw, giver.clone(), [who.clone()], evidence));
	}
}
