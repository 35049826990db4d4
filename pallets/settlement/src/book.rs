//! The order book in storage: a sorted list of prices per side, and per price a FIFO queue of
//! orders linked through the orders themselves, so that inserting at a price, filling the
//! oldest order and cancelling any order are a handful of storage operations whatever the
//! book's size.

use crate::{pallet::*, types::*};
use frame_support::pallet_prelude::*;
use pallet_coupons::ClassId;

impl<T: Config> Pallet<T> {
	/// The best price on `side` of `class`'s book: the lowest ask, the highest bid.
	pub fn best_price(class: ClassId, side: Side) -> Option<Balance> {
		let prices = Prices::<T>::get(class, side);
		match side {
			Side::Ask => prices.first().copied(),
			Side::Bid => prices.last().copied(),
		}
	}

	/// Whether an order on `side` at `limit` trades with a resting order at `resting`.
	pub fn crosses(side: Side, limit: Balance, resting: Balance) -> bool {
		match side {
			Side::Bid => resting <= limit,
			Side::Ask => resting >= limit,
		}
	}

	/// Puts order `id` at the back of its price's queue (adding the price if new).
	pub(crate) fn book_insert(id: OrderId, mut order: OrderOf<T>) -> DispatchResult {
		let this = (order.owner.clone(), id);
		let key = (order.class, order.side, order.price);
		let mut level = Levels::<T>::get(key);
		if level.orders == 0 {
			Prices::<T>::try_mutate(order.class, order.side, |prices| {
				match prices.binary_search(&order.price) {
					Ok(_) => Ok(()),
					Err(position) => prices
						.try_insert(position, order.price)
						.map_err(|_| Error::<T>::TooManyPriceLevels),
				}
			})?;
		}
		order.prev = level.tail.take();
		order.next = None;
		match &order.prev {
			Some((owner, tail)) => Orders::<T>::mutate(owner, tail, |older| {
				if let Some(older) = older {
					older.next = Some(this.clone());
				}
			}),
			None => level.head = Some(this.clone()),
		}
		level.tail = Some(this);
		level.orders = level.orders.saturating_add(1);
		level.quantity = level.quantity.saturating_add(order.remaining);
		Levels::<T>::insert(key, level);
		Orders::<T>::insert(order.owner.clone(), id, order);
		Ok(())
	}

	/// Takes order `id` out of its queue and the book (dropping its price when it was the
	/// last order there).
	pub(crate) fn book_remove(id: OrderId, order: &OrderOf<T>) {
		let key = (order.class, order.side, order.price);
		let mut level = Levels::<T>::get(key);
		match &order.prev {
			Some((owner, prev)) => Orders::<T>::mutate(owner, prev, |older| {
				if let Some(older) = older {
					older.next = order.next.clone();
				}
			}),
			None => level.head = order.next.clone(),
		}
		match &order.next {
			Some((owner, next)) => Orders::<T>::mutate(owner, next, |younger| {
				if let Some(younger) = younger {
					younger.prev = order.prev.clone();
				}
			}),
			None => level.tail = order.prev.clone(),
		}
		level.orders = level.orders.saturating_sub(1);
		level.quantity = level.quantity.saturating_sub(order.remaining);
		if level.orders == 0 {
			Levels::<T>::remove(key);
			Prices::<T>::mutate(order.class, order.side, |prices| {
				if let Ok(position) = prices.binary_search(&order.price) {
					prices.remove(position);
				}
			});
		} else {
			Levels::<T>::insert(key, level);
		}
		Orders::<T>::remove(&order.owner, id);
	}

	/// Records that a resting order's remaining quantity shrank by `by` in its level's depth
	/// (the caller stores the order, or removes it when nothing remains).
	pub(crate) fn level_reduce(order: &OrderOf<T>, by: u32) {
		Levels::<T>::mutate((order.class, order.side, order.price), |level| {
			level.quantity = level.quantity.saturating_sub(by);
		});
	}
}
