//! Issuers: application and review, status, tier, satisfaction, credit, defaults and the
//! guarantee deposit.

use crate::{credit, pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::tokens::{fungibles::Mutate, Preservation},
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill, Permill,
};

/// Holder satisfaction a new issuer starts with.
pub const DEFAULT_SATISFACTION: Permill = Permill::from_percent(50);

impl<T: Config> Pallet<T> {
	pub(crate) fn do_apply_issuer(
		who: T::AccountId,
		company_hash: H256,
		licence_hash: H256,
		metadata_hash: H256,
	) -> DispatchResult {
		ensure!(!Issuers::<T>::contains_key(&who), Error::<T>::AlreadyApplied);
		let table = RatingTable::<T>::get();
		let issuer = Issuer {
			company_hash,
			licence_hash,
			metadata_hash,
			status: IssuerStatus::Pending,
			tier: IssuerTier::Silver,
			applied_at: Self::now(),
			approved_at: None,
			credit: credit::credit_for(credit::NEW_ISSUER_SCORE, 0, &table),
			downgrades: 0,
			satisfaction: DEFAULT_SATISFACTION,
			quota_used: Zero::zero(),
			guarantee: Zero::zero(),
			frozen: false,
			classes: 0,
		};
		Issuers::<T>::insert(&who, issuer);
		Self::deposit_event(Event::IssuerApplied { issuer: who });
		Ok(())
	}

	pub(crate) fn do_approve_issuer(who: T::AccountId) -> DispatchResult {
		let mut issuer = Issuers::<T>::get(&who).ok_or(Error::<T>::UnknownIssuer)?;
		ensure!(issuer.status == IssuerStatus::Pending, Error::<T>::NotPending);
		let guarantee = T::GuaranteeShare::get().mul_floor(issuer.credit.quota);
		if !guarantee.is_zero() {
			T::Assets::transfer(
				T::GuaranteeAsset::get(),
				&who,
				&Self::account_id(),
				guarantee,
				Preservation::Expendable,
			)
			.map_err(|_| Error::<T>::InsufficientGuarantee)?;
		}
		issuer.status = IssuerStatus::Active;
		issuer.approved_at = Some(Self::now());
		issuer.guarantee = guarantee;
		Issuers::<T>::insert(&who, issuer);
		Self::deposit_event(Event::IssuerApproved { issuer: who, guarantee });
		Ok(())
	}

	pub(crate) fn do_reject_issuer(who: T::AccountId) -> DispatchResult {
		let issuer = Issuers::<T>::get(&who).ok_or(Error::<T>::UnknownIssuer)?;
		ensure!(issuer.status == IssuerStatus::Pending, Error::<T>::NotPending);
		Issuers::<T>::remove(&who);
		Self::deposit_event(Event::IssuerRejected { issuer: who });
		Ok(())
	}

	/// Compliance may suspend an active issuer, reactivate a suspended one, and terminate
	/// any approved one. Pending and defaulted are reached only by review and by
	/// `handle_default`.
	pub(crate) fn do_set_issuer_status(who: T::AccountId, status: IssuerStatus) -> DispatchResult {
		let mut issuer = Issuers::<T>::get(&who).ok_or(Error::<T>::UnknownIssuer)?;
		use IssuerStatus::*;
		let allowed = match (issuer.status, status) {
			(Active, Suspended) | (Suspended, Active) => !issuer.frozen,
			(Active | Suspended | Defaulted, Terminated) => true,
			_ => false,
		};
		ensure!(allowed, Error::<T>::InvalidStatusChange);
		issuer.status = status;
		Issuers::<T>::insert(&who, issuer);
		Self::deposit_event(Event::IssuerStatusChanged { issuer: who, status });
		Ok(())
	}

	/// Changes the record of a known issuer.
	fn mutate_issuer(who: &T::AccountId, change: impl FnOnce(&mut IssuerOf<T>)) -> DispatchResult {
		Issuers::<T>::try_mutate(who, |issuer| -> DispatchResult {
			change(issuer.as_mut().ok_or(Error::<T>::UnknownIssuer)?);
			Ok(())
		})
	}

	pub(crate) fn do_set_tier(who: T::AccountId, tier: IssuerTier) -> DispatchResult {
		Self::mutate_issuer(&who, |issuer| issuer.tier = tier)?;
		Self::deposit_event(Event::IssuerTierSet { issuer: who, tier });
		Ok(())
	}

	pub(crate) fn do_set_satisfaction(who: T::AccountId, satisfaction: Permill) -> DispatchResult {
		Self::mutate_issuer(&who, |issuer| issuer.satisfaction = satisfaction)?;
		Self::deposit_event(Event::SatisfactionSet { issuer: who.clone(), satisfaction });
		Self::update_credit(&who);
		Ok(())
	}

