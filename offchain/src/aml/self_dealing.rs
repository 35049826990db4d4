//! Self-dealing (seed §15.1, "发行方自洗"): an issuer buying its own coupons, itself or through
//! an account it funded with stablecoin within `funding_window` before the trade.

use super::{window::upsert, AmlRule, Finding, Link, Screening, Stamp, WindowStore};
use codec::{Decode, Encode};

/// A stablecoin transfer `from` -> `to`: `to` is funded by `from` for a while.
pub(super) fn funding<A, S>(s: &mut Screening<'_, A, S>, from: &A, to: &A)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	if from == to {
		return;
	}
	let stamp = Stamp { id: s.id, at: s.now };
	upsert(&mut s.window(to).funded_by, Link { stamp, peer: from.clone() });
}

/// A trade of one of `issuer`'s coupons from `seller` to `buyer`.
pub(super) fn trade<A, S>(s: &mut Screening<'_, A, S>, buyer: &A, seller: &A, issuer: &A)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	let id = s.id;
	if buyer == issuer {
		if seller != issuer {
			// The issuer buying back its own coupon: the seller is the one to look at.
			s.found(Finding::new(AmlRule::SelfDealing, issuer.clone(), [seller.clone()], [id]));
		}
		return;
	}
	if buyer == seller {
		return;
	}
	let window = s.window(buyer);
	let Some(i) = window.funded_by.iter().position(|l| l.peer == *issuer) else { return };
	let funding = window.funded_by.remove(i);
	let evidence = [funding.stamp.id, id];
	s.found(Finding::new(AmlRule::SelfDealing, issuer.clone(), [buyer.clone()], evidence));
}
