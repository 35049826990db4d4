//! Rules on the transfers an account sends (stablecoin or coupons): fan-out (seed §15.1: more
//! than 10 distinct recipients within 24 h) and velocity (seed §14.3: more than 20 transfers
//! within an hour).

use super::{
	window::{push, upsert},
	AmlRule, Finding, Link, Screening, Stamp, WindowStore,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};

/// A transfer from `from` to `to`.
pub(super) fn sent<A, S>(s: &mut Screening<'_, A, S>, from: &A, to: &A)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let (params, id, now) = (s.params, s.id, s.now);
	let stamp = Stamp { id, at: now };
	let window = s.window(from);

	push(&mut window.velocity, stamp);
	let velocity = if window.velocity.len() > params.velocity_transfers as usize
		&& window.take_alert(AmlRule::Velocity, now)
	{
		Some(window.velocity.drain(..).map(|e| e.id).collect::<Vec<_>>())
	} else {
		None
	};

	// One entry per recipient (its latest transfer), so repeated transfers to a few accounts
	// cannot push the others out.
	let fan_out = if to != from {
		upsert(&mut window.fan_out, Link { stamp, peer: to.clone() });
		if window.fan_out.len() > params.fan_out_recipients as usize
			&& window.take_alert(AmlRule::FanOut, now)
		{
			Some(window.fan_out.drain(..).collect::<Vec<_>>())
		} else {
			None
		}
	} else {
		None
	};

	if let Some(evidence) = velocity {
		s.found(Finding::new(AmlRule::Velocity, from.clone(), None, evidence));
	}
	if let Some(links) = fan_out {
		let evidence: Vec<_> = links.iter().map(|l| l.stamp.id).collect();
		let related = links.into_iter().map(|l| l.peer);
		s.found(Finding::new(AmlRule::FanOut, from.clone(), related, evidence));
	}
}
