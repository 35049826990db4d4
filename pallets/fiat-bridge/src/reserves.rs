//! Reserve statements (k of a provider's attestors agree), reconciliation against supply, and
//! pausing and resuming minting.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*, traits::fungibles::Inspect};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_report_reserves(
		attestor: T::AccountId,
		provider_id: ProviderId,
		asset: AssetId,
		amount: Balance,
		as_of: Moment,
	) -> DispatchResult {
		let provider = Providers::<T>::get(provider_id).ok_or(Error::<T>::UnknownProvider)?;
		ensure!(provider.is_attestor(&attestor), Error::<T>::NotAttestor);
		ensure!(Self::is_bridged(asset), Error::<T>::NotBridged);
		let now = Self::now();
		ensure!(as_of <= now.saturating_add(MAX_CLOCK_DRIFT_MS), Error::<T>::ReportFromFuture);
		if let Some(latest) = ReserveReports::<T>::get(asset, provider_id) {
			ensure!(as_of > latest.as_of, Error::<T>::StaleReport);
		}
		let mut pending = match PendingReserves::<T>::get(asset, provider_id) {
			// A newer statement supersedes one still being agreed on.
			Some(pending) if pending.as_of == as_of => pending,
			Some(pending) if pending.as_of > as_of => return Err(Error::<T>::StaleReport.into()),
			_ => PendingReserve { as_of, votes: BoundedVec::new(), contested: false },
		};
		pending.votes.retain(|(who, _)| provider.is_attestor(who));
		ensure!(
			!pending.votes.iter().any(|(who, _)| *who == attestor),
			Error::<T>::AlreadyAttested
		);
		if let Some((_, other)) = pending.votes.iter().find(|(_, read)| *read != amount) {
			pending.contested = true;
			Self::deposit_event(Event::ReserveReportConflict {
				asset,
				provider: provider_id,
				attestor: attestor.clone(),
				amount,
				other: *other,
				as_of,
			});
		}
		pending
			.votes
			.try_push((attestor.clone(), amount))
			.map_err(|_| Error::<T>::Overflow)?;
		Self::deposit_event(Event::ReserveReported {
			asset,
			provider: provider_id,
			attestor,
			amount,
			as_of,
		});
		let agreeing = pending.votes.iter().filter(|(_, read)| *read == amount).count() as u32;
		if !pending.contested && agreeing >= provider.threshold {
			PendingReserves::<T>::remove(asset, provider_id);
			ReserveReports::<T>::insert(asset, provider_id, ReserveReport { amount, as_of });
			let summary = Self::summarize_reserves(asset);
			ReserveSummaries::<T>::insert(asset, summary);
			Self::deposit_event(Event::ReservesUpdated {
				asset,
				provider: provider_id,
				amount,
				as_of,
				reserves: summary.reported,
			});
			Self::minting_allowed(asset, now);
		} else {
			PendingReserves::<T>::insert(asset, provider_id, pending);
		}
		Ok(())
	}

	/// The reserves of `asset` from every provider's latest statement (at most `MaxProviders`).
	pub(crate) fn summarize_reserves(asset: AssetId) -> ReserveSummary {
		ReserveReports::<T>::iter_prefix(asset).fold(ReserveSummary::default(), |sum, (_, r)| {
			ReserveSummary {
				reported: sum.reported.saturating_add(r.amount),
				oldest_counted: if r.amount > 0 {
					Some(sum.oldest_counted.map_or(r.as_of, |t| t.min(r.as_of)))
				} else {
					sum.oldest_counted
				},
				newest: Some(sum.newest.map_or(r.as_of, |t| t.max(r.as_of))),
			}
		})
	}

	/// Whether `asset`'s reserves back it at `now`: a statement exists, every statement that
	/// counts (non-zero) is at most `ReserveReportMaxAge` old, and they add up to at least the
	/// asset's total issuance (escrow included).
	pub fn reserve_health(asset: AssetId, now: Moment) -> Result<(), PauseReason> {
		let summary = ReserveSummaries::<T>::get(asset);
		if summary.newest.is_none() {
			return Err(PauseReason::Stale { as_of: None });
		}
		if let Some(oldest) = summary.oldest_counted {
			if now.saturating_sub(oldest) > T::ReserveReportMaxAge::get() {
				return Err(PauseReason::Stale { as_of: Some(oldest) });
			}
		}
		let supply = T::Assets::total_issuance(asset);
		if summary.reported < supply {
			return Err(PauseReason::Shortfall { supply, reserves: summary.reported });
		}
		Ok(())
	}

	/// Whether `asset` may be minted now. Pauses it (an incident event) when its reserves fell
	/// short or went stale, resumes it when they recovered; a governance pause stays.
	pub(crate) fn minting_allowed(asset: AssetId, now: Moment) -> bool {
		let paused = MintingPaused::<T>::get(asset);
		if paused == Some(PauseReason::Governance) {
			return false;
		}
		match Self::reserve_health(asset, now) {
			Ok(()) => {
				if paused.is_some() {
					MintingPaused::<T>::remove(asset);
					Self::deposit_event(Event::MintingResumed { asset });
				}
				true
			},
			Err(reason) => {
				if paused.is_none_or(|paused| !paused.same_kind(&reason)) {
					Self::report_unhealthy(asset, reason);
				}
				if paused != Some(reason) {
					MintingPaused::<T>::insert(asset, reason);
				}
				false
			},
		}
	}

	fn report_unhealthy(asset: AssetId, reason: PauseReason) {
		match reason {
			PauseReason::Shortfall { supply, reserves } => {
				Self::deposit_event(Event::ReserveShortfall { asset, supply, reserves })
			},
			PauseReason::Stale { as_of } => {
				Self::deposit_event(Event::ReservesStale { asset, as_of })
			},
			PauseReason::Governance => {
				Self::deposit_event(Event::MintingPausedByGovernance { asset })
			},
		}
	}

	/// The block hook: checks every stablecoin's reserves.
	pub(crate) fn do_watch_reserves(now: Moment) {
		for asset in T::Stablecoins::get() {
			Self::minting_allowed(asset, now);
		}
	}

	pub(crate) fn do_set_minting_paused(asset: AssetId, paused: bool) -> DispatchResult {
		ensure!(Self::is_bridged(asset), Error::<T>::NotBridged);
		if paused {
			MintingPaused::<T>::insert(asset, PauseReason::Governance);
			Self::deposit_event(Event::MintingPausedByGovernance { asset });
		} else {
			ensure!(
				MintingPaused::<T>::get(asset) == Some(PauseReason::Governance),
				Error::<T>::NotPausedByGovernance
			);
			MintingPaused::<T>::remove(asset);
			if Self::minting_allowed(asset, Self::now()) {
				Self::deposit_event(Event::MintingResumed { asset });
			}
		}
		Ok(())
	}
}
