//! [`GenexClient`]: connect to a node, read balances, send transfers.

use crate::{amount::Asset, config::GenexConfig, runtime, to_subxt_account, AccountId20};
use subxt::{
	config::HashFor,
	error::{DispatchError, TransactionEventsError},
	transactions::{Payload, TransactionStatus},
	OnlineClient,
};
use subxt_signer::eth::Keypair;

type Hash = HashFor<GenexConfig>;

/// What went wrong talking to the chain.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
	/// The node could not be reached or answered with an error (including a transaction
	/// rejected at validation, e.g. a bad signature or a stale nonce).
	#[error("{0}")]
	Subxt(#[from] subxt::Error),
	/// The transaction pool rejected or dropped the transaction.
	#[error("transaction not included: {0}")]
	NotIncluded(String),
	/// The node refused the transaction for compliance: its sender is sanctioned or frozen.
	#[error("refused by the node: {0}")]
	Refused(&'static str),
	/// The transaction was included but its call failed; the fee was still paid.
	#[error(
		"the transaction failed on chain: {error} (fee paid{}: {} GNX)",
		if *sponsored { " by the paymaster" } else { "" },
		crate::amount::format_amount(*fee, genex_primitives::GNX_DECIMALS)
	)]
	Dispatch {
		/// The runtime's error, e.g. `Balances::InsufficientBalance`.
		error: String,
		/// GNX base units paid for inclusion.
		fee: u128,
		/// The paymaster paid the fee, not the sender.
		sponsored: bool,
	},
}

/// What happened to a finalized transaction.
#[derive(Clone)]
pub struct TxReceipt {
	/// The finalized block that contains it.
	pub block_hash: Hash,
	/// The transaction's hash.
	pub extrinsic_hash: Hash,
	/// GNX base units paid for inclusion: by the sender
	/// (`TransactionPayment::TransactionFeePaid`), or by the paymaster when `sponsored`
	/// (`Paymaster::FeeSponsored`).
	pub fee: u128,
	/// The paymaster paid the fee.
	pub sponsored: bool,
	/// The runtime error if the call failed (the fee is paid anyway), including the error of
	/// a call dispatched through `sudo`.
	pub dispatch_error: Option<String>,
	/// The transaction's events.
	pub events: std::sync::Arc<subxt::extrinsics::ExtrinsicEvents<GenexConfig>>,
}

impl std::fmt::Debug for TxReceipt {
	fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
		f.debug_struct("TxReceipt")
			.field("block_hash", &self.block_hash)
			.field("extrinsic_hash", &self.extrinsic_hash)
			.field("fee", &self.fee)
			.field("sponsored", &self.sponsored)
			.field("dispatch_error", &self.dispatch_error)
			.finish()
	}
}

impl TxReceipt {
	/// The first event of type `E` the transaction emitted.
	pub fn find_first<E: subxt::events::DecodeAsEvent>(&self) -> Option<E> {
		self.events.find_first::<E>().and_then(Result::ok)
	}

	/// Every event of type `E` the transaction emitted.
	pub fn find<E: subxt::events::DecodeAsEvent>(&self) -> Vec<E> {
		self.events.find::<E>().filter_map(Result::ok).collect()
	}

	/// `Ok` when the call succeeded, else [`ClientError::Dispatch`].
	pub fn ensure_success(self) -> Result<Self, ClientError> {
		match &self.dispatch_error {
			None => Ok(self),
			Some(error) => Err(ClientError::Dispatch {
				error: error.clone(),
				fee: self.fee,
				sponsored: self.sponsored,
			}),
		}
	}

	/// GNX base units the sender paid: the fee, or nothing when the paymaster paid it.
	pub fn paid_by_sender(&self) -> u128 {
		if self.sponsored {
			0
		} else {
			self.fee
		}
	}

	/// The fee as the CLI prints it: `fee 0.0012 GNX`, `, paid by the paymaster` when it was.
	pub fn fee_line(&self) -> String {
		format!(
			"fee {} GNX{}",
			crate::amount::format_amount(self.fee, genex_primitives::GNX_DECIMALS),
			if self.sponsored { ", paid by the paymaster" } else { "" }
		)
	}
}

/// A connection to a Genex node.
#[derive(Clone)]
pub struct GenexClient {
	api: OnlineClient<GenexConfig>,
}

