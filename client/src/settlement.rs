//! Reading the settlement pallet through its runtime API: book depth, open orders, trades.

use crate::{
	client::{err, ClientError, GenexClient},
	runtime::{self, runtime_types::pallet_settlement::runtime_api},
	to_subxt_account, AccountId20,
};

impl GenexClient {
	/// The best `levels` prices of each side of `class`'s book: (bids best first, asks best
	/// first), each `(price, quantity)`.
	pub async fn depth(
		&self,
		class: u32,
		levels: u32,
	) -> Result<(Vec<(u128, u32)>, Vec<(u128, u32)>), ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let depth = at
			.runtime_apis()
			.call(runtime::runtime_apis().settlement_api().depth(class, levels))
			.await
			.map_err(err)?;
		Ok((depth.bids, depth.asks))
	}

	/// `who`'s open orders.
	pub async fn open_orders(
		&self,
		who: AccountId20,
	) -> Result<Vec<runtime_api::OpenOrder>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().settlement_api().open_orders(to_subxt_account(who)))
			.await
			.map_err(err)
	}

	/// The latest `count` trades of `class`, newest first.
	pub async fn recent_trades(
		&self,
		class: u32,
		count: u32,
	) -> Result<Vec<runtime_api::RecentTrade<subxt::utils::eth::AccountId20>>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().settlement_api().recent_trades(class, count))
			.await
			.map_err(err)
	}
}
