//! The sanctions sync plan: when a sync is due, whether a fetched list may replace the applied
//! one, and how the difference becomes bounded parts. Pure functions: the compliance pallet's
//! worker calls them off chain and its `sync_sanctions` call applies the same rules on chain.

use alloc::vec::Vec;

/// Parts per million, for the shrink limit (a `Permill`'s inner value).
pub type PartsPerMillion = u32;

/// Whether a sync is due at `now` (ms): when the source was never tried, when an earlier sync
/// is unfinished (its parts were dropped or refused), or `interval` after the last attempt
/// (a sync or a reported failure, whichever is later).
pub fn sync_due(
	interval: u64,
	last_sync: Option<u64>,
	last_failure: Option<u64>,
	unfinished: bool,
	now: u64,
) -> bool {
	if unfinished {
		return true;
	}
	match last_sync.max(last_failure) {
		None => true,
		Some(last) => now >= last.saturating_add(interval),
	}
}

/// Why a fetched list may not replace the applied one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
	/// The list names no address.
	Empty,
	/// The list was published before the one applied.
	Older {
		/// When the fetched list was published (ms).
		published_at: u64,
		/// When the applied list was published (ms).
		applied: u64,
	},
	/// The list would shrink the set by more than the allowed share.
	ShrankTooMuch {
		/// Entries the source has on chain now.
		from: u32,
		/// Entries of the fetched list.
		to: u32,
	},
}

/// Whether going from `from` entries to `to` removes more than `max_shrink` of them.
pub fn shrinks_too_much(from: u32, to: u32, max_shrink: PartsPerMillion) -> bool {
	if to >= from {
		return false;
	}
	// (from - to) / from > max_shrink / 1e6, in integers.
	u64::from(from - to) * 1_000_000 > u64::from(max_shrink) * u64::from(from)
}

/// Checks a fetched list of `entries` addresses published at `published_at` against what the
/// source applied before: `current` entries of a list published at `applied_published_at`.
pub fn check_list(
	entries: u32,
	published_at: u64,
	current: u32,
	applied_published_at: Option<u64>,
	max_shrink: PartsPerMillion,
) -> Result<(), Refusal> {
	if entries == 0 {
		return Err(Refusal::Empty);
	}
	if let Some(applied) = applied_published_at {
		if published_at < applied {
			return Err(Refusal::Older { published_at, applied });
		}
	}
	if shrinks_too_much(current, entries, max_shrink) {
		return Err(Refusal::ShrankTooMuch { from: current, to: entries });
	}
	Ok(())
}

/// Parts a sync of `additions` and `removals` has, each part carrying at most `batch` of each;
/// an unchanged list is one empty part (it confirms the list on chain). `batch` counts as at
/// least 1.
pub fn parts_needed(additions: usize, removals: usize, batch: usize) -> usize {
	let batch = batch.max(1);
	additions.div_ceil(batch).max(removals.div_ceil(batch)).max(1)
}

/// What changes between the set on chain and a fetched list.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SyncPlan {
	/// Addresses of the list the chain does not have from this source (ascending).
	pub additions: Vec<[u8; 20]>,
	/// Addresses the chain has from this source that the list no longer names (ascending).
	pub removals: Vec<[u8; 20]>,
}

/// One bounded part of a sync: at most `batch` additions and `batch` removals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part<'a> {
	/// Addresses this part adds.
	pub add: &'a [[u8; 20]],
	/// Addresses this part removes.
	pub remove: &'a [[u8; 20]],
}

impl SyncPlan {
	/// The difference from `current` to `next`, both sorted ascending without duplicates.
	pub fn new(current: &[[u8; 20]], next: &[[u8; 20]]) -> Self {
		let (mut additions, mut removals) = (Vec::new(), Vec::new());
		let (mut i, mut j) = (0, 0);
		while i < current.len() || j < next.len() {
			match (current.get(i), next.get(j)) {
				(Some(a), Some(b)) if a == b => {
					i += 1;
					j += 1;
				},
				(Some(a), Some(b)) if a < b => {
					removals.push(*a);
					i += 1;
				},
				(Some(a), None) => {
					removals.push(*a);
					i += 1;
				},
				(_, Some(b)) => {
					additions.push(*b);
					j += 1;
				},
				(None, None) => break,
			}
		}
		Self { additions, removals }
	}

	/// Number of parts of this plan (see [`parts_needed`]).
	pub fn part_count(&self, batch: usize) -> usize {
		parts_needed(self.additions.len(), self.removals.len(), batch)
	}

