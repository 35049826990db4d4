//! Disputes of secondary trades: the buyer opens one, an arbitrator takes it within 24 h and
//! decides within 72 h of opening; an approved refund reverses the trade without the fees.
//! Deadlines passed mark the dispute escalated, from the block hook, in opening order.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation::Expendable},
};
use pallet_compliance::{Role, RoleInspect};
use pallet_coupons::{CouponAction, CouponLedger};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_open_dispute(
		buyer: T::AccountId,
		trade_id: TradeId,
		evidence: H256,
	) -> DispatchResult {
		let trade = Trades::<T>::get(trade_id).ok_or(Error::<T>::UnknownTrade)?;
		ensure!(trade.buyer == buyer, Error::<T>::NotBuyer);
		ensure!(!trade.primary, Error::<T>::PrimaryUsesRefund);
		ensure!(!DisputedTrades::<T>::contains_key(trade_id), Error::<T>::AlreadyDisputed);
		let coupon = T::Coupons::coupon(trade.coupon).ok_or(Error::<T>::UnknownTrade)?;
		Self::ensure_returnable(&coupon, &buyer)?;
		let id = Self::next_id::<NextDisputeId<T>>();
		Disputes::<T>::insert(
			id,
			Dispute {
				trade: trade_id,
				buyer: buyer.clone(),
				evidence,
				status: DisputeStatus::Submitted,
				arbitrator: None,
				opened_at: Self::now(),
			},
		);
		DisputedTrades::<T>::insert(trade_id, id);
		Self::deposit_event(Event::DisputeOpened { dispute: id, trade: trade_id, buyer });
		Ok(())
	}

	pub(crate) fn do_take_dispute(arbitrator: T::AccountId, id: DisputeId) -> DispatchResult {
		ensure!(T::Roles::has_role(Role::Arbitrator, &arbitrator), Error::<T>::NotArbitrator);
		Disputes::<T>::try_mutate(id, |dispute| {
			let dispute = dispute.as_mut().ok_or(Error::<T>::UnknownDispute)?;
			let seller = Trades::<T>::get(dispute.trade).map(|trade| trade.seller);
			ensure!(
				dispute.buyer != arbitrator && seller.as_ref() != Some(&arbitrator),
				Error::<T>::ConflictOfInterest
			);
			ensure!(
				matches!(dispute.status, DisputeStatus::Submitted | DisputeStatus::Escalated),
				Error::<T>::DisputeNotOpen
			);
			if dispute.status == DisputeStatus::Submitted {
				dispute.status = DisputeStatus::UnderArbitration;
			}
			dispute.arbitrator = Some(arbitrator.clone());
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::DisputeTaken { dispute: id, arbitrator });
		Ok(())
	}

	pub(crate) fn do_resolve_dispute(
		arbitrator: T::AccountId,
		id: DisputeId,
		refund: bool,
	) -> DispatchResult {
		ensure!(T::Roles::has_role(Role::Arbitrator, &arbitrator), Error::<T>::NotArbitrator);
		let mut dispute = Disputes::<T>::get(id).ok_or(Error::<T>::UnknownDispute)?;
		ensure!(
			matches!(dispute.status, DisputeStatus::UnderArbitration | DisputeStatus::Escalated),
			Error::<T>::DisputeNotOpen
		);
		ensure!(dispute.arbitrator.as_ref() == Some(&arbitrator), Error::<T>::NotTheArbitrator);
		if refund {
			let trade = Trades::<T>::get(dispute.trade).ok_or(Error::<T>::UnknownTrade)?;
			let coupon = T::Coupons::coupon(trade.coupon).ok_or(Error::<T>::UnknownTrade)?;
			ensure!(coupon.owner == dispute.buyer, Error::<T>::NotRefundable);
			T::Coupons::apply(
				trade.coupon,
				CouponAction::ReverseSale { to: trade.seller.clone() },
			)?;
			// The seller returns the price; fees are not refunded.
			T::Assets::transfer(
				coupon.asset,
				&trade.seller,
				&dispute.buyer,
				trade.price,
				Expendable,
			)
			.map_err(|_| Error::<T>::SellerCannotRefund)?;
			Trades::<T>::remove(dispute.trade);
			dispute.status = DisputeStatus::Refunded;
		} else {
			dispute.status = DisputeStatus::Rejected;
		}
		Disputes::<T>::insert(id, dispute);
		Self::deposit_event(Event::DisputeResolved { dispute: id, refunded: refund });
		Ok(())
	}

	/// Escalates disputes whose response (24 h) or resolution (72 h) deadline passed, at most
	/// `MaxEscalationsPerBlock` disputes looked at; returns how many it looked at. Disputes
	/// are opened in id order, so each deadline is reached in id order: two cursors suffice.
	pub(crate) fn do_escalate(now: Moment) -> u32 {
		let budget = T::MaxEscalationsPerBlock::get();
		let (cursor, looked) = Self::escalate_from(
			ResponseCursor::<T>::get(),
			now,
			T::ResponseDeadline::get(),
			budget,
			true,
		);
		ResponseCursor::<T>::put(cursor);
		let (cursor, more) = Self::escalate_from(
			ResolutionCursor::<T>::get(),
			now,
			T::ResolutionDeadline::get(),
			budget.saturating_sub(looked),
			false,
		);
		ResolutionCursor::<T>::put(cursor);
		looked + more
	}

	/// Walks disputes from `cursor` whose `deadline` after opening has passed; escalates those
	/// still awaiting a response (`response`) or a decision.
	fn escalate_from(
		mut cursor: DisputeId,
		now: Moment,
		deadline: Moment,
		budget: u32,
		response: bool,
	) -> (DisputeId, u32) {
		let next = NextDisputeId::<T>::get();
		let mut looked = 0;
		while cursor < next && looked < budget {
			// The read that finds the first dispute not yet due is in the hook's base weight.
			let Some(mut dispute) = Disputes::<T>::get(cursor) else {
				looked += 1;
				cursor += 1;
				continue;
			};
			if dispute.opened_at.saturating_add(deadline) > now {
				break;
			}
			looked += 1;
			let overdue = match dispute.status {
				DisputeStatus::Submitted => true,
				DisputeStatus::UnderArbitration => !response,
				_ => false,
			};
			if overdue {
				dispute.status = DisputeStatus::Escalated;
				Disputes::<T>::insert(cursor, dispute);
				Self::deposit_event(Event::DisputeEscalated {
					dispute: cursor,
					missed_response: response,
				});
			}
			cursor += 1;
		}
		(cursor, looked)
	}
}