impl GenexClient {
	/// Connects to a node's JSON-RPC endpoint (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self, ClientError> {
		let api = OnlineClient::<GenexConfig>::from_insecure_url(url)
			.await
			.map_err(subxt::Error::from)?;
		Ok(Self { api })
	}

	/// The underlying subxt client, for anything this API does not cover.
	pub fn api(&self) -> &OnlineClient<GenexConfig> {
		&self.api
	}

	/// The balance of `who` in base units, at the latest finalized block: GNX free, or the
	/// stablecoin account's balance (including what open bids hold, see `bid_holds`).
	pub async fn balance(&self, asset: Asset, who: AccountId20) -> Result<u128, ClientError> {
		let at = self.api.at_current_block().await.map_err(subxt::Error::from)?;
		let who = to_subxt_account(who);
		let balance = match asset.asset_id() {
			None => {
				let account = at
					.storage()
					.fetch(runtime::storage().system().account(), (who,))
					.await
					.map_err(subxt::Error::from)?
					.decode()
					.map_err(subxt::Error::from)?;
				account.data.free
			},
			Some(id) => at
				.storage()
				.try_fetch(runtime::storage().assets().account(), (id, who))
				.await
				.map_err(subxt::Error::from)?
				.map(|value| value.decode().map(|account| account.balance))
				.transpose()
				.map_err(subxt::Error::from)?
				.unwrap_or(0),
		};
		Ok(balance)
	}

	/// The next nonce of `who` as the node sees it (including pending transactions).
	pub async fn next_nonce(&self, who: AccountId20) -> Result<u64, ClientError> {
		let tx = self.api.transactions().await.map_err(subxt::Error::from)?;
		Ok(tx.account_nonce(&to_subxt_account(who)).await.map_err(subxt::Error::from)?)
	}

	/// Sends `amount` base units of `asset` from `signer` to `to` and waits for finality.
	/// Keeps the sender alive (never reaps it below the existential deposit).
	pub async fn transfer(
		&self,
		signer: &Keypair,
		asset: Asset,
		to: AccountId20,
		amount: u128,
	) -> Result<TxReceipt, ClientError> {
		self.transfer_with_travel_rule(signer, asset, to, amount, None).await
	}

	/// [`Self::transfer`] carrying the Travel Rule's identity hashes, which stablecoin
	/// transfers of $3,000 or more need (ignored for GNX).
	pub async fn transfer_with_travel_rule(
		&self,
		signer: &Keypair,
		asset: Asset,
		to: AccountId20,
		amount: u128,
		travel_rule: Option<runtime::runtime_types::pallet_settlement::types::TravelRuleData>,
	) -> Result<TxReceipt, ClientError> {
		let dest = to_subxt_account(to);
		match asset.asset_id() {
			None => {
				let call = runtime::transactions().balances().transfer_keep_alive(dest, amount);
				self.submit(&call, signer).await
			},
			// Stablecoin moves between accounts only through settlement (the gate, the
			// Travel Rule, the AML movement log); pallet-assets' own transfers are refused.
			Some(id) => {
				let call = runtime::transactions().settlement().transfer_stablecoin(
					id,
					dest,
					amount,
					travel_rule,
				);
				self.submit(&call, signer).await
			},
		}
	}

	/// Signs `call` with `signer` (next nonce, immortal), submits it and waits until it is
	/// finalized; reports the fee and the dispatch outcome.
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
	) -> Result<TxReceipt, ClientError> {
		let mut tx = self.api.transactions().await.map_err(subxt::Error::from)?;
		let progress = tx
			.sign_and_submit_then_watch_default(call, signer)
			.await
			.map_err(|error| refine(error.into()))?;
		Self::wait_finalized(progress).await
	}

	/// Submits already signed transaction bytes (as a wallet would) and waits for finality.
	pub async fn submit_raw(&self, encoded: Vec<u8>) -> Result<TxReceipt, ClientError> {
		let tx = self.api.transactions().await.map_err(subxt::Error::from)?;
		let progress = tx
			.from_bytes(encoded)
			.submit_and_watch()
			.await
			.map_err(|error| refine(error.into()))?;
		Self::wait_finalized(progress).await
	}

	async fn wait_finalized<C>(
		mut progress: subxt::transactions::TransactionProgress<GenexConfig, C>,
	) -> Result<TxReceipt, ClientError>
	where
		C: subxt::client::OnlineClientAtBlockT<GenexConfig> + Clone,
	{
		let extrinsic_hash = progress.extrinsic_hash();
		while let Some(status) = progress.next().await {
			let in_block = match status.map_err(subxt::Error::from)? {
				TransactionStatus::InFinalizedBlock(in_block) => in_block,
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => {
					return Err(
						compliance_refusal(&message).unwrap_or(ClientError::NotIncluded(message))
					)
				},
				_ => continue,
			};
			let events = in_block.fetch_events().await.map_err(subxt::Error::from)?;
			let sponsored_fee = events
				.find_first::<runtime::paymaster::events::FeeSponsored>()
				.transpose()
				.map_err(subxt::Error::from)?
				.map(|paid| paid.fee);
			let sponsored = sponsored_fee.is_some();
			let fee = match sponsored_fee {
				Some(fee) => fee,
				None => events
					.find_first::<runtime::transaction_payment::events::TransactionFeePaid>()
					.transpose()
					.map_err(subxt::Error::from)?
					.map(|paid| paid.actual_fee)
					.unwrap_or(0),
			};
			let mut dispatch_error = match in_block.wait_for_success().await {
				Ok(_) => None,
				Err(TransactionEventsError::ExtrinsicFailed(error)) => Some(describe(&error)),
				Err(other) => return Err(subxt::Error::from(other).into()),
			};
			// A call dispatched by sudo fails inside a successful extrinsic.
			if dispatch_error.is_none() {
				let metadata = in_block.at().await.map_err(subxt::Error::from)?.metadata();
				dispatch_error = sudo_error(&events, metadata);
			}
			return Ok(TxReceipt {
				block_hash: in_block.block_hash(),
				extrinsic_hash,
				fee,
				sponsored,
				dispatch_error,
				events: std::sync::Arc::new(events),
			});
		}
		Err(ClientError::NotIncluded("the node closed the transaction's status stream".into()))
	}
}

