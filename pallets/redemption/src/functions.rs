//! Stores, redemption and voucher checks.

use crate::{pallet::*, types::*, weights::WeightInfo};
use frame_support::{ensure, pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::BlockNumberFor;
use genex_primitives::aml::MovementKind;
use pallet_compliance::{ComplianceGate, MovementLog};
use pallet_coupons::{CouponAction, CouponId, CouponLedger, CouponStatus};
use sp_core::H256;
use sp_runtime::{
	traits::{One, Saturating, Verify, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	fn now() -> Moment {
		T::TimeProvider::now().as_millis() as Moment
	}

	/// The chain's genesis hash, which every voucher message carries.
	pub fn genesis_hash() -> H256 {
		let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		H256::from_slice(hash.as_ref())
	}

	/// The bytes a holder signs for `voucher` on this chain.
	pub fn message_of(voucher: &VoucherOf<T>) -> alloc::vec::Vec<u8> {
		voucher_message(&Self::genesis_hash(), voucher)
	}

	pub(crate) fn do_authorise_store(
		issuer: T::AccountId,
		store: T::AccountId,
		location_hash: H256,
	) -> DispatchResult {
		ensure!(T::Coupons::issuer_active(&issuer), Error::<T>::NotAnActiveIssuer);
		match Stores::<T>::get(&issuer, &store) {
			Some(mut authorisation) => {
				authorisation.location_hash = location_hash;
				Stores::<T>::insert(&issuer, &store, authorisation);
			},
			None => {
				let count = StoreCount::<T>::get(&issuer);
				ensure!(count < T::MaxStoresPerIssuer::get(), Error::<T>::TooManyStores);
				StoreCount::<T>::insert(&issuer, count + 1);
				let authorisation = StoreAuthorisation {
					location_hash,
					authorised_at: Self::now(),
					redeemed: RedemptionStats::default(),
				};
				Stores::<T>::insert(&issuer, &store, authorisation);
			},
		}
		Self::deposit_event(Event::StoreAuthorised { issuer, store, location_hash });
		Ok(())
	}

	pub(crate) fn do_revoke_store(issuer: T::AccountId, store: T::AccountId) -> DispatchResult {
		ensure!(Stores::<T>::contains_key(&issuer, &store), Error::<T>::StoreNotAuthorised);
		Stores::<T>::remove(&issuer, &store);
		StoreCount::<T>::mutate_exists(&issuer, |count| {
			*count = count.map(|count| count.saturating_sub(1)).filter(|count| *count > 0)
		});
		Self::deposit_event(Event::StoreRevoked { issuer, store });
		Ok(())
	}

	/// Redeems `holder`'s `coupon` at `store`: every check, then the ledger's `Redeem` and the
	/// store's statistics. Fails changing nothing.
	pub(crate) fn do_redeem(
		holder: T::AccountId,
		id: CouponId,
		store: T::AccountId,
		voucher_nonce: Option<u64>,
	) -> DispatchResult {
		let coupon = T::Coupons::coupon(id).ok_or(Error::<T>::UnknownCoupon)?;
		ensure!(coupon.owner == holder, Error::<T>::NotOwner);
		match coupon.status {
			CouponStatus::Redeemed => return Err(Error::<T>::AlreadyRedeemed.into()),
			CouponStatus::Listed => return Err(Error::<T>::CouponListed.into()),
			CouponStatus::Sold | CouponStatus::InCirculation => {},
			_ if coupon.expired => return Err(Error::<T>::CouponExpired.into()),
			_ => return Err(Error::<T>::NotRedeemable.into()),
		}
		ensure!(!coupon.expired, Error::<T>::CouponExpired);
		let mut authorisation =
			Stores::<T>::get(&coupon.issuer, &store).ok_or(Error::<T>::StoreNotAuthorised)?;
		T::Gate::ensure_can_redeem(&holder, &store, id.class, &coupon.issuer)?;

		T::Coupons::apply(id, CouponAction::Redeem)?;
		let now = Self::now();
		authorisation.redeemed.add(coupon.face_value, now);
		Stores::<T>::insert(&coupon.issuer, &store, authorisation);
		StoreStatistics::<T>::mutate(&store, |stats| stats.add(coupon.face_value, now));
		T::Movements::record(MovementKind::Redemption {
			holder: holder.clone(),
			store: store.clone(),
			class: id.class,
			issuer: coupon.issuer.clone(),
			value: coupon.face_value,
		});
		Self::deposit_event(Event::CouponRedeemed {
			coupon: id,
			holder,
			store,
			issuer: coupon.issuer,
			face_value: coupon.face_value,
			voucher_nonce,
		});
		Ok(())
	}

	/// Redeems with a holder-signed voucher submitted by `store`.
	pub(crate) fn do_redeem_voucher(
		store: T::AccountId,
		voucher: VoucherOf<T>,
		signature: T::Signature,
	) -> DispatchResult {
		ensure!(voucher.store == store, Error::<T>::WrongStore);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(voucher.valid_until >= now, Error::<T>::VoucherExpired);
		ensure!(
			voucher.valid_until <= now.saturating_add(T::MaxVoucherLifetime::get()),
			Error::<T>::VoucherValidTooLong
		);
		ensure!(
			!UsedNonces::<T>::contains_key(&voucher.holder, voucher.nonce),
			Error::<T>::NonceUsed
		);
		ensure!(
			signature.verify(&Self::message_of(&voucher)[..], &voucher.holder),
			Error::<T>::BadSignature
		);
		Self::do_redeem(voucher.holder.clone(), voucher.coupon, store, Some(voucher.nonce))?;
		UsedNonces::<T>::insert(&voucher.holder, voucher.nonce, voucher.valid_until);
		NonceExpiry::<T>::insert(voucher.valid_until, (voucher.holder, voucher.nonce), ());
		Ok(())
	}

	/// Forgets the nonces of vouchers that lapsed before block `now`, oldest block first, as
	/// far as `limit` allows; returns the weight used.
	pub(crate) fn prune_nonces(now: BlockNumberFor<T>, limit: Weight) -> Weight {
		let base = T::WeightInfo::prune_nonces(0);
		// One nonce forgotten, or one block found empty (a read), costs at most this.
		let step = T::WeightInfo::prune_nonces(1).saturating_sub(base);
		let mut used = base;
		if used.any_gt(limit) {
			return Weight::zero();
		}
		let start = PruneCursor::<T>::get();
		let mut cursor = start;
		// Vouchers valid until block `cursor` are refused from block `cursor + 1` on.
		'blocks: while cursor < now {
			let mut lapsed = NonceExpiry::<T>::drain_prefix(cursor);
			loop {
				if used.saturating_add(step).any_gt(limit) {
					break 'blocks;
				}
				used = used.saturating_add(step);
				match lapsed.next() {
					Some(((holder, nonce), ())) => UsedNonces::<T>::remove(&holder, nonce),
					None => break,
				}
			}
			cursor = cursor.saturating_add(One::one());
		}
		if cursor != start {
			PruneCursor::<T>::put(cursor);
		}
		used
	}

	/// Invariants: store counts match the stores; a store's total is the sum over its issuers
	/// only grows (revoked stores keep their totals), so it is at least what its current
	/// authorisations recorded; every used nonce is indexed by its expiry and back.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut per_store: BTreeMap<T::AccountId, RedemptionStats> = BTreeMap::new();
		for (issuer, store, authorisation) in Stores::<T>::iter() {
			*counts.entry(issuer).or_default() += 1;
			let total = per_store.entry(store).or_default();
			total.count += authorisation.redeemed.count;
			total.face_value += authorisation.redeemed.face_value;
		}
		for (issuer, count) in StoreCount::<T>::iter() {
			ensure!(counts.remove(&issuer) == Some(count), "store count = stores");
		}
		ensure!(counts.is_empty(), "every issuer with stores is counted");
		for (store, current) in per_store {
			let total = StoreStatistics::<T>::get(&store);
			ensure!(
				total.count >= current.count && total.face_value >= current.face_value,
				"a store's totals cover its authorisations"
			);
		}
		let mut used = 0usize;
		for (holder, nonce, valid_until) in UsedNonces::<T>::iter() {
			ensure!(
				NonceExpiry::<T>::contains_key(valid_until, (holder, nonce)),
				"used nonce indexed by expiry"
			);
			used += 1;
		}
		ensure!(NonceExpiry::<T>::iter().count() == used, "expiry index = used nonces");
		Ok(())
	}
}
