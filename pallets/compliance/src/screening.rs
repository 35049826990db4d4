//! AML screening on chain: the movement log every value-moving pallet writes through
//! [`MovementLog`], and the alerts the screening worker files (`report_screening`), checked
//! and filed once each.

use crate::{pallet::*, traits::*, types::*};
use codec::Encode;
use frame_support::{pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use genex_primitives::aml::{chain_link, movement_key, MovementKind, MovementRecord};
use sp_core::H256;
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// Appends a record to the movement log: the next id, the chain link, the offchain index.
	pub(crate) fn do_record_movement(kind: MovementKind<T::AccountId>) -> u64 {
		let head = MovementLogHead::<T>::get();
		let block: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		let record = MovementRecord {
			id: head.next,
			block: block.unique_saturated_into(),
			extrinsic: frame_system::Pallet::<T>::extrinsic_index().unwrap_or_default(),
			at: Self::now(),
			kind,
		};
		let encoded = record.encode();
		let link = chain_link(&head.link, &encoded);
		// The record with the link it follows: a reader walking back from a head finds the
		// previous link there.
		sp_io::offchain_index::set(&movement_key(head.next, &link), &(encoded, head.link).encode());
		MovementLogHead::<T>::put(MovementHead { next: head.next.saturating_add(1), link });
		head.next
	}

	/// The key an alert is filed once under.
	pub fn screening_key(subject: &T::AccountId, rule: AmlRule, evidence: &[EvidenceRef]) -> H256 {
		let ids: alloc::vec::Vec<u64> = evidence.iter().map(|e| e.movement).collect();
		H256(sp_io::hashing::blake2_256(&(b"genex/aml/alert", rule, subject, ids).encode()))
	}

	pub(crate) fn do_report_screening(
		by: T::AccountId,
		subject: T::AccountId,
		rule: AmlRule,
		severity: Severity,
		related: BoundedVec<T::AccountId, T::MaxEvidence>,
		evidence: BoundedVec<EvidenceRef, T::MaxEvidence>,
	) -> DispatchResult {
		ensure!(!evidence.is_empty(), Error::<T>::NoEvidence);
		ensure!(
			evidence.windows(2).all(|pair| pair[0].movement < pair[1].movement),
			Error::<T>::EvidenceOutOfOrder
		);
		let head = MovementLogHead::<T>::get();
		let last = evidence.last().map(|e| e.movement).unwrap_or_default();
		ensure!(last < head.next, Error::<T>::UnknownMovement);
		let now: u32 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		ensure!(evidence.iter().all(|e| e.block <= now), Error::<T>::EvidenceFromFuture);
		let key = Self::screening_key(&subject, rule, &evidence);
		ensure!(!ScreeningKeys::<T>::contains_key(key), Error::<T>::AlreadyReported);

		let alert = Self::do_file_alert(by.clone(), subject.clone(), rule, severity, key)?;
		ScreeningKeys::<T>::insert(key, alert);
		AlertEvidence::<T>::insert(alert, ScreeningEvidence { related, records: evidence });
		if severity == Severity::Critical {
			let case = NextCaseId::<T>::get();
			let alerts = BoundedVec::truncate_from(alloc::vec![alert]);
			Self::do_open_case(by, subject.clone(), alerts)?;
			T::Freezer::freeze_for_review(&subject, case);
			Self::deposit_event(Event::FrozenForReview { who: subject, case, alert });
		}
		Ok(())
	}
}

impl<T: Config> MovementLog<T::AccountId> for Pallet<T> {
	fn record(kind: MovementKind<T::AccountId>) -> u64 {
		Self::do_record_movement(kind)
	}
}
