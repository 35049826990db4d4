//! What the calls, the hook and the runtime API do.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::DispatchResult, traits::Get};
use genex_primitives::mapping::{self, MappingLeaf};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// The epoch whose hour contains `now` (ms).
	pub fn epoch_at(now: u64) -> EpochIndex {
		now / T::EpochDuration::get()
	}

	/// When `epoch`'s root is due (ms): the start of its hour.
	pub fn due(epoch: EpochIndex) -> u64 {
		epoch.saturating_mul(T::EpochDuration::get())
	}

	/// When `epoch` counts as missing if not final (ms).
	pub fn deadline(epoch: EpochIndex) -> u64 {
		Self::due(epoch).saturating_add(T::ConfirmationDeadline::get())
	}

	pub(crate) fn do_submit_root(
		party: T::AccountId,
		epoch: EpochIndex,
		anchor: Anchor,
	) -> DispatchResult {
		ensure!(anchor.leaf_count > 0, Error::<T>::EmptyTable);
		let now = Self::now();
		ensure!(epoch <= Self::epoch_at(now), Error::<T>::EpochInFuture);
		if let Some(latest) = LatestFinal::<T>::get() {
			ensure!(epoch >= latest.epoch, Error::<T>::EpochSuperseded);
		}
		let mut record = Epochs::<T>::get(epoch).unwrap_or_default();
		ensure!(
			!record.submissions.iter().any(|submission| submission.party == party),
			Error::<T>::AlreadySubmitted
		);
		record
			.submissions
			.try_push(Submission { party: party.clone(), anchor })
			.map_err(|_| Error::<T>::TooManySubmissions)?;
		Self::deposit_event(Event::RootSubmitted { epoch, party: party.clone(), anchor });

		if let Some(finalized) = record.finalized {
			if finalized == anchor {
				Self::deposit_event(Event::RootConfirmed { epoch, party });
			} else {
				record.contested = true;
				Self::deposit_event(Event::RootConflict { epoch, party, anchor, other: finalized });
			}
		} else {
			let earlier = &record.submissions[..record.submissions.len() - 1];
			if let Some(other) = earlier.iter().find(|s| s.anchor != anchor) {
				record.contested = true;
				Self::deposit_event(Event::RootConflict {
					epoch,
					party,
					anchor,
					other: other.anchor,
				});
			}
			let agreeing = record.submissions.iter().filter(|s| s.anchor == anchor).count();
			if agreeing as u32 >= T::Threshold::get() {
				record.finalized = Some(anchor);
				LatestFinal::<T>::put(FinalRoot { epoch, anchor });
				let late = now > Self::deadline(epoch);
				Self::deposit_event(Event::RootFinalized { epoch, anchor, late });
			}
		}
		Epochs::<T>::insert(epoch, record);
		Ok(())
	}

	/// Reports the epochs past their deadline without a final root, at most
	/// `MaxEpochsWatchedPerBlock` of them; returns how many it looked at.
	pub(crate) fn do_watch_epochs(now: u64) -> u32 {
		Self::watch_epochs_up_to(now, T::MaxEpochsWatchedPerBlock::get())
	}

	/// [`Self::do_watch_epochs`] with an explicit bound (benchmarks measure beyond the
	/// runtime's). The watch starts at the epoch in which it first runs: nothing is due before
	/// the chain existed.
	pub(crate) fn watch_epochs_up_to(now: u64, limit: u32) -> u32 {
		let Some(mut cursor) = WatchCursor::<T>::get() else {
			WatchCursor::<T>::put(Self::epoch_at(now));
			return 0;
		};
		let mut watched = 0;
		while watched < limit && Self::deadline(cursor) <= now {
			let finalized =
				Epochs::<T>::get(cursor).is_some_and(|record| record.finalized.is_some());
			if !finalized {
				Self::deposit_event(Event::EpochMissing { epoch: cursor });
			}
			cursor = cursor.saturating_add(1);
			watched += 1;
		}
		if watched > 0 {
			WatchCursor::<T>::put(cursor);
		}
		watched
	}

	/// The latest epoch with a final root.
	pub fn latest_final_root() -> Option<FinalRoot> {
		LatestFinal::<T>::get()
	}

	/// Checks that `leaf` is row `leaf_index` of the table anchored for `epoch` (the latest
	/// final epoch when `None`); answers with the root it was checked against.
	pub fn verify_proof(
		epoch: Option<EpochIndex>,
		leaf: MappingLeaf,
		leaf_index: u32,
		proof: alloc::vec::Vec<H256>,
	) -> Result<FinalRoot, ProofError> {
		let target = match epoch {
			None => LatestFinal::<T>::get().ok_or(ProofError::NoFinalRoot)?,
			Some(epoch) => {
				let anchor = Epochs::<T>::get(epoch)
					.and_then(|record| record.finalized)
					.ok_or(ProofError::EpochNotFinal)?;
				FinalRoot { epoch, anchor }
			},
		};
		ensure!(leaf_index < target.anchor.leaf_count, ProofError::LeafIndexOutOfRange);
		ensure!(proof.len() <= mapping::MAX_PROOF_LENGTH as usize, ProofError::ProofTooLong);
		ensure!(
			mapping::verify_proof(
				&target.anchor.root,
				target.anchor.leaf_count,
				leaf_index,
				&leaf,
				&proof
			),
			ProofError::RootMismatch
		);
		Ok(target)
	}

	/// Invariants: the latest final root is final in its epoch and no later epoch is final;
	/// every final root has `Threshold` agreeing submissions; one submission per party.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut latest: Option<FinalRoot> = None;
		for (epoch, record) in Epochs::<T>::iter() {
			for (i, submission) in record.submissions.iter().enumerate() {
				ensure!(
					!record.submissions[..i].iter().any(|s| s.party == submission.party),
					"one submission per party and epoch"
				);
			}
			if let Some(anchor) = record.finalized {
				let agreeing = record.submissions.iter().filter(|s| s.anchor == anchor).count();
				ensure!(agreeing as u32 >= T::Threshold::get(), "a final root has its threshold");
				if latest.is_none_or(|latest| latest.epoch < epoch) {
					latest = Some(FinalRoot { epoch, anchor });
				}
			}
		}
		ensure!(LatestFinal::<T>::get() == latest, "the latest final root is the newest one");
		Ok(())
	}
}
