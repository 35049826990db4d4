//! Types of the coupons pallet: issuers, credit, classes, coupons and the coupon state machine.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::traits::tokens::fungibles;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{Perbill, Permill};

use crate::Config;

/// Identifier of a coupon class.
pub type ClassId = u32;
/// Position of a coupon within its class: 0, 1, 2, … in minting order.
pub type Serial = u32;
/// A calendar day: days since 1970-01-01 (UTC).
pub type Day = u32;
/// Milliseconds since the Unix epoch.
pub type Moment = u64;

/// Milliseconds in a day.
pub const DAY_MS: Moment = genex_primitives::calendar::DAY_MS;
/// Milliseconds in a (30-day) month, the unit of issuer tenure.
pub const MONTH_MS: Moment = 30 * DAY_MS;

/// The stablecoin asset id type.
pub type AssetIdOf<T> =
	<<T as Config>::Assets as fungibles::Inspect<<T as frame_system::Config>::AccountId>>::AssetId;
/// Stablecoin base units.
pub type BalanceOf<T> =
	<<T as Config>::Assets as fungibles::Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An issuer record of this runtime.
pub type IssuerOf<T> = Issuer<BalanceOf<T>>;
/// A coupon class of this runtime.
pub type CouponClassOf<T> =
	CouponClass<<T as frame_system::Config>::AccountId, AssetIdOf<T>, BalanceOf<T>>;
/// A coupon of this runtime.
pub type CouponOf<T> = Coupon<<T as frame_system::Config>::AccountId>;
/// What a coupon transition does, in this runtime's types.
pub type CouponActionOf<T> = CouponAction<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A coupon: the `serial`-th coupon minted in class `class`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct CouponId {
	/// The class the coupon belongs to.
	pub class: ClassId,
	/// Its position in the class.
	pub serial: Serial,
}

impl CouponId {
	/// The coupon `serial` of `class`.
	pub const fn new(class: ClassId, serial: Serial) -> Self {
		Self { class, serial }
	}
}

/// Where an issuer stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum IssuerStatus {
	/// Applied, waiting for compliance review.
	Pending,
	/// Approved: may create classes and mint.
	Active,
	/// Temporarily barred from creating classes and minting by compliance.
	Suspended,
	/// Defaulted (major or critical): issuance frozen for good.
	Defaulted,
	/// No longer an issuer.
	Terminated,
}

/// Fee tier of an issuer, set by governance.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum IssuerTier {
	/// 1.5 % issuance fee (default).
	Silver,
	/// 1.2 %; every issuer pays this rate in its first month.
	Gold,
	/// 1.0 %.
	Platinum,
	/// 0.8 %.
	Diamond,
}

/// Issuance fee of each tier.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct TierFees {
	/// Silver's rate.
	pub silver: Permill,
	/// Gold's rate.
	pub gold: Permill,
	/// Platinum's rate.
	pub platinum: Permill,
	/// Diamond's rate.
	pub diamond: Permill,
}

impl TierFees {
	/// The rates the seed fixes: silver 1.5 %, gold 1.2 %, platinum 1.0 %, diamond 0.8 %.
	pub const SEED: TierFees = TierFees {
		silver: Permill::from_parts(15_000),
		gold: Permill::from_parts(12_000),
		platinum: Permill::from_parts(10_000),
		diamond: Permill::from_parts(8_000),
	};

	/// The rate of `tier`.
	pub fn rate(&self, tier: IssuerTier) -> Permill {
		match tier {
			IssuerTier::Silver => self.silver,
			IssuerTier::Gold => self.gold,
			IssuerTier::Platinum => self.platinum,
			IssuerTier::Diamond => self.diamond,
		}
	}
}

/// Credit rating, best first. The order of the variants is the order of the notches.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum CreditRating {
	/// Highest.
	AAA,
	/// Second.
	AA,
	/// Third.
	A,
	/// A new issuer's rating.
	BBB,
	/// Below investment grade.
	BB,
	/// Weak.
	B,
	/// Lowest.
	C,
}

impl CreditRating {
	/// One notch lower (C stays C).
	pub fn down(self) -> Self {
		match self {
			Self::AAA => Self::AA,
			Self::AA => Self::A,
			Self::A => Self::BBB,
			Self::BBB => Self::BB,
			Self::BB => Self::B,
			Self::B | Self::C => Self::C,
		}
	}

	/// `notches` lower.
	pub fn down_by(self, notches: u8) -> Self {
		(0..notches).fold(self, |rating, _| rating.down())
	}
}

