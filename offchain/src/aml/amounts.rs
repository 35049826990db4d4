//! Rules on the amounts of an account's transactions: structuring (seed §15.1: three or more
//! in [$2,500, $3,000) within 24 h, just under the Travel Rule's threshold) and large amounts
//! (seed §14.3: one above $10,000).

use super::{window::push, AmlRule, Finding, Screening, Stamp, WindowStore};
use codec::{Decode, Encode};
use genex_primitives::Balance;

/// A transaction of `who` (the sender of a transfer, the buyer of a trade, the account of a
/// fiat deposit or withdrawal) of `amount`, with `counterparty` when there is one.
pub(super) fn transaction<A, S>(
	s: &mut Screening<'_, A, S>,
	who: &A,
	counterparty: Option<&A>,
	amount: Balance,
) where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let (params, id, now) = (s.params, s.id, s.now);
	if amount > params.large_amount {
		s.found(Finding::new(AmlRule::LargeAmount, who.clone(), counterparty.cloned(), [id]));
	}
	if amount < params.structuring_min || amount >= params.structuring_max {
		return;
	}
	let window = s.window(who);
	push(&mut window.structuring, Stamp { id, at: now });
	if window.structuring.len() < params.structuring_count as usize
		|| !window.take_alert(AmlRule::Structuring, now)
	{
		return;
	}
	let evidence: alloc::vec::Vec<_> = window.structuring.drain(..).map(|e| e.id).collect();
	s.found(Finding::new(AmlRule::Structuring, who.clone(), None, evidence));
}