/// A subxt failure as a client error.
pub(crate) fn err(error: impl Into<subxt::Error>) -> ClientError {
	ClientError::Subxt(error.into())
}

/// Names the refusals of `CheckCompliance` (`InvalidTransaction::Custom` 200 and 201) and of
/// the paymaster (210 to 214); other errors pass through.
fn refine(error: subxt::Error) -> ClientError {
	compliance_refusal(&error.to_string()).unwrap_or(ClientError::Subxt(error))
}

/// The node's refusals at validation, by `InvalidTransaction::Custom` code: the compliance
/// gate's (`CheckCompliance`) and the paymaster's (`pallet_paymaster::types`).
const REFUSALS: [(u8, &str); 7] = [
	(200, "the sender is on the sanctions list (invalid transaction, custom error 200)"),
	(201, "the sender's account is frozen (invalid transaction, custom error 201)"),
	(
		210,
		"the sender's sponsored transactions for this window are used up; it resets as \
		 `genex paymaster status` shows (invalid transaction, custom error 210)",
	),
	(
		211,
		"the sender's sponsored fees for this window are used up; it resets as `genex \
		 paymaster status` shows (invalid transaction, custom error 211)",
	),
	(
		212,
		"the fee is above the paymaster's cap per transaction (invalid transaction, custom \
		 error 212)",
	),
	(213, "a sponsored transaction may not carry a tip (invalid transaction, custom error 213)"),
	(
		214,
		"the paymaster cannot pay this fee and neither can the sender (invalid transaction, \
		 custom error 214)",
	),
];

/// The compliance refusal in a node's message, whichever way it arrives: as the error of the
/// submission, or as an `Invalid` status of the watched transaction.
fn compliance_refusal(message: &str) -> Option<ClientError> {
	let message = message.to_ascii_lowercase();
	REFUSALS
		.iter()
		.find(|(code, _)| message.contains(&format!("custom error: {code}")))
		.map(|(_, why)| ClientError::Refused(why))
}

/// The error of a call that sudo dispatched, if it failed (`Sudo::Sudid` carries the call's
/// `Result<(), DispatchError>`: byte 1 then the error).
fn sudo_error(
	events: &subxt::extrinsics::ExtrinsicEvents<GenexConfig>,
	metadata: subxt::ArcMetadata,
) -> Option<String> {
	for event in events.iter().flatten() {
		if event.pallet_name() == "Sudo" && event.event_name() == "Sudid" {
			let bytes = event.field_bytes();
			if bytes.first() == Some(&1) {
				return Some(match DispatchError::decode_from(&bytes[1..], metadata.clone()) {
					Ok(error) => describe(&error),
					Err(_) => "the sudo call failed".to_string(),
				});
			}
		}
	}
	None
}

/// `Pallet::Error` for pallet errors, `Token::FundsUnavailable`-style names for the runtime's
/// own error kinds: stable text that scripts and tests can match.
fn describe(error: &DispatchError) -> String {
	match error {
		DispatchError::Module(module) => module.details_string(),
		DispatchError::Token(token) => format!("Token::{token:?}"),
		DispatchError::Arithmetic(arithmetic) => format!("Arithmetic::{arithmetic:?}"),
		DispatchError::Transactional(transactional) => format!("Transactional::{transactional:?}"),
		other => format!("{other:?}"),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn compliance_refusals_are_named_in_either_spelling() {
		let sanctioned = compliance_refusal("Invalid Transaction: Custom error: 200").unwrap();
		assert!(sanctioned.to_string().contains("sanctions list"), "{sanctioned}");
		let frozen = compliance_refusal("Invalid transaction with custom error: 201").unwrap();
		assert!(frozen.to_string().contains("frozen"), "{frozen}");
		assert!(compliance_refusal("Invalid transaction with custom error: 2").is_none());
		assert!(compliance_refusal("Transaction has a bad signature").is_none());
	}

	#[test]
	fn paymaster_refusals_are_named() {
		for (code, words) in [
			(210, "sponsored transactions"),
			(211, "sponsored fees"),
			(212, "cap per transaction"),
			(213, "tip"),
			(214, "neither can the sender"),
		] {
			let refusal = compliance_refusal(&format!("Invalid Transaction: Custom error: {code}"))
				.unwrap()
				.to_string();
			assert!(refusal.contains(words), "{code}: {refusal}");
			assert!(refusal.contains(&format!("custom error {code}")), "{refusal}");
		}
		assert!(compliance_refusal("Invalid Transaction: Custom error: 215").is_none());
	}
}