/// A credit score from 0.00 to 100.00, in hundredths (6000 = 60.00).
pub type Score = u16;
/// The highest score, 100.00.
pub const MAX_SCORE: Score = 10_000;

/// One row of the rating table: scores from `min_score` up get `rating` and `quota`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct RatingBand<Balance> {
	/// The rating of this band.
	pub rating: CreditRating,
	/// Lowest score (hundredths) in this band.
	pub min_score: Score,
	/// Issuance quota: face value an issuer of this rating may have outstanding.
	pub quota: Balance,
}

/// An issuer's credit: score, the rating it gives and the quota that rating allows.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Credit<Balance> {
	/// Score in hundredths.
	pub score: Score,
	/// Rating after any default downgrades.
	pub rating: CreditRating,
	/// Issuance quota of that rating.
	pub quota: Balance,
}

/// An issuer. Company name and business licence are kept only as hashes.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Issuer<Balance> {
	/// Hash of the registered company name.
	pub company_hash: H256,
	/// Hash of the business licence.
	pub licence_hash: H256,
	/// Hash of further off-chain metadata.
	pub metadata_hash: H256,
	/// Where the issuer stands.
	pub status: IssuerStatus,
	/// Fee tier.
	pub tier: IssuerTier,
	/// When the application was filed.
	pub applied_at: Moment,
	/// When compliance approved it (tenure counts from here).
	pub approved_at: Option<Moment>,
	/// Current credit.
	pub credit: Credit<Balance>,
	/// Notches taken off the formula's rating by minor defaults.
	pub downgrades: u8,
	/// Holder satisfaction (0–100 %), set by an authorised origin.
	pub satisfaction: Permill,
	/// Face value of this issuer's coupons that are outstanding (minted, not yet redeemed,
	/// expired or recalled): what the quota bounds.
	pub quota_used: Balance,
	/// Stablecoin held in the pallet's account as guarantee.
	pub guarantee: Balance,
	/// Set by a critical default: the issuer may do nothing any more.
	pub frozen: bool,
	/// Number of classes created.
	pub classes: u32,
}

/// What the credit formula reads: the issuer's own record on this chain.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct IssuerStats<Balance> {
	/// Face value of coupons sold on the primary market (net of refunds).
	pub sold_value: Balance,
	/// Face value of sold coupons redeemed.
	pub redeemed_value: Balance,
	/// Number of coupons redeemed.
	pub redeemed_count: u32,
	/// Face value of sold coupons that expired unredeemed.
	pub breakage_value: Balance,
	/// Number of such coupons.
	pub breakage_count: u32,
}

/// An issuer's totals for one calendar year (UTC), for tax reporting.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct YearTotals<Balance> {
	/// Primary-sale proceeds (net of primary refunds).
	pub sales: Balance,
	/// Face value of coupons redeemed.
	pub redemptions: Balance,
	/// Face value of sold coupons that expired unredeemed (breakage).
	pub breakage: Balance,
	/// The platform's share of that breakage.
	pub platform_breakage: Balance,
	/// Issuance fees paid.
	pub issuance_fees: Balance,
}

/// The regulatory track of a class.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Track {
	/// A voucher for goods or services: never priced above face value, expires within a year.
	Utility,
	/// An investment-like coupon (securities rules apply).
	Securities,
}

/// Lifecycle of a class.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ClassStatus {
	/// Waiting for compliance review (only when review is switched on).
	Draft,
	/// Approved: coupons may be minted.
	Active,
	/// Review refused it.
	Rejected,
	/// Past its expiry day; its coupons are being expired.
	Expiring,
	/// Every coupon has been processed for expiry.
	Expired,
}

/// What an issuer asks for when creating a class.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ClassParams<AssetId, Balance> {
	/// The stablecoin prices and face value are in.
	pub asset: AssetId,
	/// Face value in stablecoin base units.
	pub face_value: Balance,
	/// Utility or securities.
	pub track: Track,
	/// Last valid day (UTC) of the coupons.
	pub expiry_day: Day,
	/// Resales allowed per coupon; `None` takes the default (3).
	pub max_resales: Option<u8>,
	/// Days after a primary sale during which the buyer may get a full refund; `None` takes
	/// the default (7).
	pub refund_window_days: Option<u16>,
	/// Whether holders may give coupons to others.
	pub transferable: bool,
	/// Most coupons that may ever be minted in the class.
	pub supply_cap: u32,
	/// Hash of the class's off-chain metadata (terms, images, stores).
	pub metadata_hash: H256,
}

