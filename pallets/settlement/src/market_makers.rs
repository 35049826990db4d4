//! Market makers: registration (KYC L3 and a deposit), status set by compliance, and `batch`
//! of up to `MaxBatch` places and cancels.

use crate::{pallet::*, types::*, weights::WeightInfo as _};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation::Expendable},
};
use pallet_compliance::{ComplianceGate, KycLevel};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_market_maker(
		who: T::AccountId,
		deposit: Balance,
		obligations: Obligations,
	) -> DispatchResult {
		ensure!(!MarketMakers::<T>::contains_key(&who), Error::<T>::AlreadyMarketMaker);
		ensure!(T::Gate::kyc_level(&who) >= KycLevel::L3, Error::<T>::MarketMakerKycTooLow);
		ensure!(deposit >= T::MinMarketMakerDeposit::get(), Error::<T>::DepositTooLow);
		T::Gate::ensure_can_transfer(&pallet_compliance::Movement {
			from: Some(&who),
			to: None,
			class: None,
			issuer: None,
			value: 0,
			travel_rule_data: false,
		})?;
		T::Assets::transfer(
			T::MarketMakerAsset::get(),
			&who,
			&Self::account_id(),
			deposit,
			Expendable,
		)?;
		MarketMakers::<T>::insert(
			&who,
			MarketMaker { deposit, obligations, status: MarketMakerStatus::Active },
		);
		Self::deposit_event(Event::MarketMakerRegistered { who, deposit, obligations });
		Ok(())
	}

	pub(crate) fn do_set_market_maker_status(
		who: T::AccountId,
		status: MarketMakerStatus,
	) -> DispatchResult {
		let mut maker = MarketMakers::<T>::get(&who).ok_or(Error::<T>::NotMarketMaker)?;
		ensure!(maker.status != MarketMakerStatus::Terminated, Error::<T>::MarketMakerTerminated);
		if status == MarketMakerStatus::Terminated {
			T::Assets::transfer(
				T::MarketMakerAsset::get(),
				&Self::account_id(),
				&who,
				maker.deposit,
				Expendable,
			)?;
			maker.deposit = 0;
		}
		maker.status = status;
		MarketMakers::<T>::insert(&who, maker);
		Self::deposit_event(Event::MarketMakerStatusSet { who, status });
		Ok(())
	}

	/// Runs `ops` in order for an active market maker, all or nothing; returns the resting
	/// orders looked at by its places and the number of cancels (for the actual weight).
	pub(crate) fn do_batch(
		who: T::AccountId,
		ops: BoundedVec<BatchOpOf<T>, T::MaxBatch>,
	) -> Result<Weight, DispatchError> {
		let maker = MarketMakers::<T>::get(&who).ok_or(Error::<T>::NotMarketMaker)?;
		ensure!(maker.status == MarketMakerStatus::Active, Error::<T>::MarketMakerNotActive);
		let mut used = Weight::zero();
		for op in ops {
			match op {
				BatchOp::Place(request) => {
					let coupons = request.offer.coupons();
					let placed = Self::do_place_order(who.clone(), request)?;
					used = used.saturating_add(Self::place_order_weight(coupons, placed.steps));
				},
				BatchOp::Cancel(order) => {
					Self::do_cancel_order(who.clone(), order)?;
					used = used.saturating_add(T::WeightInfo::cancel_order());
				},
			}
		}
		Ok(used)
	}

	/// The most a batch of `ops` can weigh.
	pub fn batch_weight(ops: &[BatchOpOf<T>]) -> Weight {
		ops.iter().fold(T::WeightInfo::batch_overhead(), |total, op| {
			total.saturating_add(match op {
				BatchOp::Place(request) => Self::place_order_max_weight(request),
				BatchOp::Cancel(_) => T::WeightInfo::cancel_order(),
			})
		})
	}
}
