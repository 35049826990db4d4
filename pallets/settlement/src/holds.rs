//! What open bids hold. A bid's stablecoin stays in the bidder's account, frozen: this pallet
//! is `pallet-assets`' `Freezer`, answering from `BidHolds`, so the bidder cannot move it
//! while the bid rests, and a fill pays the seller and the treasury straight from it.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	traits::{
		fungibles::Inspect,
		tokens::{Fortitude::Polite, Preservation::Preserve},
	},
};
use sp_runtime::{traits::Zero, DispatchResult};

impl<T: Config> Pallet<T> {
	/// Holds `amount` more of `who`'s `asset` for a bid. What is spendable is the balance less
	/// what other bids hold and the asset's minimum balance (kept so that paying a fill never
	/// has to reap the account while it still holds for other bids).
	pub(crate) fn hold(who: &T::AccountId, asset: AssetId, amount: Balance) -> DispatchResult {
		let spendable = T::Assets::reducible_balance(asset, who, Preserve, Polite);
		ensure!(spendable >= amount, Error::<T>::CannotHold);
		let total =
			BidHolds::<T>::get(asset, who).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		BidHolds::<T>::insert(asset, who, total);
		Ok(())
	}

	/// Stops holding `amount` of `who`'s `asset` (a bid filled, shrank or left the book).
	pub(crate) fn release(who: &T::AccountId, asset: AssetId, amount: Balance) {
		if amount.is_zero() {
			return;
		}
		BidHolds::<T>::mutate_exists(asset, who, |held| {
			let left = held.unwrap_or_default().saturating_sub(amount);
			*held = (!left.is_zero()).then_some(left);
		});
	}

	/// What `who`'s open bids hold of `asset`.
	pub fn bid_holds(asset: AssetId, who: &T::AccountId) -> Balance {
		BidHolds::<T>::get(asset, who)
	}
}

/// `pallet-assets` keeps what the bids hold, and the minimum balance beside it, in the account.
impl<T: Config> pallet_assets::FrozenBalance<AssetId, T::AccountId, Balance> for Pallet<T> {
	fn frozen_balance(asset: AssetId, who: &T::AccountId) -> Option<Balance> {
		let held = BidHolds::<T>::get(asset, who);
		(!held.is_zero()).then(|| held.saturating_add(T::Assets::minimum_balance(asset)))
	}

	fn died(_: AssetId, _: &T::AccountId) {
		// An account holding for bids cannot die: its frozen balance keeps it.
	}

	fn contains_freezes(asset: AssetId) -> bool {
		BidHolds::<T>::iter_prefix(asset).next().is_some()
	}
}