/// A coupon class.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct CouponClass<AccountId, AssetId, Balance> {
	/// The issuer.
	pub issuer: AccountId,
	/// The stablecoin of its prices.
	pub asset: AssetId,
	/// Face value in base units.
	pub face_value: Balance,
	/// Utility or securities.
	pub track: Track,
	/// Last valid day (UTC).
	pub expiry_day: Day,
	/// Resales allowed per coupon.
	pub max_resales: u8,
	/// Primary refund window in days.
	pub refund_window_days: u16,
	/// Whether holders may give coupons away.
	pub transferable: bool,
	/// Most coupons that may be minted.
	pub supply_cap: u32,
	/// Hash of off-chain metadata.
	pub metadata_hash: H256,
	/// Lifecycle.
	pub status: ClassStatus,
	/// Marked at risk by an issuer's critical default: holders are warned.
	pub at_risk: bool,
	/// Count of coupons by status; `supply.total()` coupons have been minted.
	pub supply: StatusCounts,
}

/// Status of a coupon. Every change goes through [`CouponStatus::after`].
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum CouponStatus {
	/// Minted and held by the issuer, never sold.
	Minted,
	/// Offered on the order book (locked).
	Listed,
	/// Held by its primary buyer.
	Sold,
	/// Moved on after its primary sale (resold or given away).
	InCirculation,
	/// Used at a store; it never moves again.
	Redeemed,
	/// Past its class's expiry day.
	Expired,
	/// Taken back by the issuer (or paid out from the guarantee deposit).
	Recalled,
}

impl CouponStatus {
	/// Every status, in the order of [`StatusCounts`].
	pub const ALL: [CouponStatus; 7] = [
		CouponStatus::Minted,
		CouponStatus::Listed,
		CouponStatus::Sold,
		CouponStatus::InCirculation,
		CouponStatus::Redeemed,
		CouponStatus::Expired,
		CouponStatus::Recalled,
	];

	/// A final status: nothing happens to the coupon any more.
	pub fn is_final(self) -> bool {
		matches!(self, Self::Redeemed | Self::Expired | Self::Recalled)
	}

	/// The status after `action` given the coupon's history, or why the action is not
	/// allowed in this status. The one place the state machine is written down.
	pub fn after(self, action: ActionKind, history: History) -> Result<CouponStatus, Refusal> {
		use ActionKind as A;
		use CouponStatus as S;
		let never_sold = !history.sold;
		match (self, action) {
			(S::Minted, A::List) | (S::Sold, A::List) | (S::InCirculation, A::List) => {
				Ok(S::Listed)
			},
			(S::Listed, A::Delist) => Ok(if never_sold {
				S::Minted
			} else if history.circulated {
				S::InCirculation
			} else {
				S::Sold
			}),
			(S::Minted, A::PrimarySale) | (S::Listed, A::PrimarySale) if never_sold => Ok(S::Sold),
			(S::Listed, A::SecondarySale) if !never_sold => Ok(S::InCirculation),
			(S::Sold, A::Transfer) | (S::InCirculation, A::Transfer) => Ok(S::InCirculation),
			(S::Sold, A::Redeem) | (S::InCirculation, A::Redeem) => Ok(S::Redeemed),
			(S::Minted | S::Listed | S::Sold | S::InCirculation, A::Expire) => Ok(S::Expired),
			(S::Minted, A::Recall) => Ok(S::Recalled),
			(S::Sold, A::Refund) => Ok(S::Minted),
			(S::InCirculation, A::ReverseSale) => Ok(S::InCirculation),
			(S::Sold | S::InCirculation, A::ClaimGuarantee) => Ok(S::Recalled),
			(status, _) if status.is_final() => Err(Refusal::Final),
			_ => Err(Refusal::NotAllowed),
		}
	}
}

/// The part of a coupon's history the state machine needs.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct History {
	/// It has had a primary sale (not refunded).
	pub sold: bool,
	/// It moved on after that sale.
	pub circulated: bool,
}

/// Why a transition is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Refusal {
	/// The coupon is redeemed, expired or recalled.
	Final,
	/// Not a transition of this status.
	NotAllowed,
}

/// The kinds of [`CouponAction`], for the state machine.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ActionKind {
	/// Offer on the book.
	List,
	/// Take off the book.
	Delist,
	/// First sale by the issuer.
	PrimarySale,
	/// Resale between holders.
	SecondarySale,
	/// Gift to another account.
	Transfer,
	/// Use at a store.
	Redeem,
	/// Expiry of the class.
	Expire,
	/// Issuer takes back an unsold coupon.
	Recall,
	/// Primary refund: the coupon goes back to the issuer.
	Refund,
	/// Arbitrated reversal of a resale: the coupon goes back to the seller.
	ReverseSale,
	/// Holder paid from a defaulted issuer's guarantee deposit.
	ClaimGuarantee,
}

