//! P2P transfers of coupons (with the Travel Rule) and primary-market refunds.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation::Expendable},
};
use genex_primitives::aml::MovementKind;
use pallet_compliance::{ComplianceGate, Movement, MovementLog, TravelRuleRecorder};
use pallet_coupons::{CouponAction, CouponId, CouponLedger};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// `from` gives `coupons` (one class) to `to`. At or above the Travel Rule threshold (by
	/// face value) the gate requires KYC L2 on both sides and `travel_rule` data, which is
	/// recorded through the compliance pallet.
	pub(crate) fn do_transfer_coupons(
		from: T::AccountId,
		to: T::AccountId,
		coupons: BoundedVec<CouponId, T::MaxCouponsPerOrder>,
		travel_rule: Option<TravelRuleData>,
	) -> DispatchResult {
		ensure!(from != to, Error::<T>::SelfTransfer);
		let first = *coupons.first().ok_or(Error::<T>::ZeroQuantity)?;
		let class = T::Coupons::class(first.class).ok_or(Error::<T>::UnknownClass)?;
		ensure!(class.transferable, Error::<T>::NotTransferable);
		let value = Self::ensure_owned(&from, first.class, &coupons)?;
		T::Gate::ensure_can_transfer(&Movement {
			from: Some(&from),
			to: Some(&to),
			class: Some(first.class),
			issuer: Some(&class.issuer),
			value,
			travel_rule_data: travel_rule.is_some(),
		})?;
		for id in coupons.iter() {
			T::Coupons::apply(*id, CouponAction::Transfer { to: to.clone() })?;
		}
		let travel_rule_record = Self::record_travel_rule(&from, &to, travel_rule, value)?;
		T::Movements::record(MovementKind::CouponTransfer {
			from: from.clone(),
			to: to.clone(),
			class: first.class,
			issuer: class.issuer.clone(),
			count: coupons.len() as u32,
			value,
		});
		Self::deposit_event(Event::CouponsTransferred {
			from,
			to,
			class: first.class,
			count: coupons.len() as u32,
			value,
			travel_rule_record,
		});
		Ok(())
	}

	/// Records the Travel Rule data of a P2P transfer of `value` at or above the threshold;
	/// returns the record's id (below it, data given is not recorded).
	fn record_travel_rule(
		from: &T::AccountId,
		to: &T::AccountId,
		travel_rule: Option<TravelRuleData>,
		value: Balance,
	) -> Result<Option<u64>, DispatchError> {
		match travel_rule {
			Some(data) if value >= T::TravelRule::threshold() => Ok(Some(T::TravelRule::record(
				from,
				to,
				data.originator,
				data.beneficiary,
				value,
				data.beneficiary_external,
			)?)),
			_ => Ok(None),
		}
	}

	/// `from` sends `amount` of stablecoin `asset` to `to`, through the gate and the Travel
	/// Rule as a coupon transfer of that value would go.
	pub(crate) fn do_transfer_stablecoin(
		from: T::AccountId,
		asset: AssetId,
		to: T::AccountId,
		amount: Balance,
		travel_rule: Option<TravelRuleData>,
	) -> DispatchResult {
		ensure!(from != to, Error::<T>::SelfTransfer);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		T::Gate::ensure_can_transfer(&Movement {
			from: Some(&from),
			to: Some(&to),
			class: None,
			issuer: None,
			value: amount,
			travel_rule_data: travel_rule.is_some(),
		})?;
		T::Assets::transfer(asset, &from, &to, amount, Expendable)?;
		let travel_rule_record = Self::record_travel_rule(&from, &to, travel_rule, amount)?;
		T::Movements::record(MovementKind::StablecoinTransfer {
			from: from.clone(),
			to: to.clone(),
			asset,
			amount,
		});
		Self::deposit_event(Event::StablecoinTransferred {
			from,
			to,
			asset,
			amount,
			travel_rule_record,
		});
		Ok(())
	}

	/// The buyer of primary trade `trade` gives the coupon back within the class's refund
	/// window and gets the full price and fee back: the issuer returns what it received, the
	/// treasury both fees.
	pub(crate) fn do_refund_primary(who: T::AccountId, trade_id: TradeId) -> DispatchResult {
		let trade = Trades::<T>::get(trade_id).ok_or(Error::<T>::UnknownTrade)?;
		ensure!(trade.buyer == who, Error::<T>::NotBuyer);
		ensure!(trade.primary, Error::<T>::NotPrimary);
		let coupon = T::Coupons::coupon(trade.coupon).ok_or(Error::<T>::UnknownTrade)?;
		Self::ensure_returnable(&coupon, &who)?;
		let window = u64::from(coupon.refund_window_days).saturating_mul(pallet_coupons::DAY_MS);
		ensure!(Self::now() <= trade.at.saturating_add(window), Error::<T>::RefundWindowClosed);

		T::Coupons::apply(trade.coupon, CouponAction::Refund { price: trade.price })?;
		let from_seller = trade.price.saturating_sub(trade.seller_fee);
		T::Assets::transfer(coupon.asset, &trade.seller, &who, from_seller, Expendable)
			.map_err(|_| Error::<T>::SellerCannotRefund)?;
		let fees = trade.buyer_fee.saturating_add(trade.seller_fee);
		if !fees.is_zero() {
			T::Assets::transfer(coupon.asset, &T::Treasury::get(), &who, fees, Expendable)?;
		}
		Trades::<T>::remove(trade_id);
		Self::deposit_event(Event::Refunded {
			trade: trade_id,
			buyer: who,
			amount: trade.price.saturating_add(trade.buyer_fee),
		});
		Ok(())
	}
}
