//! Placing, matching, settling and cancelling orders.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation::Expendable},
};
use genex_primitives::aml::MovementKind;
use pallet_compliance::{ComplianceGate, MovementLog};
use pallet_coupons::{
	ClassId, ClassStatus, CouponAction, CouponId, CouponLedger, CouponStatus, Track,
};
use sp_runtime::{traits::Zero, DispatchError};

/// What one `place_order` did.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Placed {
	/// The resting order, if any of it rests.
	pub resting: Option<OrderId>,
	/// Coupons traded.
	pub filled: u32,
	/// Resting orders looked at (fills, and orders removed as expired, self-trades or
	/// refused by the gate): what the call's weight depends on.
	pub steps: u32,
}

impl<T: Config> Pallet<T> {
	/// The fee at `rate` on `amount`, rounded down.
	fn fee(rate: sp_runtime::Permill, amount: Balance) -> Balance {
		rate.mul_floor(amount)
	}

	/// What a bid for `quantity` at `price` holds: the price and the taker fee on it (the most
	/// it can pay).
	pub fn bid_hold(price: Balance, quantity: u32) -> Result<Balance, DispatchError> {
		let notional = price.checked_mul(quantity as u128).ok_or(Error::<T>::Overflow)?;
		notional
			.checked_add(Self::fee(Fees::<T>::get().taker, notional))
			.ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// Checks that `coupons` are distinct coupons of `class` that `who` holds; returns their
	/// total face value.
	pub(crate) fn ensure_owned(
		who: &T::AccountId,
		class: ClassId,
		coupons: &[CouponId],
	) -> Result<Balance, DispatchError> {
		let mut value: Balance = 0;
		for (i, id) in coupons.iter().enumerate() {
			ensure!(!coupons[..i].contains(id), Error::<T>::DuplicateCoupon);
			ensure!(id.class == class, Error::<T>::WrongClass);
			let coupon = T::Coupons::coupon(*id).ok_or(Error::<T>::NotOwner)?;
			ensure!(&coupon.owner == who, Error::<T>::NotOwner);
			value = value.checked_add(coupon.face_value).ok_or(Error::<T>::Overflow)?;
		}
		Ok(value)
	}

	/// Checks that a coupon bought in a trade can still be given back: `owner` holds it, it is
	/// sold or in circulation (not listed, redeemed or expired).
	pub(crate) fn ensure_returnable(
		coupon: &pallet_coupons::CouponInfo<T::AccountId, AssetId, Balance>,
		owner: &T::AccountId,
	) -> DispatchResult {
		ensure!(&coupon.owner == owner, Error::<T>::NotOwner);
		ensure!(
			!coupon.expired
				&& matches!(coupon.status, CouponStatus::Sold | CouponStatus::InCirculation),
			Error::<T>::NotRefundable
		);
		Ok(())
	}

	/// The weight of placing an order that offers `coupons` coupons (0 for a bid) and looks
	/// at `steps` resting orders. A resting or cancelled order without fills has its own,
	/// much lighter benchmarks; a crossing ask is measured listing `steps + 1` coupons, so
	/// more coupons add what listing them costs.
	pub fn place_order_weight(coupons: u32, steps: u32) -> Weight {
		use crate::weights::WeightInfo as _;
		match (coupons, steps) {
			(0, 0) => T::WeightInfo::place_bid_resting(),
			(0, steps) => T::WeightInfo::place_bid(steps),
			(coupons, 0) => T::WeightInfo::place_ask_resting(coupons),
			(coupons, steps) => T::WeightInfo::place_ask(steps).saturating_add(
				T::WeightInfo::place_ask_resting(coupons)
					.saturating_sub(T::WeightInfo::place_ask_resting(steps.saturating_add(1))),
			),
		}
	}

	/// The most placing `request` can weigh (with or without fills).
	pub fn place_order_max_weight(
		request: &OrderRequest<Balance, T::MaxCouponsPerOrder>,
	) -> Weight {
		let coupons = request.offer.coupons();
		Self::place_order_weight(coupons, T::MaxFillsPerCall::get())
			.max(Self::place_order_weight(coupons, 0))
	}

	/// Takes the next id of counter `Counter`.
	pub(crate) fn next_id<Counter>() -> u64
	where
		Counter: frame_support::StorageValue<u64, Query = u64>,
	{
		Counter::mutate(|next| {
			let id = *next;
			*next = next.saturating_add(1);
			id
		})
	}

	/// Places an order for `who`: checks it, matches it against the book, rests or cancels
	/// the rest by its time in force.
	pub(crate) fn do_place_order(
		who: T::AccountId,
		request: OrderRequest<Balance, T::MaxCouponsPerOrder>,
	) -> Result<Placed, DispatchError> {
		let class = T::Coupons::class(request.class).ok_or(Error::<T>::UnknownClass)?;
		ensure!(
			class.status == ClassStatus::Active && !class.expired,
			Error::<T>::ClassNotTradable
		);
		ensure!(!request.price.is_zero(), Error::<T>::ZeroPrice);
		if class.track == Track::Utility {
			ensure!(request.price <= class.face_value, Error::<T>::AboveFaceValue);
		}
		let now = Self::now();
		if let Some(expires_at) = request.expires_at {
			ensure!(expires_at > now, Error::<T>::AlreadyExpired);
		}
		T::Gate::ensure_can_trade(&who, request.class, &class.issuer)?;

		let (side, quantity) = match &request.offer {
			Offer::Bid { quantity } => (Side::Bid, *quantity),
			Offer::Ask { coupons } => (Side::Ask, coupons.len() as u32),
		};
		ensure!(quantity > 0, Error::<T>::ZeroQuantity);
		let opposite = side.opposite();
		let crosses_now = Self::best_price(request.class, opposite)
			.is_some_and(|best| Self::crosses(side, request.price, best));
		if request.post_only {
			ensure!(!crosses_now, Error::<T>::WouldCross);
		}
		if request.time_in_force == TimeInForce::FillOrKill {
			ensure!(
				Self::fillable(&who, request.class, side, request.price, quantity, now) >= quantity,
				Error::<T>::CannotFillCompletely
			);
		}

		// Lock what the order offers.
		let mut order = OrderOf::<T> {
			owner: who.clone(),
			class: request.class,
			side,
			price: request.price,
			remaining: quantity,
			coupons: BoundedVec::new(),
			held: 0,
			expires_at: request.expires_at,
			placed_at: now,
			prev: None,
			next: None,
		};
		match request.offer {
			Offer::Ask { coupons } => {
				Self::ensure_owned(&who, request.class, &coupons)?;
				for id in coupons.iter() {
					T::Coupons::apply(*id, CouponAction::List)?;
				}
				order.coupons = coupons;
			},
			Offer::Bid { quantity } => {
				let hold = Self::bid_hold(request.price, quantity)?;
				Self::hold(&who, class.asset, hold)?;
				order.held = hold;
			},
		}

		let mut placed = Placed::default();
		if crosses_now {
			Self::match_incoming(&mut order, class.asset, class.issuer.clone(), now, &mut placed)?;
		}

		if order.remaining > 0 {
			match request.time_in_force {
				TimeInForce::GoodTillCancelled => {
					if side == Side::Bid {
						// Keep what the rest can need; return what fills saved (price
						// improvement, maker fees).
						let needed = Self::bid_hold(order.price, order.remaining)?;
						let excess = order.held.saturating_sub(needed);
						Self::release(&who, class.asset, excess);
						order.held = needed;
					}
					let id = Self::next_id::<NextOrderId<T>>();
					T::Movements::record(MovementKind::OrderPlaced {
						owner: who.clone(),
						order: id,
						class: order.class,
						side: side.into(),
						price: order.price,
						quantity: order.remaining,
					});
					Self::deposit_event(Event::OrderPlaced {
						order: id,
						owner: who,
						class: order.class,
						side,
						price: order.price,
						quantity: order.remaining,
					});
					Self::book_insert(id, order)?;
					placed.resting = Some(id);
				},
				TimeInForce::ImmediateOrCancel => Self::unlock(&order, class.asset)?,
				TimeInForce::FillOrKill => {
					// `fillable` promised a complete fill.
					return Err(Error::<T>::CannotFillCompletely.into());
				},
			}
		} else if side == Side::Bid {
			Self::release(&who, class.asset, order.held);
		}
		Ok(placed)
	}

	/// How many coupons an order could trade now, looking at most `MaxFillsPerCall` resting
	/// orders' coupons (read only).
	pub(crate) fn fillable(
		who: &T::AccountId,
		class: ClassId,
		side: Side,
		limit: Balance,
		wanted: u32,
		now: Moment,
	) -> u32 {
		let opposite = side.opposite();
		let prices = Prices::<T>::get(class, opposite);
		let ordered: alloc::vec::Vec<_> = match side {
			Side::Bid => prices.iter().copied().collect(),
			Side::Ask => prices.iter().rev().copied().collect(),
		};
		let mut found = 0u32;
		let mut looked = 0u32;
		for price in ordered {
			if !Self::crosses(side, limit, price) {
				break;
			}
			let mut next = Levels::<T>::get((class, opposite, price)).head;
			while let Some((owner, id)) = next {
				if found >= wanted || looked >= T::MaxFillsPerCall::get() {
					return found;
				}
				looked += 1;
				let Some(order) = Orders::<T>::get(owner, id) else { break };
				next = order.next;
				if &order.owner == who || order.expires_at.is_some_and(|at| at <= now) {
					continue;
				}
				found = found.saturating_add(order.remaining.min(wanted - found));
			}
		}
		found
	}

	/// Matches `incoming` against the opposite side while it crosses, one coupon a step, at
	/// most `MaxFillsPerCall` steps.
	fn match_incoming(
		incoming: &mut OrderOf<T>,
		asset: AssetId,
		issuer: T::AccountId,
		now: Moment,
		placed: &mut Placed,
	) -> DispatchResult {
		let opposite = incoming.side.opposite();
		while incoming.remaining > 0 && placed.steps < T::MaxFillsPerCall::get() {
			let Some(price) = Self::best_price(incoming.class, opposite) else { break };
			if !Self::crosses(incoming.side, incoming.price, price) {
				break;
			}
			let Some((owner, id)) = Levels::<T>::get((incoming.class, opposite, price)).head else {
				break;
			};
			let Some(mut resting) = Orders::<T>::get(&owner, id) else { break };
			placed.steps += 1;

			// Orders that can no longer trade leave the book: lapsed, the caller's own
			// (self-trade prevention), or refused by the gate since they were placed.
			let lapsed = resting.expires_at.is_some_and(|at| at <= now);
			let own = resting.owner == incoming.owner;
			let refused = T::Gate::check_trade(&resting.owner, incoming.class, &issuer).is_err();
			if lapsed || own || refused {
				Self::cancel_resting(id, &resting, asset)?;
				continue;
			}

			let buyer_is_maker = incoming.side == Side::Ask;
			let (bid, ask) = match incoming.side {
				Side::Bid => (&mut *incoming, &mut resting),
				Side::Ask => (&mut resting, &mut *incoming),
			};
			let coupon = ask.coupons.remove(0);
			ask.remaining = ask.remaining.saturating_sub(1);
			let sellable = T::Coupons::coupon(coupon)
				.is_some_and(|c| c.status == CouponStatus::Listed && !c.expired);
			if sellable {
				let paid = Self::settle_fill(
					&bid.owner,
					&ask.owner,
					coupon,
					price,
					asset,
					buyer_is_maker,
					now,
				)?;
				bid.held = bid.held.saturating_sub(paid);
				bid.remaining = bid.remaining.saturating_sub(1);
				placed.filled += 1;
			} else {
				// Expired or otherwise unsellable since it was listed: it leaves the ask.
				let _ = T::Coupons::apply(coupon, CouponAction::Delist);
			}

			// An ask always gives up its first coupon; a bid buys one only if it was sold.
			let resting_used = if resting.side == Side::Ask || sellable { 1 } else { 0 };
			Self::level_reduce(&resting, resting_used);
			if resting.remaining == 0 {
				if resting.side == Side::Bid {
					Self::release(&resting.owner, asset, resting.held);
				}
				Self::book_remove(id, &resting);
			} else {
				Orders::<T>::insert(owner, id, &resting);
			}
		}
		Ok(())
	}

	/// Settles one coupon at `price`: stablecoin the bid held from the buyer to the seller and
	/// the fees to the treasury, the coupon to the buyer. Returns what the buyer paid (price
	/// and fee).
	fn settle_fill(
		buyer: &T::AccountId,
		seller: &T::AccountId,
		coupon: CouponId,
		price: Balance,
		asset: AssetId,
		buyer_is_maker: bool,
		now: Moment,
	) -> Result<Balance, DispatchError> {
		let rates = Fees::<T>::get();
		let (buyer_rate, seller_rate) =
			if buyer_is_maker { (rates.maker, rates.taker) } else { (rates.taker, rates.maker) };
		let buyer_fee = Self::fee(buyer_rate, price);
		let seller_fee = Self::fee(seller_rate, price);
		let paid = price.checked_add(buyer_fee).ok_or(Error::<T>::Overflow)?;
		// The bid held this much: unfreeze it, then pay it out.
		Self::release(buyer, asset, paid);
		T::Assets::transfer(asset, buyer, seller, price - seller_fee, Expendable)?;
		let fees = buyer_fee.saturating_add(seller_fee);
		if !fees.is_zero() {
			T::Assets::transfer(asset, buyer, &T::Treasury::get(), fees, Expendable)?;
		}

		let info = T::Coupons::coupon(coupon).ok_or(Error::<T>::NotOwner)?;
		let primary = info.sold_at.is_none() && &info.issuer == seller;
		let action = if primary {
			CouponAction::PrimarySale { buyer: buyer.clone(), price }
		} else {
			CouponAction::SecondarySale { buyer: buyer.clone() }
		};
		T::Coupons::apply(coupon, action)?;

		let trade = Self::next_id::<NextTradeId<T>>();
		let record = Trade {
			coupon,
			buyer: buyer.clone(),
			seller: seller.clone(),
			price,
			buyer_fee,
			seller_fee,
			primary,
			at: now,
		};
		T::Movements::record(MovementKind::Trade {
			trade,
			buyer: buyer.clone(),
			seller: seller.clone(),
			class: coupon.class,
			issuer: info.issuer.clone(),
			price,
			asset,
			primary,
		});
		Trades::<T>::insert(trade, record);
		RecentTrades::<T>::mutate(coupon.class, |recent| {
			if recent.is_full() {
				recent.remove(0);
			}
			let _ = recent.try_push(trade);
		});
		Self::deposit_event(Event::Traded {
			trade,
			class: coupon.class,
			price,
			buyer: buyer.clone(),
			seller: seller.clone(),
			buyer_fee,
			seller_fee,
			primary,
		});
		Ok(paid)
	}

	/// Gives back what an order that is not (or no longer) on the book locked.
	pub(crate) fn unlock(order: &OrderOf<T>, asset: AssetId) -> DispatchResult {
		match order.side {
			Side::Bid => {
				Self::release(&order.owner, asset, order.held);
				Ok(())
			},
			Side::Ask => {
				for coupon in order.coupons.iter() {
					T::Coupons::apply(*coupon, CouponAction::Delist)?;
				}
				Ok(())
			},
		}
	}

	/// Cancels resting order `id`.
	pub(crate) fn cancel_resting(
		id: OrderId,
		order: &OrderOf<T>,
		asset: AssetId,
	) -> DispatchResult {
		Self::unlock(order, asset)?;
		Self::book_remove(id, order);
		T::Movements::record(MovementKind::OrderCancelled {
			owner: order.owner.clone(),
			order: id,
			class: order.class,
			side: order.side.into(),
			price: order.price,
			remaining: order.remaining,
		});
		Self::deposit_event(Event::OrderCancelled { order: id, remaining: order.remaining });
		Ok(())
	}

	/// `who` cancels its order `id`.
	pub(crate) fn do_cancel_order(who: T::AccountId, id: OrderId) -> DispatchResult {
		let order = Orders::<T>::get(&who, id).ok_or(Error::<T>::UnknownOrder)?;
		let asset = T::Coupons::class(order.class).ok_or(Error::<T>::UnknownClass)?.asset;
		Self::cancel_resting(id, &order, asset)
	}
}
