//! Reading the compliance and freeze pallets: roles, KYC, sanctions and the sanctions feed,
//! freezes.

use crate::{
	client::{err, ClientError, GenexClient},
	runtime::{
		self,
		runtime_types::{
			pallet_compliance::{
				traits::Role,
				types::{FeedStatus, PendingSync, SanctionEntry, SanctionsFeed},
			},
			pallet_freeze::types::{FreezeRecord, FreezeTarget},
		},
	},
	to_subxt_account, AccountId20,
};

/// A freeze in force, as stored.
pub type Freeze =
	(FreezeTarget<subxt::utils::eth::AccountId20>, FreezeRecord<subxt::utils::eth::AccountId20>);

const ALL_ROLES: [Role; 9] = [
	Role::ComplianceOfficer,
	Role::KycProvider,
	Role::SanctionsOracle,
	Role::Guardian,
	Role::Arbitrator,
	Role::AnchorParty,
	Role::GatewayOperator,
	Role::Paymaster,
	Role::AmlMonitor,
];

impl GenexClient {
	/// Milliseconds since the epoch as of the latest finalized block.
	pub async fn chain_time(&self) -> Result<u64, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.storage()
			.fetch(runtime::storage().timestamp().now(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)
	}

	/// The roles `who` holds, by name.
	pub async fn roles_of(&self, who: AccountId20) -> Result<Vec<String>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let mut held = Vec::new();
		for role in ALL_ROLES {
			let name = format!("{role:?}");
			let entry = at
				.storage()
				.try_fetch(runtime::storage().compliance().roles(), (role, to_subxt_account(who)))
				.await
				.map_err(err)?;
			if entry.is_some() {
				held.push(name);
			}
		}
		Ok(held)
	}

	/// `who`'s KYC level now (`L0` when none or expired).
	pub async fn kyc_level(&self, who: AccountId20) -> Result<String, ClientError> {
		let now = self.chain_time().await?;
		let at = self.api().at_current_block().await.map_err(err)?;
		let record = at
			.storage()
			.try_fetch(runtime::storage().compliance().kyc(), (to_subxt_account(who),))
			.await
			.map_err(err)?
			.map(|value| value.decode())
			.transpose()
			.map_err(err)?;
		Ok(match record {
			Some(record) if record.expires_at > now => format!("{:?}", record.level),
			_ => "L0".to_string(),
		})
	}

	/// Whether `who` is on the sanctions set.
	pub async fn is_sanctioned(&self, who: AccountId20) -> Result<bool, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		Ok(at
			.storage()
			.try_fetch(runtime::storage().compliance().sanctioned(), (to_subxt_account(who),))
			.await
			.map_err(err)?
			.is_some())
	}

	/// Why `who` is sanctioned (since when, by the feed or by hand), if it is.
	pub async fn sanction_of(
		&self,
		who: AccountId20,
	) -> Result<Option<SanctionEntry>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.storage()
			.try_fetch(runtime::storage().compliance().sanctioned(), (to_subxt_account(who),))
			.await
			.map_err(err)?
			.map(|value| value.decode())
			.transpose()
			.map_err(err)
	}

	/// The sanctions feed's configuration, state, unfinished sync, and the numbers of addresses
	/// the feed lists and of all sanctioned addresses, at the latest finalized block.
	pub async fn sanctions_status(&self) -> Result<SanctionsFeedState, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let storage = at.storage();
		let compliance = runtime::storage().compliance();
		let feed = storage
			.try_fetch(compliance.sanctions_feed_config(), ())
			.await
			.map_err(err)?
			.map(|value| value.decode())
			.transpose()
			.map_err(err)?;
		let status = storage
			.fetch(compliance.sanctions_feed_status(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)?;
		let pending = storage
			.try_fetch(compliance.pending_sanctions_sync(), ())
			.await
			.map_err(err)?
			.map(|value| value.decode())
			.transpose()
			.map_err(err)?;
		let feed_entries = storage
			.fetch(compliance.feed_sanctioned_count(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)?;
		let sanctioned = storage
			.fetch(compliance.sanctioned_count(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)?;
		let now = storage
			.fetch(runtime::storage().timestamp().now(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)?;
		Ok(SanctionsFeedState { feed, status, pending, feed_entries, sanctioned, now })
	}

	/// How many addresses one sanctions call may carry (a runtime constant).
	pub async fn max_sanctions_batch(&self) -> Result<u32, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.constants()
			.entry(runtime::constants().compliance().max_sanctions_batch())
			.map_err(err)
	}

	/// Every freeze in force.
	pub async fn freezes(&self) -> Result<Vec<Freeze>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let mut entries = at
			.storage()
			.iter(runtime::storage().freeze().freezes(), ())
			.await
			.map_err(err)?;
		let mut freezes = Vec::new();
		while let Some(entry) = entries.next().await {
			let entry = entry.map_err(err)?;
			let (target,) = entry.key().map_err(err)?.decode().map_err(err)?;
			freezes.push((target, entry.value().decode().map_err(err)?));
		}
		Ok(freezes)
	}
}

/// The sanctions feed as the chain holds it (see [`GenexClient::sanctions_status`]).
#[derive(Clone, Debug)]
pub struct SanctionsFeedState {
	/// Where the oracle fetches the list and how the chain judges it, if a feed is configured.
	pub feed: Option<SanctionsFeed>,
	/// The last good list, the last sync and failure, the staleness alarm.
	pub status: FeedStatus,
	/// A sync whose parts are still arriving.
	pub pending: Option<PendingSync>,
	/// Addresses the feed lists.
	pub feed_entries: u32,
	/// Addresses sanctioned in all.
	pub sanctioned: u32,
	/// Chain time (ms) of the block read.
	pub now: u64,
}
