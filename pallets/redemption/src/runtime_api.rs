//! What apps, issuers and stores read: redemption statistics of a store and of an issuer, and
//! an issuer's stores.

use crate::types::{RedemptionStats, StoreAuthorisation};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

/// An issuer's redemptions and the credit they feed (seed §14.1: the redemption rate weighs
/// 35 % of the score).
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct IssuerRedemptions {
	/// Coupons redeemed.
	pub redeemed_count: u32,
	/// Their face value, stablecoin base units.
	pub redeemed_value: u128,
	/// Face value sold on the primary market (net of refunds): the rate's denominator.
	pub sold_value: u128,
	/// Face value that expired unredeemed.
	pub breakage_value: u128,
	/// Credit score now, in hundredths (6000 = 60.00).
	pub credit_score: u32,
	/// Stores authorised now.
	pub stores: u32,
}

sp_api::decl_runtime_apis! {
	/// Redemption statistics.
	pub trait RedemptionApi<AccountId: Codec> {
		/// What `store` has redeemed, over all issuers.
		fn store_statistics(store: AccountId) -> RedemptionStats;
		/// `issuer`'s redemptions and credit score, if it is an issuer.
		fn issuer_statistics(issuer: AccountId) -> Option<IssuerRedemptions>;
		/// The stores `issuer` authorised, with what each redeemed of its coupons.
		fn stores(issuer: AccountId) -> Vec<(AccountId, StoreAuthorisation)>;
	}
}
