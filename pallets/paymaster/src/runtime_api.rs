//! What apps and the `genex paymaster` commands read.

use crate::types::*;
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// The paymaster's policy and an account's sponsorship.
	pub trait PaymasterApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// `who`'s sponsorship: eligible or why not, what is left of its quota, when its window
		/// resets, and the paymaster's balance.
		fn status(who: AccountId) -> SponsorStatus<Balance, BlockNumber>;
		/// The policy in force.
		fn policy() -> Policy<Balance, BlockNumber>;
		/// The sponsored categories.
		fn categories() -> Vec<Category>;
		/// The paymaster's account.
		fn account() -> AccountId;
	}
}