	/// The parts, in order: part `i` carries additions and removals `i·batch .. (i+1)·batch`.
	pub fn parts(&self, batch: usize) -> impl Iterator<Item = Part<'_>> {
		fn slice(list: &[[u8; 20]], i: usize, batch: usize) -> &[[u8; 20]] {
			let start = i.saturating_mul(batch).min(list.len());
			&list[start..start.saturating_add(batch).min(list.len())]
		}
		let batch = batch.max(1);
		(0..self.part_count(batch)).map(move |i| Part {
			add: slice(&self.additions, i, batch),
			remove: slice(&self.removals, i, batch),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn a(n: u8) -> [u8; 20] {
		[n; 20]
	}

	#[test]
	fn due_when_never_tried_unfinished_or_an_interval_after_the_last_attempt() {
		assert!(sync_due(60_000, None, None, false, 0));
		assert!(!sync_due(60_000, Some(1_000), None, false, 60_999));
		assert!(sync_due(60_000, Some(1_000), None, false, 61_000));
		// A failure after the last sync moves the next attempt on.
		assert!(!sync_due(60_000, Some(1_000), Some(50_000), false, 61_000));
		assert!(sync_due(60_000, Some(1_000), Some(50_000), false, 110_000));
		assert!(!sync_due(60_000, None, Some(50_000), false, 100_000));
		assert!(sync_due(60_000, Some(1_000), None, true, 2_000));
		assert!(!sync_due(u64::MAX, Some(1), None, false, u64::MAX - 1));
	}

	#[test]
	fn shrink_limit_is_exact() {
		// 10 % of 100: 90 is fine, 89 is not.
		assert!(!shrinks_too_much(100, 90, 100_000));
		assert!(shrinks_too_much(100, 89, 100_000));
		assert!(!shrinks_too_much(100, 200, 0));
		assert!(!shrinks_too_much(0, 0, 0));
		assert!(shrinks_too_much(152, 151, 0));
		assert!(!shrinks_too_much(u32::MAX, 1, 1_000_000));
	}

	#[test]
	fn lists_that_are_empty_older_or_much_smaller_are_refused() {
		assert_eq!(check_list(0, 10, 5, None, 100_000), Err(Refusal::Empty));
		assert_eq!(
			check_list(5, 9, 5, Some(10), 100_000),
			Err(Refusal::Older { published_at: 9, applied: 10 })
		);
		assert_eq!(check_list(5, 10, 5, Some(10), 100_000), Ok(()));
		assert_eq!(
			check_list(89, 10, 100, Some(1), 100_000),
			Err(Refusal::ShrankTooMuch { from: 100, to: 89 })
		);
		assert_eq!(check_list(152, 10, 0, None, 100_000), Ok(()));
	}

	#[test]
	fn the_plan_is_the_exact_difference_in_bounded_parts() {
		let current = [a(1), a(3), a(5), a(7)];
		let next = [a(2), a(3), a(4), a(7), a(8)];
		let plan = SyncPlan::new(&current, &next);
		assert_eq!(plan.additions, vec![a(2), a(4), a(8)]);
		assert_eq!(plan.removals, vec![a(1), a(5)]);
		let parts: Vec<_> = plan.parts(2).collect();
		assert_eq!(parts.len(), 2);
		assert_eq!(parts[0], Part { add: &[a(2), a(4)], remove: &[a(1), a(5)] });
		assert_eq!(parts[1], Part { add: &[a(8)], remove: &[] });
		// Unchanged: one empty part.
		let same = SyncPlan::new(&next, &next);
		assert_eq!(same, SyncPlan::default());
		assert_eq!(same.parts(100).collect::<Vec<_>>(), vec![Part { add: &[], remove: &[] }]);
		// From nothing: everything is added, 152 in parts of 100.
		let all: Vec<[u8; 20]> = (0..152u32)
			.map(|i| {
				let mut x = [0u8; 20];
				x[..4].copy_from_slice(&i.to_be_bytes());
				x
			})
			.collect();
		let plan = SyncPlan::new(&[], &all);
		assert_eq!(plan.part_count(100), 2);
		let sizes: Vec<_> = plan.parts(100).map(|p| (p.add.len(), p.remove.len())).collect();
		assert_eq!(sizes, vec![(100, 0), (52, 0)]);
		let rebuilt: Vec<[u8; 20]> = plan.parts(100).flat_map(|p| p.add.iter().copied()).collect();
		assert_eq!(rebuilt, all);
	}
}
