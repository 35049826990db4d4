//! Benchmarks of the mapping anchor pallet's call and block hook.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use sp_core::H256;

/// The `index`th anchor party.
fn party<T: Config>(index: u32) -> T::AccountId {
	let who: T::AccountId = account("party", index, 0);
	if !T::Roles::has_role(Role::AnchorParty, &who) {
		T::BenchmarkHelper::make_anchor_party(&who);
	}
	who
}

fn anchor(n: u8) -> Anchor {
	Anchor { root: H256::repeat_byte(n), leaf_count: 1_000_000 }
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The heaviest submission: the epoch already holds all but one submission, each a
	/// different root (contested), and this one agrees with the first, so it scans them all,
	/// raises a conflict and finalizes the root.
	#[benchmark]
	fn submit_root() {
		let epoch = Pallet::<T>::epoch_at(Pallet::<T>::now());
		let max = T::MaxSubmissions::get();
		let threshold = T::Threshold::get();
		// threshold - 1 parties agree on root 0; the others each submit their own root.
		for index in 0..max - 1 {
			let root = if index < threshold - 1 { anchor(0) } else { anchor(index as u8 + 1) };
			Pallet::<T>::do_submit_root(party::<T>(index), epoch, root).unwrap();
		}
		let last = party::<T>(max - 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(last), epoch, anchor(0).root, anchor(0).leaf_count);
		assert_eq!(LatestFinal::<T>::get(), Some(FinalRoot { epoch, anchor: anchor(0) }));
	}

	/// The block hook looking at `n` epochs past their deadline, none of them final. Measured
	/// over a wider range than the runtime's bound (a handful), so that the per-epoch slope is
	/// well sampled.
	#[benchmark]
	fn watch_epochs(n: Linear<0, 100>) {
		let now = Pallet::<T>::deadline(1_000) + 1;
		WatchCursor::<T>::put(1_001 - n as u64);
		let watched;
		#[block]
		{
			watched = Pallet::<T>::watch_epochs_up_to(now, n);
		}
		assert_eq!(watched, n);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
