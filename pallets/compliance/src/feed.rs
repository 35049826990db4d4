//! The sanctions feed on chain: its configuration, the parts of a sync and the checks they
//! pass, failure reports, and the staleness alarm. The worker that produces the parts is in
//! `offchain.rs`; the rules both sides apply are `genex_offchain::sanctions::sync`'s.

use crate::{pallet::*, types::*};
use codec::Encode;
use frame_support::{pallet_prelude::*, traits::Get};
use genex_offchain::sanctions::sync as rules;
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// Refuses a feed whose URLs are not `http(s)://…` or whose timing makes no sense.
	pub(crate) fn ensure_valid_feed(feed: &SanctionsFeed<T::MaxUrlLength>) -> DispatchResult {
		for source in core::iter::once(&feed.primary).chain(feed.backup.iter()) {
			let url = &source.url[..];
			let scheme_ok = url.starts_with(b"http://") || url.starts_with(b"https://");
			let printable = url.iter().all(|c| c.is_ascii_graphic());
			ensure!(scheme_ok && printable, Error::<T>::InvalidSourceUrl);
		}
		ensure!(
			feed.interval >= T::MinSyncInterval::get() && feed.max_age >= feed.interval,
			Error::<T>::InvalidSyncTiming
		);
		Ok(())
	}

	pub(crate) fn do_set_sanctions_feed(
		feed: Option<SanctionsFeed<T::MaxUrlLength>>,
	) -> DispatchResult {
		let interval = feed.as_ref().map(|feed| feed.interval);
		match feed {
			Some(feed) => {
				Self::ensure_valid_feed(&feed)?;
				SanctionsFeedConfig::<T>::put(feed);
				// The list's age counts from now until a sync completes under this feed.
				SanctionsFeedStatus::<T>::mutate(|status| {
					status.watching_since = Some(Self::now())
				});
			},
			None => {
				// The entries the feed listed stay until a later feed removes them.
				SanctionsFeedConfig::<T>::kill();
				PendingSanctionsSync::<T>::kill();
				SanctionsFeedStatus::<T>::mutate(|status| status.watching_since = None);
			},
		}
		Self::deposit_event(Event::SanctionsFeedChanged { interval });
		Ok(())
	}

	pub(crate) fn do_report_sanctions_failure(
		source: FeedSource,
		failure: FeedFailure,
	) -> DispatchResult {
		ensure!(SanctionsFeedConfig::<T>::exists(), Error::<T>::NoSanctionsFeed);
		SanctionsFeedStatus::<T>::mutate(|status| {
			status.last_failure = Some(FailureReport { at: Self::now(), source, failure })
		});
		Self::deposit_event(Event::SanctionsSyncFailed { source, failure });
		Ok(())
	}

	/// Applies one part of a feed sync; `false` when that part was applied before.
	pub(crate) fn do_sync_sanctions(
		header: SyncHeader,
		part: u16,
		add: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
		remove: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
	) -> Result<bool, DispatchError> {
		let feed = SanctionsFeedConfig::<T>::get().ok_or(Error::<T>::NoSanctionsFeed)?;
		ensure!(header.parts > 0 && part < header.parts, Error::<T>::InvalidListPart);
		let id = H256(sp_io::hashing::blake2_256(&header.encode()));
		let mut pending = match PendingSanctionsSync::<T>::get() {
			Some(pending) if pending.id == id => {
				if part < pending.parts_done {
					return Ok(false);
				}
				ensure!(part == pending.parts_done, Error::<T>::PartOutOfOrder);
				pending
			},
			// Part 0 starts a sync (replacing an unfinished one, whose applied parts stay).
			_ => {
				ensure!(part == 0, Error::<T>::PartOutOfOrder);
				Self::start_sync(&feed, id, header)?
			},
		};
		let (adds, removes) = (add.len() as u32, remove.len() as u32);
		ensure!(
			pending.added.saturating_add(adds) <= header.additions
				&& pending.removed.saturating_add(removes) <= header.removals,
			Error::<T>::PartExceedsSync
		);
		Self::ensure_distinct(&add, &remove)?;

		let now = Self::now();
		let (mut newly, mut lifted) = (0u32, 0u32);
		for address in add.iter() {
			let listed = Sanctioned::<T>::get(address).is_some_and(|entry| entry.by_feed);
			ensure!(!listed, Error::<T>::AlreadyInFeed);
			if Self::list_address(address, header.list_hash, now, true) {
				newly += 1;
			}
		}
		for address in remove.iter() {
			let listed = Sanctioned::<T>::get(address).is_some_and(|entry| entry.by_feed);
			ensure!(listed, Error::<T>::NotInFeed);
			if Self::delist_address(address, true) {
				lifted += 1;
			}
		}
		SanctionedCount::<T>::mutate(|count| {
			*count = count.saturating_add(newly).saturating_sub(lifted)
		});
		FeedSanctionedCount::<T>::mutate(|count| {
			*count = count.saturating_add(adds).saturating_sub(removes)
		});
		pending.parts_done += 1;
		pending.added += adds;
		pending.removed += removes;
		Self::deposit_event(Event::SanctionsUpdated {
			list_hash: header.list_hash,
			part,
			parts: header.parts,
			added: adds,
			removed: removes,
		});

		if pending.parts_done < header.parts {
			PendingSanctionsSync::<T>::put(pending);
			return Ok(true);
		}
		ensure!(
			pending.added == header.additions && pending.removed == header.removals,
			Error::<T>::SyncIncomplete
		);
		PendingSanctionsSync::<T>::kill();
		let recovered = SanctionsFeedStatus::<T>::mutate(|status| {
			status.applied = Some(AppliedList {
				list_hash: header.list_hash,
				published_at: header.published_at,
				entries: header.entries,
				source: header.source,
				bad_checksums: header.bad_checksums,
			});
			status.last_sync = Some(now);
			core::mem::replace(&mut status.stale, false)
		});
		Self::deposit_event(Event::SanctionsSynced {
			list_hash: header.list_hash,
			entries: header.entries,
			added: header.additions,
			removed: header.removals,
			source: header.source,
			bad_checksums: header.bad_checksums,
		});
		if recovered {
			Self::deposit_event(Event::SanctionsListRecovered { list_hash: header.list_hash });
		}
		Ok(true)
	}

	/// Checks a new sync against the feed's state and starts it.
	fn start_sync(
		feed: &SanctionsFeed<T::MaxUrlLength>,
		id: H256,
		header: SyncHeader,
	) -> Result<PendingSync, DispatchError> {
		ensure!(header.entries <= T::MaxListEntries::get(), Error::<T>::TooManyEntries);
		let current = FeedSanctionedCount::<T>::get();
		let applied = SanctionsFeedStatus::<T>::get().applied.map(|list| list.published_at);
		rules::check_list(
			header.entries,
			header.published_at,
			current,
			applied,
			feed.max_shrink.deconstruct(),
		)
		.map_err(|refusal| match refusal {
			rules::Refusal::Empty => Error::<T>::EmptyList,
			rules::Refusal::Older { .. } => Error::<T>::ListOlderThanApplied,
			rules::Refusal::ShrankTooMuch { .. } => Error::<T>::ListShrankTooMuch,
		})?;
		ensure!(
			u64::from(current) + u64::from(header.additions)
				== u64::from(header.entries) + u64::from(header.removals),
			Error::<T>::SyncMismatch
		);
		let batch = T::MaxSanctionsBatch::get() as usize;
		let needed =
			rules::parts_needed(header.additions as usize, header.removals as usize, batch);
		ensure!(usize::from(header.parts) == needed, Error::<T>::InvalidSyncParts);
		Ok(PendingSync { id, header, parts_done: 0, added: 0, removed: 0 })
	}

	/// Raises the staleness alarm once when no sync completed for the feed's `max_age`;
	/// `true` when it wrote the feed's status.
	pub(crate) fn watch_staleness() -> bool {
		let Some(feed) = SanctionsFeedConfig::<T>::get() else { return false };
		let now = Self::now();
		// The first block has no time yet (the timestamp is set by its inherent).
		if now == 0 {
			return false;
		}
		let mut status = SanctionsFeedStatus::<T>::get();
		let Some(since) = status.last_sync.max(status.watching_since) else {
			status.watching_since = Some(now);
			SanctionsFeedStatus::<T>::put(status);
			return true;
		};
		if status.stale || now < since.saturating_add(feed.max_age) {
			return false;
		}
		status.stale = true;
		SanctionsFeedStatus::<T>::put(status);
		Self::deposit_event(Event::SanctionsListStale { last_sync: status.last_sync });
		true
	}
}
