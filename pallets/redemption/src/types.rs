//! Types of the redemption pallet: stores, vouchers, statistics.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use pallet_coupons::CouponId;
use scale_info::TypeInfo;
use sp_core::H256;

/// Stablecoin base units.
pub type Balance = u128;
/// Milliseconds since the Unix epoch.
pub type Moment = u64;

/// What a holder signs, off-chain, to let `store` redeem `coupon` at the counter (the QR code
/// the holder's app shows). The chain accepts it once (`nonce`), until block `valid_until`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Voucher<AccountId, BlockNumber> {
	/// The coupon to redeem.
	pub coupon: CouponId,
	/// Its holder, who signs.
	pub holder: AccountId,
	/// The store that may redeem it.
	pub store: AccountId,
	/// Any number the holder has not used in another voucher.
	pub nonce: u64,
	/// The last block in which the voucher may be redeemed.
	pub valid_until: BlockNumber,
}

/// The bytes a holder signs for `voucher` on the chain with genesis hash `genesis` (see
/// [`genex_primitives::voucher`]).
pub fn voucher_message<AccountId: Encode, BlockNumber: Encode>(
	genesis: &H256,
	voucher: &Voucher<AccountId, BlockNumber>,
) -> alloc::vec::Vec<u8> {
	genex_primitives::voucher::voucher_message(genesis.as_fixed_bytes(), &voucher.encode())
}

/// A store an issuer authorised, and what it has redeemed of the issuer's coupons.
#[derive(Clone, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct StoreAuthorisation {
	/// Hash of the store's location (address, geo-coordinates): no personal data on chain.
	pub location_hash: H256,
	/// When the issuer authorised it (ms).
	pub authorised_at: Moment,
	/// The issuer's coupons it redeemed.
	pub redeemed: RedemptionStats,
}

/// Counts of redemptions.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct RedemptionStats {
	/// Coupons redeemed.
	pub count: u64,
	/// Their face value, stablecoin base units.
	pub face_value: Balance,
	/// When the last one was redeemed (ms), 0 if none.
	pub last_at: Moment,
}

impl RedemptionStats {
	/// The statistics after one more redemption of `face_value` at `now`.
	pub fn add(&mut self, face_value: Balance, now: Moment) {
		self.count = self.count.saturating_add(1);
		self.face_value = self.face_value.saturating_add(face_value);
		self.last_at = now;
	}
}
