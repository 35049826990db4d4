//! The paymaster: an account's sponsorship, the policy and the sponsored categories, through
//! the runtime's `PaymasterApi`.

use crate::{
	client::{err, ClientError, GenexClient},
	from_subxt_account,
	runtime::{
		self,
		runtime_types::pallet_paymaster::types::{Category, Policy, SponsorStatus},
	},
	to_subxt_account, AccountId20,
};

/// Every category, in the runtime's order, with the name the CLI uses.
pub const CATEGORIES: [(Category, &str); 6] = [
	(Category::CouponTrading, "coupon-trading"),
	(Category::P2pTransfers, "p2p-transfers"),
	(Category::Redemption, "redemption"),
	(Category::StablecoinTransfers, "stablecoin-transfers"),
	(Category::BridgeWithdrawals, "bridge-withdrawals"),
	(Category::Refunds, "refunds"),
];

/// The CLI name of `category`.
pub fn category_name(category: &Category) -> &'static str {
	CATEGORIES
		.iter()
		.find(|(known, _)| known == category)
		.map(|(_, name)| *name)
		.unwrap_or("unknown")
}

impl GenexClient {
	/// `who`'s sponsorship at the latest finalized block (whose number comes first): eligible
	/// or why not, what is left of its quota, when its window resets, and the paymaster's
	/// balance.
	pub async fn paymaster_status(
		&self,
		who: AccountId20,
	) -> Result<(u64, SponsorStatus<u128, u32>), ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let status = at
			.runtime_apis()
			.call(runtime::runtime_apis().paymaster_api().status(to_subxt_account(who)))
			.await
			.map_err(err)?;
		Ok((at.block_number(), status))
	}

	/// The policy in force.
	pub async fn paymaster_policy(&self) -> Result<Policy<u128, u32>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().paymaster_api().policy())
			.await
			.map_err(err)
	}

	/// The sponsored categories.
	pub async fn paymaster_categories(&self) -> Result<Vec<Category>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().paymaster_api().categories())
			.await
			.map_err(err)
	}

	/// The paymaster's account.
	pub async fn paymaster_account(&self) -> Result<AccountId20, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().paymaster_api().account())
			.await
			.map(from_subxt_account)
			.map_err(err)
	}
}
