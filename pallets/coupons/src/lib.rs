//! # Coupons pallet
//!
//! The issuance side of the Genex exchange (seed §3.2, §7, §11.1, §11.2, §21, §27):
//!
//! - **Issuers** apply with hashes of their company name and licence; a compliance origin
//!   approves (the issuer then posts a guarantee deposit in stablecoin) or rejects them. Each
//!   issuer has a fee tier, a credit score from the four-factor formula (fixed point), the
//!   rating that score earns and the issuance quota of that rating.
//! - **Classes**: an active issuer creates a class (face value, stablecoin, track, expiry day,
//!   resale limit, refund window, transferability, supply cap, metadata hash) within its quota.
//! - **Coupons**: `mint` creates a batch, charging the tier's issuance fee to the treasury;
//!   every coupon has its own id, owner, status and resale count. Every status change, by this
//!   pallet or another one (through [`CouponLedger`]), goes through one state machine,
//!   [`CouponStatus::after`].
//! - **Expiry**: once a class's expiry day is over, its coupons expire over as many blocks as it
//!   takes, within a bounded share of block weight; sold unredeemed coupons are breakage, of
//!   which the platform's share is collected from the issuer (a shortfall becomes debt that
//!   blocks minting).
//! - **Defaults**: minor (downgrade), major (issuance frozen, guarantee deposit refunds
//!   holders), critical (issuer frozen, coupons marked at risk).
//!
//! Other pallets use coupons only through the [`CouponLedger`] trait.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod features;
mod functions;
#[cfg(test)]
mod mock;
mod testing;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use features::{
	credit,
	ledger::{ClassInfo, CouponInfo, CouponLedger},
};
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{tokens::fungibles, Contains, UnixTime},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::{Perbill, Permill};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the coupons pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The stablecoins (`pallet-assets`): face values, fees, guarantee deposits.
		type Assets: fungibles::Mutate<Self::AccountId>;

		/// Wall-clock time (the timestamp pallet).
		type TimeProvider: UnixTime;

		/// The compliance gate: a sanctioned or frozen issuer, or a frozen class, cannot issue.
		type Gate: pallet_compliance::ComplianceGate<Self::AccountId>;

		/// Approves and rejects issuers and classes, changes issuer status, handles defaults.
		type ComplianceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Sets fee tiers and the rating table.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Sets an issuer's holder-satisfaction figure (a credit input).
		type SatisfactionOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The stablecoins a class may be denominated in.
		type Stablecoins: Contains<AssetIdOf<Self>>;

		/// The stablecoin of guarantee deposits.
		type GuaranteeAsset: Get<AssetIdOf<Self>>;

		/// The platform treasury: receives issuance fees and the platform's breakage share.
		type Treasury: Get<Self::AccountId>;

		/// The pallet's account id seed: it holds guarantee deposits.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Issuance fee of each tier (silver 1.5 %, gold 1.2 %, platinum 1.0 %, diamond 0.8 %).
		#[pallet::constant]
		type TierFees: Get<TierFees>;

		/// The tier whose fee every issuer pays during its first month (gold).
		#[pallet::constant]
		type FirstMonthTier: Get<IssuerTier>;

		/// The platform's share of breakage (10 %); the issuer keeps the rest.
		#[pallet::constant]
		type PlatformBreakageShare: Get<Permill>;

		/// Share of the issuance quota an approved issuer must post as guarantee deposit.
		#[pallet::constant]
		type GuaranteeShare: Get<Perbill>;

		/// Smallest face value of a class.
		#[pallet::constant]
		type MinFaceValue: Get<BalanceOf<Self>>;

		/// Largest face value of a class.
		#[pallet::constant]
		type MaxFaceValue: Get<BalanceOf<Self>>;

		/// Furthest a utility class's expiry may be, in days from today (365).
		#[pallet::constant]
		type MaxUtilityExpiryDays: Get<u32>;

		/// Furthest any class's expiry may be, in days from today.
		#[pallet::constant]
		type MaxExpiryDays: Get<u32>;

		/// Resales per coupon when the issuer does not say (3).
		#[pallet::constant]
		type DefaultMaxResales: Get<u8>;

		/// Most resales an issuer may allow per coupon.
		#[pallet::constant]
		type MaxResalesLimit: Get<u8>;

		/// Primary refund window when the issuer does not say, in days (7).
		#[pallet::constant]
		type DefaultRefundWindowDays: Get<u16>;

		/// Longest primary refund window, in days.
		#[pallet::constant]
		type MaxRefundWindowDays: Get<u16>;

		/// Most coupons one `mint` creates.
		#[pallet::constant]
		type MaxMintBatch: Get<u32>;

		/// Most coupons one `recall` takes back.
		#[pallet::constant]
		type MaxRecallBatch: Get<u32>;

		/// Largest supply cap of a class.
		#[pallet::constant]
		type MaxSupplyCap: Get<u32>;

		/// Most classes one issuer may create (bounds default handling).
		#[pallet::constant]
		type MaxClassesPerIssuer: Get<u32>;

		/// Whether new classes wait as drafts for compliance approval.
		#[pallet::constant]
		type ClassReviewRequired: Get<bool>;

		/// Share of a block's maximum weight that expiry processing may use.
		#[pallet::constant]
		type ExpiryWeightShare: Get<Perbill>;

		/// Weights of this pallet's calls and hooks, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Runtime support for this pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper {
		/// Sets the wall-clock time `TimeProvider` reports, in milliseconds.
		fn set_time(now: Moment);
	}

	#[pallet::type_value]
	pub fn DefaultRatingTable<T: Config>() -> BoundedVec<RatingBand<BalanceOf<T>>, ConstU32<8>> {
		credit::default_rating_table::<BalanceOf<T>>()
	}

	/// Issuers by account.
	#[pallet::storage]
	pub type Issuers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IssuerOf<T>>;

	/// The on-chain record the credit formula reads, per issuer.
	#[pallet::storage]
	pub type IssuerStatistics<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, IssuerStats<BalanceOf<T>>, ValueQuery>;

	/// Per-issuer totals by calendar year (UTC), for tax reporting.
	#[pallet::storage]
	pub type IssuerYearTotals<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u16,
		YearTotals<BalanceOf<T>>,
		ValueQuery,
	>;

	/// The classes of each issuer.
	#[pallet::storage]
	pub type IssuerClasses<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ClassId, ()>;

	/// Platform breakage share an issuer could not pay, per stablecoin: blocks minting.
	#[pallet::storage]
	pub type IssuerDebt<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		AssetIdOf<T>,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Score bands: rating and issuance quota by credit score, best first.
	#[pallet::storage]
	pub type RatingTable<T: Config> = StorageValue<
		_,
		BoundedVec<RatingBand<BalanceOf<T>>, ConstU32<8>>,
		ValueQuery,
		DefaultRatingTable<T>,
	>;

	/// The id the next class gets.
	#[pallet::storage]
	pub type NextClassId<T: Config> = StorageValue<_, ClassId, ValueQuery>;

	/// Coupon classes.
	#[pallet::storage]
	pub type Classes<T: Config> = StorageMap<_, Twox64Concat, ClassId, CouponClassOf<T>>;

	/// Coupons by class and serial.
	#[pallet::storage]
	pub type CouponItems<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ClassId, Twox64Concat, Serial, CouponOf<T>>;

	/// The coupons each account holds (including redeemed and expired ones, as history).
	#[pallet::storage]
	pub type OwnedCoupons<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, CouponId, ()>;

	/// Active classes by expiry day: the expiry hook walks it day by day.
	#[pallet::storage]
	pub type ClassesExpiringOn<T: Config> =
		StorageDoubleMap<_, Twox64Concat, Day, Twox64Concat, ClassId, ()>;

	/// The first expiry day the hook has not finished (0 before the first run).
	#[pallet::storage]
	pub type NextExpiryDay<T: Config> = StorageValue<_, Day, ValueQuery>;

	/// The class currently being expired and how far it has got.
	#[pallet::storage]
	pub type ExpiryProgress<T: Config> = StorageValue<_, ExpiryCursor<BalanceOf<T>>>;

	/// Guarantee deposits of defaulted issuers, open for holders' claims.
	#[pallet::storage]
	pub type GuaranteePools<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, GuaranteePool<AssetIdOf<T>, BalanceOf<T>>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account applied to become an issuer.
		IssuerApplied { issuer: T::AccountId },
		/// Compliance approved an issuer, which posted its guarantee deposit.
		IssuerApproved { issuer: T::AccountId, guarantee: BalanceOf<T> },
		/// Compliance rejected an application; the account may apply again.
		IssuerRejected { issuer: T::AccountId },
		/// An issuer's status changed.
		IssuerStatusChanged { issuer: T::AccountId, status: IssuerStatus },
		/// Governance set an issuer's fee tier.
		IssuerTierSet { issuer: T::AccountId, tier: IssuerTier },
		/// An issuer's holder-satisfaction figure was set.
		SatisfactionSet { issuer: T::AccountId, satisfaction: Permill },
		/// An issuer's credit was recomputed.
		CreditUpdated {
			issuer: T::AccountId,
			score: Score,
			rating: CreditRating,
			quota: BalanceOf<T>,
		},
		/// An issuer defaulted.
		IssuerDefaulted { issuer: T::AccountId, severity: DefaultSeverity },
		/// A defaulted issuer's guarantee deposit is open to its holders: each claim pays
		/// `ratio` of the coupon's face value.
		GuaranteePoolOpened {
			issuer: T::AccountId,
			asset: AssetIdOf<T>,
			amount: BalanceOf<T>,
			ratio: Perbill,
		},
		/// A class of an issuer in critical default is at risk: holders are warned.
		ClassAtRisk { class: ClassId, issuer: T::AccountId },
		/// A class was created (as a draft when review is on).
		ClassCreated { class: ClassId, issuer: T::AccountId, status: ClassStatus },
		/// Compliance approved a draft class.
		ClassApproved { class: ClassId },
		/// Compliance rejected a draft class.
		ClassRejected { class: ClassId },
		/// Coupons `first_serial .. first_serial + quantity` were minted to the issuer.
		Minted {
			class: ClassId,
			issuer: T::AccountId,
			first_serial: Serial,
			quantity: u32,
			fee: BalanceOf<T>,
		},
		/// The issuer took back unsold coupons; their face value is quota again.
		Recalled { class: ClassId, quantity: u32, quota_restored: BalanceOf<T> },
		/// A coupon changed status (or owner) through the state machine.
		CouponStatusChanged { coupon: CouponId, status: CouponStatus, owner: T::AccountId },
		/// A class's expiry day is over; its coupons are being expired.
		ClassExpiring { class: ClassId },
		/// Every coupon of a class has been expired.
		ClassExpired { class: ClassId, expired: u32, breakage: BalanceOf<T> },
		/// The platform's breakage share was collected from an issuer.
		BreakageCollected { issuer: T::AccountId, asset: AssetIdOf<T>, amount: BalanceOf<T> },
		/// An issuer could not pay the platform's breakage share; it owes this much more.
		DebtIncurred { issuer: T::AccountId, asset: AssetIdOf<T>, amount: BalanceOf<T> },
		/// An issuer paid off debt.
		DebtPaid { issuer: T::AccountId, asset: AssetIdOf<T>, amount: BalanceOf<T> },
		/// A holder was paid from a defaulted issuer's guarantee deposit; the coupon is recalled.
		GuaranteeClaimed { coupon: CouponId, holder: T::AccountId, amount: BalanceOf<T> },
		/// Governance replaced the rating table.
		RatingTableSet,
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already an issuer or has applied.
		AlreadyApplied,
		/// The account is not an issuer.
		UnknownIssuer,
		/// The issuer is not pending review.
		NotPending,
		/// The issuer is not active (pending, suspended, defaulted or terminated).
		IssuerNotActive,
		/// The issuer is frozen after a critical default.
		IssuerFrozen,
		/// That status cannot be set this way (use approve or handle_default).
		InvalidStatusChange,
		/// The issuer cannot post its guarantee deposit.
		InsufficientGuarantee,
		/// The issuer has reached its class limit.
		TooManyClasses,
		/// The stablecoin is not one a class may use.
		UnsupportedAsset,
		/// Face value below the minimum.
		FaceValueTooLow,
		/// Face value above the maximum.
		FaceValueTooHigh,
		/// The expiry day is already past.
		ExpiryInPast,
		/// The expiry day is further out than allowed (utility: 365 days).
		ExpiryTooFar,
		/// More resales than allowed.
		TooManyResales,
		/// Refund window longer than allowed.
		RefundWindowTooLong,
		/// Supply cap zero or above the maximum.
		InvalidSupplyCap,
		/// Face value × supply cap is beyond the issuer's remaining quota.
		QuotaExceeded,
		/// An amount overflowed.
		Overflow,
		/// No such class.
		UnknownClass,
		/// The class is not a draft awaiting review.
		NotDraft,
		/// The class is not active (draft, rejected or expired).
		ClassNotActive,
		/// Only the class's issuer may do this.
		NotClassIssuer,
		/// Quantity zero or above the batch limit.
		InvalidQuantity,
		/// Minting this many would pass the class's supply cap.
		SupplyCapExceeded,
		/// The issuer cannot pay the issuance fee.
		InsufficientFeeFunds,
		/// The issuer owes platform breakage; pay it before minting.
		OutstandingDebt,
		/// No debt to pay in that stablecoin.
		NoDebt,
		/// No such coupon.
		UnknownCoupon,
		/// The transition is not allowed in the coupon's status.
		InvalidTransition,
		/// The coupon is redeemed, expired or recalled: nothing more can happen to it.
		CouponFinal,
		/// The caller does not hold the coupon.
		NotOwner,
		/// The coupon has been resold as often as its class allows.
		ResaleLimitReached,
		/// The class does not allow transfers.
		NotTransferable,
		/// The class's expiry day is over.
		ClassExpired,
		/// No resale to reverse.
		NothingToReverse,
		/// The rating table is empty, unsorted or has two bands for one rating.
		InvalidRatingTable,
		/// The issuer has no open guarantee pool.
		NoGuaranteePool,
		/// The guarantee pool is exhausted.
		GuaranteeExhausted,
		/// The issuer already defaulted this badly.
		AlreadyDefaulted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Expires the coupons of classes whose expiry day is over, within
		/// `ExpiryWeightShare` of the block.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let budget = T::ExpiryWeightShare::get()
				* <T as frame_system::Config>::BlockWeights::get().max_block;
			Self::process_expiry(budget)
		}

		fn integrity_test() {
			assert!(T::MinFaceValue::get() > 0u32.into(), "MinFaceValue must be positive");
			assert!(
				T::MinFaceValue::get() <= T::MaxFaceValue::get(),
				"MinFaceValue > MaxFaceValue"
			);
			assert!(T::DefaultMaxResales::get() <= T::MaxResalesLimit::get());
			assert!(T::DefaultRefundWindowDays::get() <= T::MaxRefundWindowDays::get());
			assert!(T::MaxUtilityExpiryDays::get() <= T::MaxExpiryDays::get());
			assert!(T::MaxMintBatch::get() > 0 && T::MaxRecallBatch::get() > 0);
			assert!(T::MaxSupplyCap::get() > 0 && T::MaxClassesPerIssuer::get() > 0);
			assert!(!T::ExpiryWeightShare::get().is_zero(), "expiry would never progress");
			assert!(
				credit::validate_rating_table(&credit::default_rating_table::<BalanceOf<T>>()),
				"the default rating table must be valid"
			);
			// One coupon's expiry must fit the budget, or expiry never progresses.
			let budget = T::ExpiryWeightShare::get()
				* <T as frame_system::Config>::BlockWeights::get().max_block;
			assert!(
				T::WeightInfo::expire_coupons(1).all_lte(budget),
				"ExpiryWeightShare too small for one coupon"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Apply to become an issuer. Only hashes of the company name, business licence and
		/// further metadata go on chain. The issuer starts as pending, BBB, 60.00.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply_issuer())]
		pub fn apply_issuer(
			origin: OriginFor<T>,
			company_hash: H256,
			licence_hash: H256,
			metadata_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply_issuer(who, company_hash, licence_hash, metadata_hash)
		}

		/// Approve a pending issuer (compliance). The issuer's guarantee deposit
		/// (`GuaranteeShare` of its quota, in the guarantee stablecoin) moves into the pallet's
		/// account; approval fails if it cannot pay it.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve_issuer())]
		pub fn approve_issuer(origin: OriginFor<T>, issuer: T::AccountId) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_approve_issuer(issuer)
		}

		/// Reject a pending application (compliance). The record is removed.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reject_issuer())]
		pub fn reject_issuer(origin: OriginFor<T>, issuer: T::AccountId) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_reject_issuer(issuer)
		}

		/// Suspend, reactivate or terminate an approved issuer (compliance).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_issuer_status())]
		pub fn set_issuer_status(
			origin: OriginFor<T>,
			issuer: T::AccountId,
			status: IssuerStatus,
		) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_set_issuer_status(issuer, status)
		}

		/// Set an issuer's fee tier (governance).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_tier())]
		pub fn set_tier(
			origin: OriginFor<T>,
			issuer: T::AccountId,
			tier: IssuerTier,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_tier(issuer, tier)
		}

		/// Set an issuer's holder satisfaction (0–100 %), a credit input; the credit is
		/// recomputed.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_satisfaction())]
		pub fn set_satisfaction(
			origin: OriginFor<T>,
			issuer: T::AccountId,
			satisfaction: Permill,
		) -> DispatchResult {
			T::SatisfactionOrigin::ensure_origin(origin)?;
			Self::do_set_satisfaction(issuer, satisfaction)
		}

		/// Recompute an issuer's credit now (anyone may call it; tenure grows with time, so the
		/// score can change without any other input changing).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::refresh_credit())]
		pub fn refresh_credit(origin: OriginFor<T>, issuer: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(Issuers::<T>::contains_key(&issuer), Error::<T>::UnknownIssuer);
			Self::update_credit(&issuer);
			Ok(())
		}

		/// Handle an issuer's default (compliance): minor downgrades it one notch; major
		/// freezes its issuance and opens its guarantee deposit to holders; critical also
		/// freezes the issuer and marks all its classes at risk.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::handle_default(T::MaxClassesPerIssuer::get()))]
		pub fn handle_default(
			origin: OriginFor<T>,
			issuer: T::AccountId,
			severity: DefaultSeverity,
		) -> DispatchResultWithPostInfo {
			T::ComplianceOrigin::ensure_origin(origin)?;
			let classes = Self::do_handle_default(issuer, severity)?;
			Ok(Some(T::WeightInfo::handle_default(classes)).into())
		}

		/// Create a coupon class (an active issuer). Checks the face value, expiry (utility:
		/// at most 365 days out), resale and refund limits, supply cap, and that face value ×
		/// supply cap fits the issuer's remaining quota. The class is a draft if review is on.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::create_class())]
		pub fn create_class(
			origin: OriginFor<T>,
			params: ClassParams<AssetIdOf<T>, BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_class(who, params).map(|_| ())
		}

		/// Approve a draft class (compliance).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::approve_class())]
		pub fn approve_class(origin: OriginFor<T>, class: ClassId) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_review_class(class, true)
		}

		/// Reject a draft class (compliance).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::reject_class())]
		pub fn reject_class(origin: OriginFor<T>, class: ClassId) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_review_class(class, false)
		}

		/// Mint `quantity` coupons of an active class to its issuer (at most `MaxMintBatch`).
		/// Uses face value × quantity of quota and pays the issuance fee of the issuer's tier
		/// (gold in its first month) to the treasury.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::mint(*quantity))]
		pub fn mint(origin: OriginFor<T>, class: ClassId, quantity: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_mint(who, class, quantity)
		}

		/// Take back coupons the issuer still holds unsold (status minted); their face value
		/// is quota again.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::recall(serials.len() as u32))]
		pub fn recall(
			origin: OriginFor<T>,
			class: ClassId,
			serials: BoundedVec<Serial, T::MaxRecallBatch>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_recall(who, class, serials)
		}

		/// Pay off platform breakage debt in `asset` (up to `amount`).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::pay_debt())]
		pub fn pay_debt(
			origin: OriginFor<T>,
			asset: AssetIdOf<T>,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_pay_debt(who, asset, amount)
		}

		/// A holder of a sold coupon of a defaulted issuer takes its share of the guarantee
		/// deposit; the coupon is recalled.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::claim_guarantee())]
		pub fn claim_guarantee(origin: OriginFor<T>, coupon: CouponId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_guarantee(who, coupon)
		}

		/// Replace the rating table (governance): score bands best first, one per rating.
		/// Every issuer's quota follows at its next credit update.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::set_rating_table())]
		pub fn set_rating_table(
			origin: OriginFor<T>,
			table: BoundedVec<RatingBand<BalanceOf<T>>, ConstU32<8>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(credit::validate_rating_table(&table), Error::<T>::InvalidRatingTable);
			RatingTable::<T>::put(table);
			Self::deposit_event(Event::RatingTableSet);
			Ok(())
		}
	}
}
