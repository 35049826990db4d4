//! # Mapping anchor pallet
//!
//! The platform's most valuable security asset is its table from users to chain addresses
//! (seed §26). Every hour three anchor parties (platform server, HSM module, audit node: the
//! compliance pallet's `AnchorParty` role) each compute the table's Merkle root
//! ([`genex_primitives::mapping`]) and submit `(epoch, root, leaf count)`:
//!
//! - A root is final once `Threshold` (two) parties submitted the same root and count. A party
//!   that submits a different one marks the epoch contested and raises [`Event::RootConflict`]
//!   (a P1 incident); a third party agreeing after finality is a confirmation.
//! - Epochs only move forward: nothing is accepted for an epoch before the latest final one,
//!   nor for an epoch whose hour has not begun.
//! - An epoch with no final root `ConfirmationDeadline` (two hours) after it is due raises
//!   [`Event::EpochMissing`]; the block hook watches epochs with a cursor.
//! - The [`runtime_api::MappingAnchorApi`] (and so JSON-RPC `state_call`) returns the latest
//!   final root and verifies a row's proof against an epoch's final root, so that anyone can
//!   check that the platform's table was not changed after it was anchored.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

use pallet_compliance::{Role, RoleInspect};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// An epoch's record in this runtime.
	pub type EpochRecordOf<T> =
		EpochRecord<<T as frame_system::Config>::AccountId, <T as Config>::MaxSubmissions>;

	/// Configuration of the mapping anchor pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who holds the anchor-party role (the compliance pallet).
		type Roles: RoleInspect<Self::AccountId>;

		/// Wall-clock time.
		type TimeProvider: UnixTime;

		/// Length of an epoch in milliseconds (one hour).
		#[pallet::constant]
		type EpochDuration: Get<u64>;

		/// Milliseconds after an epoch is due by which its root should be final (two hours).
		#[pallet::constant]
		type ConfirmationDeadline: Get<u64>;

		/// Parties that must submit the same root for it to be final (two).
		#[pallet::constant]
		type Threshold: Get<u32>;

		/// Most submissions an epoch keeps (at least the number of anchor parties).
		#[pallet::constant]
		type MaxSubmissions: Get<u32>;

		/// Most epochs the block hook checks for a missing root in one block (catching up
		/// after the chain stood still).
		#[pallet::constant]
		type MaxEpochsWatchedPerBlock: Get<u32>;

		/// Weights of this pallet's calls and hook, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Runtime support for this pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Gives `who` the anchor-party role.
		fn make_anchor_party(who: &AccountId);
	}

	/// Submissions and finality of every epoch anything was submitted for.
	#[pallet::storage]
	pub type Epochs<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, EpochRecordOf<T>>;

	/// The latest epoch with a final root.
	#[pallet::storage]
	pub type LatestFinal<T: Config> = StorageValue<_, FinalRoot>;

	/// The next epoch the block hook checks for a missing root.
	#[pallet::storage]
	pub type WatchCursor<T: Config> = StorageValue<_, EpochIndex>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `party` submitted `anchor` for `epoch`.
		RootSubmitted { epoch: EpochIndex, party: T::AccountId, anchor: Anchor },
		/// `epoch`'s root is final: `Threshold` parties agree. `late`: after the deadline.
		RootFinalized { epoch: EpochIndex, anchor: Anchor, late: bool },
		/// A further party confirmed `epoch`'s final root.
		RootConfirmed { epoch: EpochIndex, party: T::AccountId },
		/// `party` submitted `anchor` for `epoch`, which differs from `other` (the final root,
		/// or another party's submission): the epoch is contested, a P1 incident.
		RootConflict { epoch: EpochIndex, party: T::AccountId, anchor: Anchor, other: Anchor },
		/// `epoch` has no final root two hours after it was due.
		EpochMissing { epoch: EpochIndex },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not hold the anchor-party role.
		NotAnchorParty,
		/// The epoch's hour has not begun.
		EpochInFuture,
		/// A later epoch is already final: epochs only move forward.
		EpochSuperseded,
		/// This party already submitted for this epoch.
		AlreadySubmitted,
		/// The epoch holds `MaxSubmissions` submissions already.
		TooManySubmissions,
		/// A table without rows is never anchored.
		EmptyTable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Reports epochs whose root is missing past the deadline, a few per block.
		fn on_initialize(block: BlockNumberFor<T>) -> Weight {
			// The timestamp of block 1 is not set before its inherent runs.
			if block <= 1u32.into() {
				return T::WeightInfo::watch_epochs(0);
			}
			let watched = Self::do_watch_epochs(Self::now());
			T::WeightInfo::watch_epochs(watched)
		}

		fn integrity_test() {
			assert!(T::Threshold::get() >= 2, "one party alone must not anchor the table");
			assert!(
				T::MaxSubmissions::get() > T::Threshold::get(),
				"an epoch must hold the threshold and a dissenting submission"
			);
			assert!(T::EpochDuration::get() > 0, "epochs have a length");
			assert!(T::MaxEpochsWatchedPerBlock::get() > 0, "the watch must advance");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit the root and row count of the mapping table as of `epoch` (an anchor party).
		/// The root is final once `Threshold` parties submitted the same one.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_root())]
		pub fn submit_root(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			root: H256,
			leaf_count: u32,
		) -> DispatchResult {
			let party = ensure_signed(origin)?;
			ensure!(T::Roles::has_role(Role::AnchorParty, &party), Error::<T>::NotAnchorParty);
			Self::do_submit_root(party, epoch, Anchor { root, leaf_count })
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// What was submitted for `epoch`, and whether it is final.
		pub fn epoch_record(epoch: EpochIndex) -> Option<EpochRecordOf<T>> {
			Epochs::<T>::get(epoch)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Milliseconds since the Unix epoch.
		pub(crate) fn now() -> u64 {
			T::TimeProvider::now().as_millis() as u64
		}
	}
}