/// A transition another pallet (or this one) asks for, with what it needs to know.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum CouponAction<AccountId, Balance> {
	/// Offer on the order book.
	List,
	/// Take off the order book.
	Delist,
	/// The issuer sells it to `buyer` for `price`.
	PrimarySale {
		/// New owner.
		buyer: AccountId,
		/// Price paid (for the issuer's sales totals).
		price: Balance,
	},
	/// A holder sells it to `buyer`.
	SecondarySale {
		/// New owner.
		buyer: AccountId,
	},
	/// The holder gives it to `to`.
	Transfer {
		/// New owner.
		to: AccountId,
	},
	/// Used at a store.
	Redeem,
	/// Primary refund of a sale at `price`; the coupon returns to the issuer.
	Refund {
		/// Price refunded.
		price: Balance,
	},
	/// Reverse a resale: the coupon returns to `to`, the seller.
	ReverseSale {
		/// The seller getting it back.
		to: AccountId,
	},
}

impl<AccountId, Balance> CouponAction<AccountId, Balance> {
	/// The kind of this action.
	pub fn kind(&self) -> ActionKind {
		match self {
			Self::List => ActionKind::List,
			Self::Delist => ActionKind::Delist,
			Self::PrimarySale { .. } => ActionKind::PrimarySale,
			Self::SecondarySale { .. } => ActionKind::SecondarySale,
			Self::Transfer { .. } => ActionKind::Transfer,
			Self::Redeem => ActionKind::Redeem,
			Self::Refund { .. } => ActionKind::Refund,
			Self::ReverseSale { .. } => ActionKind::ReverseSale,
		}
	}
}

/// A coupon.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Coupon<AccountId> {
	/// Who holds it.
	pub owner: AccountId,
	/// Where it is in its lifecycle.
	pub status: CouponStatus,
	/// Secondary sales so far.
	pub resale_count: u8,
	/// When its primary sale happened (cleared by a primary refund).
	pub sold_at: Option<Moment>,
	/// Whether it moved on after the primary sale.
	pub circulated: bool,
}

impl<AccountId> Coupon<AccountId> {
	/// The history the state machine needs.
	pub fn history(&self) -> History {
		History { sold: self.sold_at.is_some(), circulated: self.circulated }
	}
}

/// Number of coupons of a class in each status.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct StatusCounts(pub [u32; 7]);

impl StatusCounts {
	fn index(status: CouponStatus) -> usize {
		CouponStatus::ALL.iter().position(|s| *s == status).unwrap_or(0)
	}

	/// Coupons in `status`.
	pub fn get(&self, status: CouponStatus) -> u32 {
		self.0[Self::index(status)]
	}

	/// Moves one coupon from `from` to `to`.
	pub fn shift(&mut self, from: CouponStatus, to: CouponStatus) {
		let (from, to) = (Self::index(from), Self::index(to));
		self.0[from] = self.0[from].saturating_sub(1);
		self.0[to] = self.0[to].saturating_add(1);
	}

	/// Adds `n` freshly minted coupons.
	pub fn add_minted(&mut self, n: u32) {
		let minted = Self::index(CouponStatus::Minted);
		self.0[minted] = self.0[minted].saturating_add(n);
	}

	/// All coupons ever minted in the class.
	pub fn total(&self) -> u32 {
		self.0.iter().fold(0u32, |sum, n| sum.saturating_add(*n))
	}
}

/// How bad an issuer's default is (seed §27).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DefaultSeverity {
	/// Rating down one notch; the quota shrinks with it.
	Minor,
	/// Issuance frozen; the guarantee deposit refunds current holders.
	Major,
	/// Issuer frozen; all its coupons marked at risk; holders notified.
	Critical,
}

/// The guarantee deposit of a defaulted issuer, paid out to holders who claim.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct GuaranteePool<AssetId, Balance> {
	/// The stablecoin of the deposit.
	pub asset: AssetId,
	/// Share of a coupon's face value each claim pays (deposit / outstanding, at most 100 %).
	pub ratio: Perbill,
	/// What is left to pay out.
	pub remaining: Balance,
}

/// Where the expiry of a class has got to.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct ExpiryCursor<Balance> {
	/// The class being expired.
	pub class: ClassId,
	/// Next serial to look at.
	pub next_serial: Serial,
	/// Coupons expired so far.
	pub expired: u32,
	/// Breakage (face value) so far.
	pub breakage: Balance,
	/// Platform share of that breakage already collected or recorded as debt.
	pub platform_settled: Balance,
}