	/// Recomputes `who`'s score, rating and quota from its on-chain statistics, tenure and
	/// satisfaction; emits `CreditUpdated` when anything changed.
	pub fn update_credit(who: &T::AccountId) {
		let Some(mut issuer) = Issuers::<T>::get(who) else { return };
		let stats = IssuerStatistics::<T>::get(who);
		let tenure_months = issuer
			.approved_at
			.map(|approved| (Self::now().saturating_sub(approved) / MONTH_MS) as u32)
			.unwrap_or(0);
		let score = credit::score(&stats, tenure_months, issuer.satisfaction);
		let new_credit = credit::credit_for(score, issuer.downgrades, &RatingTable::<T>::get());
		if new_credit != issuer.credit {
			issuer.credit = new_credit.clone();
			Issuers::<T>::insert(who, issuer);
			Self::deposit_event(Event::CreditUpdated {
				issuer: who.clone(),
				score: new_credit.score,
				rating: new_credit.rating,
				quota: new_credit.quota,
			});
		}
	}

	/// Handles a default; returns how many of the issuer's classes were looked at.
	pub(crate) fn do_handle_default(
		who: T::AccountId,
		severity: DefaultSeverity,
	) -> Result<u32, DispatchError> {
		let mut issuer = Issuers::<T>::get(&who).ok_or(Error::<T>::UnknownIssuer)?;
		ensure!(
			matches!(
				issuer.status,
				IssuerStatus::Active | IssuerStatus::Suspended | IssuerStatus::Defaulted
			),
			Error::<T>::InvalidStatusChange
		);
		let mut classes_touched = 0;
		match severity {
			DefaultSeverity::Minor => {
				ensure!(issuer.status != IssuerStatus::Defaulted, Error::<T>::AlreadyDefaulted);
				issuer.downgrades = issuer.downgrades.saturating_add(1);
				Issuers::<T>::insert(&who, issuer);
				Self::deposit_event(Event::IssuerDefaulted { issuer: who.clone(), severity });
				Self::update_credit(&who);
				return Ok(0);
			},
			DefaultSeverity::Major => {
				ensure!(issuer.status != IssuerStatus::Defaulted, Error::<T>::AlreadyDefaulted);
			},
			DefaultSeverity::Critical => {
				ensure!(!issuer.frozen, Error::<T>::AlreadyDefaulted);
				issuer.frozen = true;
			},
		}
		issuer.status = IssuerStatus::Defaulted;
		// The guarantee pool opens at the first major or critical default.
		if !GuaranteePools::<T>::contains_key(&who) {
			let mut outstanding = BalanceOf::<T>::zero();
			for (class_id, ()) in IssuerClasses::<T>::iter_prefix(&who) {
				classes_touched += 1;
				if let Some(class) = Classes::<T>::get(class_id) {
					let held = class.supply.get(CouponStatus::Sold)
						+ class.supply.get(CouponStatus::InCirculation)
						+ class.supply.get(CouponStatus::Listed);
					outstanding =
						outstanding.saturating_add(class.face_value.saturating_mul(held.into()));
				}
			}
			let amount = core::mem::take(&mut issuer.guarantee);
			let ratio = if outstanding.is_zero() {
				Perbill::one()
			} else {
				Perbill::from_rational(amount.min(outstanding), outstanding)
			};
			let asset = T::GuaranteeAsset::get();
			GuaranteePools::<T>::insert(
				&who,
				GuaranteePool { asset: asset.clone(), ratio, remaining: amount },
			);
			Self::deposit_event(Event::GuaranteePoolOpened {
				issuer: who.clone(),
				asset,
				amount,
				ratio,
			});
		}
		if severity == DefaultSeverity::Critical {
			for (class_id, ()) in IssuerClasses::<T>::iter_prefix(&who) {
				classes_touched += 1;
				Classes::<T>::mutate(class_id, |class| {
					if let Some(class) = class {
						class.at_risk = true;
					}
				});
				Self::deposit_event(Event::ClassAtRisk { class: class_id, issuer: who.clone() });
			}
		}
		Issuers::<T>::insert(&who, issuer);
		Self::deposit_event(Event::IssuerDefaulted { issuer: who, severity });
		Ok(classes_touched)
	}

	pub(crate) fn do_claim_guarantee(who: T::AccountId, id: CouponId) -> DispatchResult {
		let mut class = Classes::<T>::get(id.class).ok_or(Error::<T>::UnknownClass)?;
		let mut coupon =
			CouponItems::<T>::get(id.class, id.serial).ok_or(Error::<T>::UnknownCoupon)?;
		ensure!(coupon.owner == who, Error::<T>::NotOwner);
		let mut pool =
			GuaranteePools::<T>::get(&class.issuer).ok_or(Error::<T>::NoGuaranteePool)?;
		let amount = pool.ratio.mul_floor(class.face_value).min(pool.remaining);
		ensure!(!amount.is_zero(), Error::<T>::GuaranteeExhausted);
		Self::step(&mut coupon, &mut class, ActionKind::ClaimGuarantee)?;
		T::Assets::transfer(
			pool.asset.clone(),
			&Self::account_id(),
			&who,
			amount,
			Preservation::Expendable,
		)?;
		pool.remaining = pool.remaining.saturating_sub(amount);
		GuaranteePools::<T>::insert(&class.issuer, pool);
		Self::release_quota(&class.issuer, class.face_value);
		CouponItems::<T>::insert(id.class, id.serial, coupon);
		Classes::<T>::insert(id.class, class);
		Self::deposit_event(Event::GuaranteeClaimed { coupon: id, holder: who.clone(), amount });
		Self::deposit_event(Event::CouponStatusChanged {
			coupon: id,
			status: CouponStatus::Recalled,
			owner: who,
		});
		Ok(())
	}
}
