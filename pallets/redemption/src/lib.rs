//! # Redemption pallet
//!
//! How coupons are used (seed §21, inputs of §14.1's credit score):
//!
//! - An issuer authorises and revokes the store accounts that may redeem its coupons, each
//!   with a hash of its location.
//! - A coupon is redeemed either by its holder (`redeem(coupon, store)`) or by the store with
//!   a **voucher** the holder signed off-chain with their Ethereum key (coupon, holder, store,
//!   nonce, valid-until block): the QR code shown at the counter (`redeem_voucher`).
//! - The chain checks the signature, that the voucher is unexpired and its nonce unused, that
//!   the holder owns the coupon, that it is sold or in circulation (a listed coupon must leave
//!   the book first), not expired, that the store is authorised by the issuer, and the
//!   compliance gate (sanctions, freezes of the holder, store, class and issuer).
//! - Redemption goes through the coupons pallet's ledger: the coupon becomes redeemed (it never
//!   moves again) and the issuer's redemption statistics and credit score are updated there.
//!   This pallet keeps each store's statistics, per issuer and in total, for reconciliation.
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

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use pallet_compliance::ComplianceGate;
	use pallet_coupons::{CouponId, CouponLedger};
	use sp_core::H256;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A voucher of this runtime.
	pub type VoucherOf<T> = Voucher<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// Configuration of the redemption pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The coupons pallet: reads coupons, redeems them through its state machine (which
		/// updates the issuer's statistics and credit).
		type Coupons: CouponLedger<Self::AccountId, Balance = Balance>;
		/// The compliance gate every redemption asks.
		type Gate: ComplianceGate<Self::AccountId>;
		/// The movement log AML screening reads: every redemption is recorded there.
		type Movements: pallet_compliance::MovementLog<Self::AccountId>;
		/// A holder's signature of a voucher (the runtime's Ethereum-style ECDSA signature).
		type Signature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter
			+ MaxEncodedLen;
		/// Wall-clock time.
		type TimeProvider: UnixTime;
		/// Most stores one issuer authorises.
		#[pallet::constant]
		type MaxStoresPerIssuer: Get<u32>;
		/// Most blocks a voucher may stay valid (bounds how long its nonce is kept).
		#[pallet::constant]
		type MaxVoucherLifetime: Get<BlockNumberFor<Self>>;
		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::Signature>;
	}

	/// Runtime support for this pallet's benchmarks: issuers, coupons, KYC and keys come from
	/// elsewhere.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, Signature> {
		/// An approved `issuer` with a class whose coupon was sold to `holder`; returns it.
		fn sold_coupon(issuer: &AccountId, holder: &AccountId) -> CouponId;
		/// A new account whose key can sign (a holder of vouchers).
		fn new_signer() -> AccountId;
		/// `signer`'s signature of `message`.
		fn sign(signer: &AccountId, message: &[u8]) -> Signature;
	}

	/// The stores each issuer authorised, with what they redeemed of its coupons.
	#[pallet::storage]
	pub type Stores<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		StoreAuthorisation,
	>;

	/// How many stores each issuer has authorised.
	#[pallet::storage]
	pub type StoreCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// What each store redeemed, over all issuers (kept after a revocation).
	#[pallet::storage]
	pub type StoreStatistics<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RedemptionStats, ValueQuery>;

	/// Voucher nonces each holder has used, with the last block their voucher was valid in.
	#[pallet::storage]
	pub type UsedNonces<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, BlockNumberFor<T>>;

	/// The same nonces by the block their voucher lapses after, so they can be forgotten then
	/// (a lapsed voucher is refused anyway).
	#[pallet::storage]
	pub type NonceExpiry<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Blake2_128Concat,
		(T::AccountId, u64),
		(),
	>;

	/// The first block whose lapsed nonces have not all been forgotten.
	#[pallet::storage]
	pub type PruneCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `issuer` authorised `store` (or changed its location) to redeem its coupons.
		StoreAuthorised { issuer: T::AccountId, store: T::AccountId, location_hash: H256 },
		/// `issuer` revoked `store`.
		StoreRevoked { issuer: T::AccountId, store: T::AccountId },
		/// `store` redeemed `coupon` of `issuer` for `holder` (with the holder's voucher
		/// `nonce`, when the store submitted one).
		CouponRedeemed {
			coupon: CouponId,
			holder: T::AccountId,
			store: T::AccountId,
			issuer: T::AccountId,
			face_value: Balance,
			voucher_nonce: Option<u64>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only an approved, active issuer authorises stores.
		NotAnActiveIssuer,
		/// The issuer already has `MaxStoresPerIssuer` stores.
		TooManyStores,
		/// The store is not authorised by the coupon's issuer.
		StoreNotAuthorised,
		/// No such coupon.
		UnknownCoupon,
		/// The holder does not hold the coupon.
		NotOwner,
		/// The coupon's class is past its expiry day.
		CouponExpired,
		/// The coupon is listed on the order book: cancel the order first.
		CouponListed,
		/// The coupon was redeemed already.
		AlreadyRedeemed,
		/// The coupon was never sold (or was recalled or expired): nothing to redeem.
		NotRedeemable,
		/// The voucher names another store than the one submitting it.
		WrongStore,
		/// The voucher's last valid block has passed.
		VoucherExpired,
		/// The voucher is valid for longer than `MaxVoucherLifetime` blocks.
		VoucherValidTooLong,
		/// The signature is not the holder's signature of this voucher on this chain.
		BadSignature,
		/// The holder already used this nonce in a voucher.
		NonceUsed,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Forgets the nonces of lapsed vouchers with the block's spare weight.
		fn on_idle(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::prune_nonces(now, remaining)
		}

		fn integrity_test() {
			assert!(!T::MaxStoresPerIssuer::get().is_zero(), "issuers need stores");
			assert!(!T::MaxVoucherLifetime::get().is_zero(), "vouchers need a lifetime");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Authorise `store` to redeem the caller's coupons (an active issuer), at a location
		/// given as a hash; again, to change the location hash.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::authorise_store())]
		pub fn authorise_store(
			origin: OriginFor<T>,
			store: T::AccountId,
			location_hash: H256,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_authorise_store(issuer, store, location_hash)
		}

		/// Revoke `store`: it no longer redeems the caller's coupons (its statistics stay).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_store())]
		pub fn revoke_store(origin: OriginFor<T>, store: T::AccountId) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_revoke_store(issuer, store)
		}

		/// Redeem the caller's `coupon` at `store` (the holder, at the counter).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::redeem())]
		pub fn redeem(
			origin: OriginFor<T>,
			coupon: CouponId,
			store: T::AccountId,
		) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			Self::do_redeem(holder, coupon, store, None)
		}

		/// Redeem a coupon with the voucher its holder signed (the store that the voucher
		/// names, scanning the holder's QR code).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::redeem_voucher())]
		pub fn redeem_voucher(
			origin: OriginFor<T>,
			voucher: VoucherOf<T>,
			signature: T::Signature,
		) -> DispatchResult {
			let store = ensure_signed(origin)?;
			Self::do_redeem_voucher(store, voucher, signature)
		}
	}
}
