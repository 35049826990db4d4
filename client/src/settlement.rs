//! Reading the settlement pallet: book depth, open orders, trades and market makers through
//! its runtime API, what open bids hold and how market makers are watched from its storage.

use crate::{
	client::{err, ClientError, GenexClient},
	runtime::{
		self,
		runtime_types::pallet_settlement::{runtime_api, types::MonitoringParams},
	},
	to_subxt_account, AccountId20, Asset,
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

	/// What `who`'s open bids hold of `asset` (0 for GNX): part of its balance it cannot move
	/// until the bids fill or are cancelled.
	pub async fn bid_holds(&self, asset: Asset, who: AccountId20) -> Result<u128, ClientError> {
		let Some(id) = asset.asset_id() else { return Ok(0) };
		let at = self.api().at_current_block().await.map_err(err)?;
		at.storage()
			.try_fetch(runtime::storage().settlement().bid_holds(), (id, to_subxt_account(who)))
			.await
			.map_err(err)?
			.map(|value| value.decode())
			.transpose()
			.map_err(err)
			.map(Option::unwrap_or_default)
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

	/// `who` as a market maker (standing, obligations, classes, uptime, the latest sample), if
	/// it is one.
	pub async fn market_maker(
		&self,
		who: AccountId20,
	) -> Result<Option<runtime_api::MarketMakerReport>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().settlement_api().market_maker(to_subxt_account(who)))
			.await
			.map_err(err)
	}

	/// How market makers are watched: sample interval, uptime window, floor, grace.
	pub async fn mm_monitoring(&self) -> Result<MonitoringParams, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.storage()
			.fetch(runtime::storage().settlement().monitoring(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)
	}
}
