//! The fiat bridge from the outside: providers, deposits, withdrawals, reserves and rate quotes
//! as the chain holds them (storage `FiatBridge::*` and the `FiatBridgeApi` runtime API),
//! withdrawal requests and rate quotes, and reconciliation of a bank's statement with the chain.
//!
//! Everything that needs no node is a pure function here (parsing currencies, rates, bank
//! accounts and dates; [`reconcile_statement`] and [`reconcile_reserves`]), so that it is tested
//! without one.

use crate::{
	amount::{format_amount, parse_amount},
	client::{err, ClientError, GenexClient, TxReceipt},
	config::GenexConfig,
	from_subxt_account,
	runtime::{
		self,
		fiat_bridge::events::{RateQuoted, WithdrawalRequested},
		runtime_types::{
			pallet_fiat_bridge::{runtime_api as api, types},
			sp_arithmetic::fixed_point::FixedU128,
		},
	},
	AccountId20,
};
use genex_offchain::bridge::{format_minor, reference_hash, StatementEntry};
use genex_primitives::{STABLECOIN_DECIMALS, USDC_ASSET_ID, USDT_ASSET_ID};
use std::collections::BTreeMap;
use subxt::{client::OnlineClientAtBlock, utils::H256};
use subxt_signer::eth::Keypair;

type ChainAccount = subxt::utils::eth::AccountId20;

/// A provider as the runtime API shows it.
pub type ProviderInfo = api::ProviderInfo<ChainAccount>;
/// A deposit as stored (`FiatBridge::Deposits`).
pub type DepositRecord = types::DepositRecord<ChainAccount>;
/// A withdrawal as stored (`FiatBridge::Withdrawals`).
pub type Withdrawal = types::Withdrawal<ChainAccount>;
/// A withdrawal as the runtime API shows it (with the current attempt's reports).
pub type WithdrawalInfo = api::WithdrawalInfo<ChainAccount>;
/// An asset's supply, escrow, reserves and minting state.
pub type ReservesInfo = api::ReservesInfo;
/// A rate quote.
pub type Quote = types::Quote;
pub use types::{
	DepositState, HoldReason, PauseReason, PayoutOutcome, Priority, ProviderStatus, WithdrawalState,
};

/// An ISO 4217 currency code as the chain stores it (`*b"USD"`).
pub type CurrencyCode = [u8; 3];
/// US dollars: the stablecoins are at par with them, no quote.
pub const USD: CurrencyCode = *b"USD";
/// The bridged stablecoins' `pallet-assets` ids.
pub const STABLECOINS: [u32; 2] = [USDC_ASSET_ID, USDT_ASSET_ID];
/// Decimals of a rate (`FixedU128`: 10¹⁸ is 1).
pub const RATE_DECIMALS: u8 = 18;

// ---------------------------------------------------------------------------------------------
// Text: what people type and what the CLI prints.
// ---------------------------------------------------------------------------------------------

/// The symbol of a bridged stablecoin (`USDC`, `USDT`), else `asset <id>`.
pub fn asset_symbol(asset: u32) -> String {
	match asset {
		USDC_ASSET_ID => "USDC".into(),
		USDT_ASSET_ID => "USDT".into(),
		other => format!("asset {other}"),
	}
}

/// Base units of a stablecoin with its symbol: `123.45 USDC`.
pub fn format_units(amount: u128, asset: u32) -> String {
	format!("{} {}", format_amount(amount, STABLECOIN_DECIMALS), asset_symbol(asset))
}

/// A currency code as text (`?` for bytes that are not letters).
pub fn currency_text(code: &CurrencyCode) -> String {
	code.iter()
		.map(|b| if b.is_ascii_alphabetic() { *b as char } else { '?' })
		.collect()
}

/// Minor units (hundredths) of a currency: `100.50 EUR`.
pub fn format_fiat(minor: u128, currency: &CurrencyCode) -> String {
	format!("{} {}", format_minor(minor), currency_text(currency))
}

/// A currency code: three upper-case ASCII letters (ISO 4217).
pub fn parse_currency(text: &str) -> Result<CurrencyCode, String> {
	genex_offchain::bridge::parse_currency(text, "currency").map_err(|_| {
		format!("'{text}' is not a currency code: three upper-case letters (ISO 4217), e.g. USD")
	})
}

/// A rate, US dollars per unit of a currency, as an exact decimal (`1.08`, at most 18
/// decimals, positive) in `FixedU128`'s inner units (10¹⁸ per dollar). No floats.
pub fn parse_rate(text: &str) -> Result<u128, String> {
	let inner = parse_amount(text, RATE_DECIMALS).map_err(|e| e.to_string())?;
	if inner == 0 {
		return Err(format!("'{text}': a rate must be positive"));
	}
	Ok(inner)
}

/// A rate in `FixedU128`'s inner units as a decimal without trailing zeros (`1.08`).
pub fn format_rate(inner: u128) -> String {
	format_amount(inner, RATE_DECIMALS)
}

/// A 32-byte hash: `0x` and 64 hex digits.
pub fn parse_hash(text: &str) -> Result<H256, String> {
	genex_offchain::bridge::parse_hash(text, "hash")
		.map(|hash| H256(hash.0))
		.map_err(|_| format!("'{text}' is not a hash: 0x and 64 hex digits"))
}

/// The bank account a withdrawal pays, as the chain takes it: a hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BankAccount {
	/// The hash that goes on chain.
	pub hash: H256,
	/// It was hashed here from details given in clear (which are never sent).
	pub hashed_here: bool,
}

/// `--bank-account`: `0x` and 64 hex digits is the hash itself; anything else is the account's
/// details in clear (IBAN, account number, …), hashed here with BLAKE2-256 of their UTF-8
/// bytes exactly as given (no normalisation) and never sent anywhere.
pub fn parse_bank_account(text: &str) -> Result<BankAccount, String> {
	if text.starts_with("0x") || text.starts_with("0X") {
		return parse_hash(text).map(|hash| BankAccount { hash, hashed_here: false }).map_err(
			|_| {
				format!(
					"'{text}' is not a bank account hash (0x and 64 hex digits); give the \
				 account's details in clear, without 0x, to hash them here"
				)
			},
		);
	}
	if text.trim().is_empty() {
		return Err("the bank account's details are empty".into());
	}
	Ok(BankAccount { hash: bank_account_hash(text), hashed_here: true })
}

/// The chain's hash of a bank account's details: BLAKE2-256 of their UTF-8 bytes.
pub fn bank_account_hash(details: &str) -> H256 {
	H256(sp_crypto_hashing::blake2_256(details.as_bytes()))
}

/// A time bound of `reconcile`: milliseconds since the epoch, or a `YYYY-MM-DD` date (its
/// midnight, UTC).
pub fn parse_time_bound(text: &str) -> Result<u64, String> {
	if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
		return text.parse().map_err(|_| format!("'{text}' is too large"));
	}
	crate::coupons::day_of_date(text)
		.map(|day| u64::from(day) * crate::coupons::DAY_MS)
		.ok_or_else(|| {
			format!("'{text}' is neither milliseconds since the epoch nor a YYYY-MM-DD date (UTC)")
		})
}

/// A provider's id with its name: `0 (primary_bank)`.
pub fn provider_label(id: u32, names: &BTreeMap<u32, String>) -> String {
	match names.get(&id) {
		Some(name) => format!("{id} ({name})"),
		None => id.to_string(),
	}
}

/// A deposit's state in words.
pub fn deposit_state_text(state: &DepositState) -> String {
	match state {
		DepositState::Pending => "pending".into(),
		DepositState::Disputed => "disputed".into(),
		DepositState::Held { reason: HoldReason::Compliance(denial) } => {
			format!("held by compliance ({denial:?})")
		},
		DepositState::Held { reason: HoldReason::MintingPaused } => {
			"held while minting is paused".into()
		},
		DepositState::Minted { at } => format!("minted {}", crate::coupons::format_time(*at)),
		DepositState::Returned => "returned".into(),
		DepositState::Rejected => "rejected".into(),
	}
}

/// A withdrawal's state in words.
pub fn withdrawal_state_text(state: &WithdrawalState, names: &BTreeMap<u32, String>) -> String {
	match state {
		WithdrawalState::Pending { provider, attempts } => format!(
			"pending at provider {}, attempt {}{}",
			provider_label(*provider, names),
			attempts.saturating_add(1),
			if *attempts > 0 { format!(" ({attempts} timed out)") } else { String::new() }
		),
		WithdrawalState::Paid { provider, at, provider_reference } => format!(
			"paid by provider {} {} (reference hash {provider_reference:?})",
			provider_label(*provider, names),
			crate::coupons::format_time(*at)
		),
		WithdrawalState::Refunded { at } => {
			format!("refunded {}", crate::coupons::format_time(*at))
		},
	}
}

/// Why minting is paused, in words.
pub fn pause_text(reason: &PauseReason, asset: u32) -> String {
	match reason {
		PauseReason::Governance => "paused by governance".into(),
		PauseReason::Shortfall { supply, reserves } => format!(
			"paused: reserves {} below supply {}",
			format_units(*reserves, asset),
			format_units(*supply, asset)
		),
		PauseReason::Stale { as_of: Some(at) } => format!(
			"paused: the reserve statement of {} is too old",
			crate::coupons::format_time(*at)
		),
		PauseReason::Stale { as_of: None } => "paused: no reserve statement yet".into(),
	}
}

// ---------------------------------------------------------------------------------------------
// Reading and writing the chain.
// ---------------------------------------------------------------------------------------------

/// A provider with its endpoint.
#[derive(Clone, Debug)]
pub struct ProviderView {
	/// What the runtime API says of it.
	pub info: ProviderInfo,
	/// Its HTTP API's base URL (`FiatBridge::ProviderEndpoints`), if it has one.
	pub endpoint: Option<String>,
}

impl ProviderView {
	/// Its name as text.
	pub fn name(&self) -> String {
		String::from_utf8_lossy(&self.info.name).into_owned()
	}
}

/// A withdrawal request: what `request_withdrawal` takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WithdrawalRequest {
	/// USDC or USDT.
	pub asset: u32,
	/// Base units to escrow and pay out.
	pub amount: u128,
	/// The hash of the bank account to pay.
	pub bank_account: H256,
	/// The currency paid out.
	pub fiat_currency: CurrencyCode,
	/// The live quote of a non-USD payout.
	pub quote: Option<u64>,
	/// The Travel Rule's originator and beneficiary identity hashes ($3,000 or more).
	pub travel_rule: Option<(H256, H256)>,
}

/// Everything `reconcile` compares, read at one block.
#[derive(Clone, Debug)]
pub struct BridgeSnapshot {
	/// The block's number.
	pub block: u64,
	/// Every provider.
	pub providers: Vec<ProviderView>,
	/// Every deposit.
	pub deposits: Vec<ChainDeposit>,
	/// Every withdrawal, by id.
	pub withdrawals: Vec<ChainWithdrawal>,
	/// The reserves of each bridged stablecoin.
	pub reserves: Vec<(u32, ReservesInfo)>,
}

type At = OnlineClientAtBlock<GenexConfig>;

async fn providers_at(at: &At) -> Result<Vec<ProviderView>, ClientError> {
	let infos = at
		.runtime_apis()
		.call(runtime::runtime_apis().fiat_bridge_api().providers())
		.await
		.map_err(err)?;
	let mut endpoints = BTreeMap::new();
	let mut entries = at
		.storage()
		.iter(runtime::storage().fiat_bridge().provider_endpoints(), ())
		.await
		.map_err(err)?;
	while let Some(entry) = entries.next().await {
		let entry = entry.map_err(err)?;
		let (id,) = entry.key().map_err(err)?.decode().map_err(err)?;
		let url = entry.value().decode().map_err(err)?;
		endpoints.insert(id, String::from_utf8_lossy(&url.0).into_owned());
	}
	Ok(infos
		.into_iter()
		.map(|info| {
			let endpoint = endpoints.get(&info.id).cloned();
			ProviderView { info, endpoint }
		})
		.collect())
}

async fn deposits_at(
	at: &At,
	provider: Option<u32>,
) -> Result<Vec<(u32, H256, DepositRecord)>, ClientError> {
	let address = runtime::storage().fiat_bridge().deposits();
	let mut deposits = Vec::new();
	macro_rules! collect {
		($entries:expr) => {{
			let mut entries = $entries.await.map_err(err)?;
			while let Some(entry) = entries.next().await {
				let entry = entry.map_err(err)?;
				let (provider, reference) = entry.key().map_err(err)?.decode().map_err(err)?;
				deposits.push((provider, reference, entry.value().decode().map_err(err)?));
			}
		}};
	}
	match provider {
		Some(id) => collect!(at.storage().iter(address, (id,))),
		None => collect!(at.storage().iter(address, ())),
	}
	deposits.sort_by_key(|(provider, _, record)| (*provider, record.first_seen));
	Ok(deposits)
}

async fn withdrawals_at(at: &At) -> Result<Vec<(u64, Withdrawal)>, ClientError> {
	let mut entries = at
		.storage()
		.iter(runtime::storage().fiat_bridge().withdrawals(), ())
		.await
		.map_err(err)?;
	let mut withdrawals = Vec::new();
	while let Some(entry) = entries.next().await {
		let entry = entry.map_err(err)?;
		let (id,) = entry.key().map_err(err)?.decode().map_err(err)?;
		withdrawals.push((id, entry.value().decode().map_err(err)?));
	}
	withdrawals.sort_by_key(|(id, _)| *id);
	Ok(withdrawals)
}

async fn reserves_at(at: &At, asset: u32) -> Result<ReservesInfo, ClientError> {
	at.runtime_apis()
		.call(runtime::runtime_apis().fiat_bridge_api().reserves(asset))
		.await
		.map_err(err)
}

impl GenexClient {
	/// Every provider of the fiat bridge, by id, with its endpoint.
	pub async fn bridge_providers(&self) -> Result<Vec<ProviderView>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		providers_at(&at).await
	}

	/// The fiat bridge's deposits (of `provider` only, when given): provider, reference hash
	/// and record, by provider and then in the order they were first attested.
	pub async fn bridge_deposits(
		&self,
		provider: Option<u32>,
	) -> Result<Vec<(u32, H256, DepositRecord)>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		deposits_at(&at, provider).await
	}

	/// Every withdrawal, by id.
	pub async fn bridge_withdrawals(&self) -> Result<Vec<(u64, Withdrawal)>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		withdrawals_at(&at).await
	}

	/// Withdrawal `id` with the reports about its current attempt (runtime API).
	pub async fn bridge_withdrawal(&self, id: u64) -> Result<Option<WithdrawalInfo>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().fiat_bridge_api().withdrawal(id))
			.await
			.map_err(err)
	}

	/// `asset`'s supply, escrow, reported reserves and minting state (runtime API).
	pub async fn bridge_reserves(&self, asset: u32) -> Result<ReservesInfo, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		reserves_at(&at, asset).await
	}

	/// The latest quote of `currency`: its id, the quote, and whether it is live now.
	pub async fn latest_quote(
		&self,
		currency: CurrencyCode,
	) -> Result<Option<(u64, Quote, bool)>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(runtime::runtime_apis().fiat_bridge_api().latest_quote(currency))
			.await
			.map_err(err)
	}

	/// Providers, deposits, withdrawals and both stablecoins' reserves, all at the latest
	/// finalized block.
	pub async fn bridge_snapshot(&self) -> Result<BridgeSnapshot, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let providers = providers_at(&at).await?;
		let deposits = deposits_at(&at, None)
			.await?
			.iter()
			.map(|(provider, reference, record)| {
				ChainDeposit::from_record(*provider, *reference, record)
			})
			.collect();
		let withdrawals = withdrawals_at(&at)
			.await?
			.iter()
			.map(|(id, withdrawal)| ChainWithdrawal::from_withdrawal(*id, withdrawal))
			.collect();
		let mut reserves = Vec::new();
		for asset in STABLECOINS {
			reserves.push((asset, reserves_at(&at, asset).await?));
		}
		Ok(BridgeSnapshot { block: at.block_number(), providers, deposits, withdrawals, reserves })
	}

	/// Requests a withdrawal (`FiatBridge::request_withdrawal`) signed by `signer` and waits for
	/// finality; the receipt and the `WithdrawalRequested` event (id, idempotency key, assigned
	/// provider).
	pub async fn request_withdrawal(
		&self,
		signer: &Keypair,
		request: &WithdrawalRequest,
	) -> Result<(TxReceipt, WithdrawalRequested), ClientError> {
		let call = runtime::transactions().fiat_bridge().request_withdrawal(
			request.asset,
			request.amount,
			request.bank_account,
			request.fiat_currency,
			request.quote,
			request.travel_rule,
		);
		let receipt = self.submit(&call, signer).await?.ensure_success()?;
		let event = receipt.find_first::<WithdrawalRequested>().ok_or_else(|| {
			ClientError::NotIncluded("the withdrawal's WithdrawalRequested event is missing".into())
		})?;
		Ok((receipt, event))
	}

	/// Quotes `usd_per_unit` (`FixedU128` inner units) US dollars per unit of `currency`
	/// (`FiatBridge::submit_rate`, the rate oracle: a `GatewayOperator`); the receipt and the
	/// `RateQuoted` event (the new quote's id and expiry).
	pub async fn submit_rate(
		&self,
		signer: &Keypair,
		currency: CurrencyCode,
		usd_per_unit: u128,
	) -> Result<(TxReceipt, RateQuoted), ClientError> {
		let call = runtime::transactions()
			.fiat_bridge()
			.submit_rate(currency, FixedU128(usd_per_unit));
		let receipt = self.submit(&call, signer).await?.ensure_success()?;
		let event = receipt.find_first::<RateQuoted>().ok_or_else(|| {
			ClientError::NotIncluded("the quote's RateQuoted event is missing".into())
		})?;
		Ok((receipt, event))
	}
}

// ---------------------------------------------------------------------------------------------
// Reconciliation: a bank's statement against the chain, pure.
// ---------------------------------------------------------------------------------------------

/// Where a deposit stands on chain, as reconciliation sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepositStatus {
	/// Fewer than k attestors agree so far.
	Pending,
	/// Attestors disagree.
	Disputed,
	/// Agreed, not minted (compliance, or minting paused).
	Held,
	/// Minted at this time (ms).
	Minted {
		/// When.
		at: u64,
	},
	/// Returned by compliance.
	Returned,
	/// Rejected by governance.
	Rejected,
}

impl std::fmt::Display for DepositStatus {
	fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
		match self {
			Self::Pending => write!(f, "pending"),
			Self::Disputed => write!(f, "disputed"),
			Self::Held => write!(f, "held"),
			Self::Minted { at } => write!(f, "minted {}", crate::coupons::format_time(*at)),
			Self::Returned => write!(f, "returned"),
			Self::Rejected => write!(f, "rejected"),
		}
	}
}

/// A deposit on chain, as reconciliation compares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainDeposit {
	/// The provider that received it.
	pub provider: u32,
	/// The hash of the provider's reference.
	pub reference: H256,
	/// Who is credited.
	pub account: AccountId20,
	/// USDC or USDT.
	pub asset: u32,
	/// Base units minted (or to mint).
	pub amount: u128,
	/// The currency received.
	pub fiat_currency: CurrencyCode,
	/// Minor units received.
	pub fiat_amount: u128,
	/// Where it stands.
	pub status: DepositStatus,
}

impl ChainDeposit {
	/// From the stored record.
	pub fn from_record(provider: u32, reference: H256, record: &DepositRecord) -> Self {
		let status = match record.state {
			DepositState::Pending => DepositStatus::Pending,
			DepositState::Disputed => DepositStatus::Disputed,
			DepositState::Held { .. } => DepositStatus::Held,
			DepositState::Minted { at } => DepositStatus::Minted { at },
			DepositState::Returned => DepositStatus::Returned,
			DepositState::Rejected => DepositStatus::Rejected,
		};
		Self {
			provider,
			reference,
			account: from_subxt_account(record.data.account.clone()),
			asset: record.data.asset,
			amount: record.data.amount,
			fiat_currency: record.data.fiat_currency,
			fiat_amount: record.data.fiat_amount,
			status,
		}
	}
}

/// Where a withdrawal stands on chain, as reconciliation sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithdrawalStatus {
	/// Escrowed; this provider is to pay it.
	Pending {
		/// The assigned provider.
		provider: u32,
	},
	/// Paid.
	Paid {
		/// Who paid.
		provider: u32,
		/// When (ms).
		at: u64,
		/// Hash of the provider's payment reference.
		reference: H256,
	},
	/// Refunded: no provider paid it.
	Refunded {
		/// When (ms).
		at: u64,
	},
}

impl std::fmt::Display for WithdrawalStatus {
	fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
		match self {
			Self::Pending { provider } => write!(f, "pending at provider {provider}"),
			Self::Paid { provider, at, .. } => {
				write!(f, "paid by provider {provider} {}", crate::coupons::format_time(*at))
			},
			Self::Refunded { at } => write!(f, "refunded {}", crate::coupons::format_time(*at)),
		}
	}
}

/// A withdrawal on chain, as reconciliation compares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainWithdrawal {
	/// Its id.
	pub id: u64,
	/// Its idempotency key (what the bank's payout carries).
	pub key: H256,
	/// Who withdraws.
	pub account: AccountId20,
	/// The hash of the bank account to pay.
	pub bank_account: H256,
	/// USDC or USDT.
	pub asset: u32,
	/// Base units escrowed.
	pub amount: u128,
	/// The currency paid out.
	pub fiat_currency: CurrencyCode,
	/// Minor units paid out.
	pub fiat_amount: u128,
	/// Where it stands.
	pub status: WithdrawalStatus,
}

impl ChainWithdrawal {
	/// From the stored withdrawal.
	pub fn from_withdrawal(id: u64, withdrawal: &Withdrawal) -> Self {
		let status = match withdrawal.state {
			WithdrawalState::Pending { provider, .. } => WithdrawalStatus::Pending { provider },
			WithdrawalState::Paid { provider, at, provider_reference } => {
				WithdrawalStatus::Paid { provider, at, reference: provider_reference }
			},
			WithdrawalState::Refunded { at } => WithdrawalStatus::Refunded { at },
		};
		Self {
			id,
			key: withdrawal.key,
			account: from_subxt_account(withdrawal.account.clone()),
			bank_account: withdrawal.bank_account,
			asset: withdrawal.asset,
			amount: withdrawal.amount,
			fiat_currency: withdrawal.fiat_currency,
			fiat_amount: withdrawal.fiat_amount,
			status,
		}
	}
}

/// The times reconciled: `from <= at < to` (ms since the epoch).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
	/// Inclusive start.
	pub from: u64,
	/// Exclusive end.
	pub to: u64,
}

impl Window {
	/// Whether `at` is in the window.
	pub fn contains(&self, at: u64) -> bool {
		self.from <= at && at < self.to
	}
}

/// Where the reserves a check compares with supply come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReserveSource {
	/// The providers' latest agreed statements on chain.
	ReportedOnChain,
	/// What the banks answer now (`GET {base}/reserves`).
	HeldByBanksNow,
}

/// A difference between a bank's records and the chain's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Discrepancy {
	/// A deposit on the statement the chain does not know (no attestation yet, or never).
	DepositNotOnChain {
		/// The provider.
		provider: u32,
		/// The bank's reference.
		reference: String,
		/// Who it is for.
		account: AccountId20,
		/// The currency received.
		fiat_currency: CurrencyCode,
		/// Minor units received.
		fiat_amount: u128,
	},
	/// A deposit on the statement the chain has neither minted nor held.
	DepositNotCredited {
		/// The provider.
		provider: u32,
		/// The bank's reference.
		reference: String,
		/// Where it stands on chain.
		status: DepositStatus,
	},
	/// The statement and the chain credit different accounts.
	DepositAccountMismatch {
		/// The provider.
		provider: u32,
		/// The bank's reference.
		reference: String,
		/// The statement's account.
		statement: AccountId20,
		/// The chain's account.
		chain: AccountId20,
	},
	/// The statement and the chain differ on the fiat received.
	DepositAmountMismatch {
		/// The provider.
		provider: u32,
		/// The bank's reference.
		reference: String,
		/// The statement's currency and minor units.
		statement: (CurrencyCode, u128),
		/// The chain's currency and minor units.
		chain: (CurrencyCode, u128),
	},
	/// A deposit the chain minted from the provider in the window that its statement lacks.
	DepositNotInStatement {
		/// The provider.
		provider: u32,
		/// The hash of the reference.
		reference: H256,
		/// Who was credited.
		account: AccountId20,
		/// The currency.
		fiat_currency: CurrencyCode,
		/// Minor units.
		fiat_amount: u128,
		/// When it was minted (ms).
		minted_at: u64,
	},
	/// The statement lists a deposit reference twice.
	DuplicateDeposit {
		/// The provider.
		provider: u32,
		/// The bank's reference.
		reference: String,
	},
	/// A payout on the statement whose idempotency key no withdrawal has.
	PayoutWithoutWithdrawal {
		/// The provider.
		provider: u32,
		/// The payout's idempotency key.
		key: H256,
		/// The bank's reference of the payment.
		reference: String,
		/// The currency paid.
		fiat_currency: CurrencyCode,
		/// Minor units paid.
		fiat_amount: u128,
	},
	/// A payout on the statement whose withdrawal the chain does not hold as paid by that
	/// provider (pending, refunded, or paid by another provider).
	PayoutNotPaidOnChain {
		/// The provider.
		provider: u32,
		/// The withdrawal.
		withdrawal: u64,
		/// Where it stands on chain.
		status: WithdrawalStatus,
	},
	/// The statement and the chain differ on the fiat paid out.
	PayoutAmountMismatch {
		/// The provider.
		provider: u32,
		/// The withdrawal.
		withdrawal: u64,
		/// The statement's currency and minor units.
		statement: (CurrencyCode, u128),
		/// The chain's currency and minor units.
		chain: (CurrencyCode, u128),
	},
	/// The bank paid another bank account than the withdrawal's.
	PayoutBankAccountMismatch {
		/// The provider.
		provider: u32,
		/// The withdrawal.
		withdrawal: u64,
		/// The hash the statement shows.
		statement: H256,
		/// The withdrawal's hash.
		chain: H256,
	},
	/// The payment reference on the statement is not the one attested on chain.
	PayoutReferenceMismatch {
		/// The provider.
		provider: u32,
		/// The withdrawal.
		withdrawal: u64,
		/// The statement's reference.
		reference: String,
		/// The hash attested on chain.
		chain: H256,
	},
	/// A withdrawal the chain holds as paid by the provider in the window that its statement
	/// lacks.
	PaidNotInStatement {
		/// The provider.
		provider: u32,
		/// The withdrawal.
		withdrawal: u64,
		/// Its idempotency key.
		key: H256,
		/// The currency.
		fiat_currency: CurrencyCode,
		/// Minor units.
		fiat_amount: u128,
		/// When the chain recorded it paid (ms).
		paid_at: u64,
	},
	/// The statement lists a payout key twice: paid twice.
	DuplicatePayout {
		/// The provider.
		provider: u32,
		/// The idempotency key.
		key: H256,
	},
	/// The provider's statement or reserves could not be read.
	Unreadable {
		/// The provider.
		provider: u32,
		/// What was read.
		what: &'static str,
		/// Why it failed.
		error: String,
	},
	/// Reserves below supply (escrow included).
	ReservesShort {
		/// The stablecoin.
		asset: u32,
		/// Its total issuance.
		supply: u128,
		/// What pending withdrawals hold in escrow (part of `supply`).
		escrowed: u128,
		/// The reserves compared.
		reserves: u128,
		/// Where they come from.
		source: ReserveSource,
	},
}

impl Discrepancy {
	/// One line about it, with the providers' names from `names`.
	pub fn describe(&self, names: &BTreeMap<u32, String>) -> String {
		let p = |id: &u32| format!("provider {}", provider_label(*id, names));
		let fiat = |(currency, minor): &(CurrencyCode, u128)| format_fiat(*minor, currency);
		match self {
			Self::DepositNotOnChain {
				provider,
				reference,
				account,
				fiat_currency,
				fiat_amount,
			} => {
				format!(
					"{}: deposit {reference} ({}) of {} for {account} is on the statement but \
					 not on chain",
					p(provider),
					hash_text(&reference_hash(reference).0),
					format_fiat(*fiat_amount, fiat_currency)
				)
			},
			Self::DepositNotCredited { provider, reference, status } => format!(
				"{}: deposit {reference} is on the statement but {status} on chain (neither \
				 minted nor held)",
				p(provider)
			),
			Self::DepositAccountMismatch { provider, reference, statement, chain } => format!(
				"{}: deposit {reference} is for {statement} on the statement but credits {chain} \
				 on chain",
				p(provider)
			),
			Self::DepositAmountMismatch { provider, reference, statement, chain } => format!(
				"{}: deposit {reference} is {} on the statement but {} on chain",
				p(provider),
				fiat(statement),
				fiat(chain)
			),
			Self::DepositNotInStatement {
				provider,
				reference,
				account,
				fiat_currency,
				fiat_amount,
				minted_at,
			} => format!(
				"{}: deposit {reference:?} of {} for {account}, minted {}, is not on the statement",
				p(provider),
				format_fiat(*fiat_amount, fiat_currency),
				crate::coupons::format_time(*minted_at)
			),
			Self::DuplicateDeposit { provider, reference } => {
				format!("{}: the statement lists deposit {reference} more than once", p(provider))
			},
			Self::PayoutWithoutWithdrawal {
				provider,
				key,
				reference,
				fiat_currency,
				fiat_amount,
			} => format!(
				"{}: payout {reference} of {} with key {key:?} is on the statement but no \
				 withdrawal has that key",
				p(provider),
				format_fiat(*fiat_amount, fiat_currency)
			),
			Self::PayoutNotPaidOnChain { provider, withdrawal, status } => {
				let status = match status {
					WithdrawalStatus::Pending { provider: other } if other == provider => {
						"still pending there".to_string()
					},
					WithdrawalStatus::Pending { provider: other } => {
						format!("pending at provider {}", provider_label(*other, names))
					},
					WithdrawalStatus::Paid { provider: other, .. } => {
						format!("paid by provider {} (paid twice?)", provider_label(*other, names))
					},
					WithdrawalStatus::Refunded { .. } => "refunded (paid and refunded?)".into(),
				};
				format!(
					"{}: withdrawal {withdrawal} is paid on the statement but {status} on chain",
					p(provider)
				)
			},
			Self::PayoutAmountMismatch { provider, withdrawal, statement, chain } => format!(
				"{}: withdrawal {withdrawal} paid {} on the statement but {} on chain",
				p(provider),
				fiat(statement),
				fiat(chain)
			),
			Self::PayoutBankAccountMismatch { provider, withdrawal, statement, chain } => format!(
				"{}: withdrawal {withdrawal} paid bank account {statement:?} on the statement \
				 but {chain:?} on chain",
				p(provider)
			),
			Self::PayoutReferenceMismatch { provider, withdrawal, reference, chain } => format!(
				"{}: withdrawal {withdrawal} paid as {reference} ({}) on the statement but \
				 attested with reference hash {chain:?} on chain",
				p(provider),
				hash_text(&reference_hash(reference).0)
			),
			Self::PaidNotInStatement {
				provider,
				withdrawal,
				key,
				fiat_currency,
				fiat_amount,
				paid_at,
			} => format!(
				"{}: withdrawal {withdrawal} (key {key:?}) of {}, paid {} on chain, is not on \
				 the statement",
				p(provider),
				format_fiat(*fiat_amount, fiat_currency),
				crate::coupons::format_time(*paid_at)
			),
			Self::DuplicatePayout { provider, key } => {
				format!("{}: the statement lists payout key {key:?} more than once", p(provider))
			},
			Self::Unreadable { provider, what, error } => {
				format!("{}: cannot read its {what}: {error}", p(provider))
			},
			Self::ReservesShort { asset, supply, escrowed, reserves, source } => format!(
				"{}: reserves {} {} are below supply {} ({} of it escrowed for pending \
				 withdrawals)",
				asset_symbol(*asset),
				match source {
					ReserveSource::ReportedOnChain => "reported on chain",
					ReserveSource::HeldByBanksNow => "held by the banks now",
				},
				format_units(*reserves, *asset),
				format_units(*supply, *asset),
				format_units(*escrowed, *asset)
			),
		}
	}
}

fn hash_text(bytes: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(bytes))
}

fn deposit_differences(
	provider: u32,
	reference: &str,
	account: AccountId20,
	fiat: (CurrencyCode, u128),
	chain: &ChainDeposit,
) -> Vec<Discrepancy> {
	let mut found = Vec::new();
	if account != chain.account {
		found.push(Discrepancy::DepositAccountMismatch {
			provider,
			reference: reference.to_string(),
			statement: account,
			chain: chain.account,
		});
	}
	if fiat != (chain.fiat_currency, chain.fiat_amount) {
		found.push(Discrepancy::DepositAmountMismatch {
			provider,
			reference: reference.to_string(),
			statement: fiat,
			chain: (chain.fiat_currency, chain.fiat_amount),
		});
	}
	found
}

struct StatementPayout<'a> {
	key: H256,
	reference: &'a str,
	bank_account: H256,
	fiat: (CurrencyCode, u128),
}

fn payout_differences(
	provider: u32,
	payout: &StatementPayout,
	chain: &ChainWithdrawal,
) -> Vec<Discrepancy> {
	let mut found = Vec::new();
	match chain.status {
		WithdrawalStatus::Paid { provider: paid_by, reference, .. } if paid_by == provider => {
			let expected = H256(reference_hash(payout.reference).0);
			if expected != reference {
				found.push(Discrepancy::PayoutReferenceMismatch {
					provider,
					withdrawal: chain.id,
					reference: payout.reference.to_string(),
					chain: reference,
				});
			}
		},
		status => {
			found.push(Discrepancy::PayoutNotPaidOnChain { provider, withdrawal: chain.id, status })
		},
	}
	if payout.fiat != (chain.fiat_currency, chain.fiat_amount) {
		found.push(Discrepancy::PayoutAmountMismatch {
			provider,
			withdrawal: chain.id,
			statement: payout.fiat,
			chain: (chain.fiat_currency, chain.fiat_amount),
		});
	}
	if payout.bank_account != chain.bank_account {
		found.push(Discrepancy::PayoutBankAccountMismatch {
			provider,
			withdrawal: chain.id,
			statement: payout.bank_account,
			chain: chain.bank_account,
		});
	}
	found
}

/// Compares `provider`'s statement with the chain's deposits and withdrawals (all of them; only
/// `provider`'s count) over `window`:
///
/// - each statement deposit dated in the window must be a deposit of that provider on chain
///   (keyed by [`reference_hash`] of its reference), minted or held, for the same account and
///   the same fiat currency and amount;
/// - each deposit the chain minted from that provider in the window must be on the statement;
/// - each statement payout dated in the window must be, by its idempotency key, a withdrawal
///   paid by that provider, of the same fiat currency and amount, to the same bank account,
///   with the payment reference attested on chain;
/// - each withdrawal the chain holds as paid by that provider in the window must be on the
///   statement;
/// - no deposit reference or payout key is listed twice.
///
/// The statement may start before the window (a bank dates money when it moved, the chain
/// when it was minted or paid, a little later): entries before the window are not checked
/// themselves, but the chain's records of the window are looked up among them too.
pub fn reconcile_statement(
	provider: u32,
	window: Window,
	statement: &[StatementEntry],
	deposits: &[ChainDeposit],
	withdrawals: &[ChainWithdrawal],
) -> Vec<Discrepancy> {
	let chain_deposits: BTreeMap<H256, &ChainDeposit> = deposits
		.iter()
		.filter(|d| d.provider == provider)
		.map(|d| (d.reference, d))
		.collect();
	let by_key: BTreeMap<H256, &ChainWithdrawal> = withdrawals.iter().map(|w| (w.key, w)).collect();
	let mut found = Vec::new();
	// What the statement lists, by chain key, and whether it was checked already.
	let mut listed_deposits: BTreeMap<H256, (&StatementEntry, bool)> = BTreeMap::new();
	let mut listed_payouts: BTreeMap<H256, (&StatementEntry, bool)> = BTreeMap::new();
	for entry in statement {
		let checked = window.contains(entry.at());
		match entry {
			StatementEntry::Deposit { reference, account, currency, amount_minor, .. } => {
				let key = H256(reference_hash(reference).0);
				if listed_deposits.contains_key(&key) {
					found.push(Discrepancy::DuplicateDeposit {
						provider,
						reference: reference.clone(),
					});
					continue;
				}
				listed_deposits.insert(key, (entry, checked));
				if !checked {
					continue;
				}
				let account = AccountId20(account.0);
				match chain_deposits.get(&key) {
					None => found.push(Discrepancy::DepositNotOnChain {
						provider,
						reference: reference.clone(),
						account,
						fiat_currency: *currency,
						fiat_amount: *amount_minor,
					}),
					Some(chain) => {
						if !matches!(
							chain.status,
							DepositStatus::Minted { .. } | DepositStatus::Held
						) {
							found.push(Discrepancy::DepositNotCredited {
								provider,
								reference: reference.clone(),
								status: chain.status,
							});
						}
						found.extend(deposit_differences(
							provider,
							reference,
							account,
							(*currency, *amount_minor),
							chain,
						));
					},
				}
			},
			StatementEntry::Payout {
				key, reference, bank_account, currency, amount_minor, ..
			} => {
				let key = H256(key.0);
				if listed_payouts.contains_key(&key) {
					found.push(Discrepancy::DuplicatePayout { provider, key });
					continue;
				}
				listed_payouts.insert(key, (entry, checked));
				if !checked {
					continue;
				}
				let payout = StatementPayout {
					key,
					reference,
					bank_account: H256(bank_account.0),
					fiat: (*currency, *amount_minor),
				};
				match by_key.get(&key) {
					None => found.push(Discrepancy::PayoutWithoutWithdrawal {
						provider,
						key: payout.key,
						reference: reference.clone(),
						fiat_currency: *currency,
						fiat_amount: *amount_minor,
					}),
					Some(chain) => found.extend(payout_differences(provider, &payout, chain)),
				}
			},
		}
	}
	for chain in chain_deposits.values() {
		let DepositStatus::Minted { at } = chain.status else { continue };
		if !window.contains(at) {
			continue;
		}
		match listed_deposits.get(&chain.reference) {
			None => found.push(Discrepancy::DepositNotInStatement {
				provider,
				reference: chain.reference,
				account: chain.account,
				fiat_currency: chain.fiat_currency,
				fiat_amount: chain.fiat_amount,
				minted_at: at,
			}),
			// Listed before the window: compared here, not above.
			Some((
				StatementEntry::Deposit { reference, account, currency, amount_minor, .. },
				false,
			)) => found.extend(deposit_differences(
				provider,
				reference,
				AccountId20(account.0),
				(*currency, *amount_minor),
				chain,
			)),
			Some(_) => {},
		}
	}
	for chain in withdrawals {
		let WithdrawalStatus::Paid { provider: paid_by, at, .. } = chain.status else { continue };
		if paid_by != provider || !window.contains(at) {
			continue;
		}
		match listed_payouts.get(&chain.key) {
			None => found.push(Discrepancy::PaidNotInStatement {
				provider,
				withdrawal: chain.id,
				key: chain.key,
				fiat_currency: chain.fiat_currency,
				fiat_amount: chain.fiat_amount,
				paid_at: at,
			}),
			Some((
				StatementEntry::Payout {
					key, reference, bank_account, currency, amount_minor, ..
				},
				false,
			)) => {
				let payout = StatementPayout {
					key: H256(key.0),
					reference,
					bank_account: H256(bank_account.0),
					fiat: (*currency, *amount_minor),
				};
				found.extend(payout_differences(provider, &payout, chain));
			},
			Some(_) => {},
		}
	}
	found
}

/// What the reserves check of one stablecoin compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReserveCheck {
	/// The stablecoin.
	pub asset: u32,
	/// Its total issuance, escrow of pending withdrawals included.
	pub supply: u128,
	/// What pending withdrawals hold in escrow (part of `supply`).
	pub escrowed: u128,
	/// The sum of the providers' latest statements on chain.
	pub reported: u128,
	/// The sum of what the banks answer now, when every provider could be asked.
	pub held_now: Option<u128>,
}

/// The reserves must cover supply (which includes the escrow of pending withdrawals: the
/// escrowed stablecoin still exists until its payout burns it), both as reported on chain and
/// as the banks hold now.
pub fn reconcile_reserves(check: &ReserveCheck) -> Vec<Discrepancy> {
	let mut found = Vec::new();
	let short = |reserves: u128, source| Discrepancy::ReservesShort {
		asset: check.asset,
		supply: check.supply,
		escrowed: check.escrowed,
		reserves,
		source,
	};
	if check.reported < check.supply {
		found.push(short(check.reported, ReserveSource::ReportedOnChain));
	}
	if let Some(held) = check.held_now {
		if held < check.supply {
			found.push(short(held, ReserveSource::HeldByBanksNow));
		}
	}
	found
}

/// The chain records and statement entries that [`reconcile_statement`] looked at, for the
/// summary: (statement deposits, statement payouts) in the window.
pub fn statement_counts(statement: &[StatementEntry], window: Window) -> (usize, usize) {
	let in_window = statement.iter().filter(|e| window.contains(e.at()));
	in_window.fold((0, 0), |(d, p), e| match e {
		StatementEntry::Deposit { .. } => (d + 1, p),
		StatementEntry::Payout { .. } => (d, p + 1),
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use genex_offchain::bridge::Hash;

	const P: u32 = 0;
	const OTHER: u32 = 1;
	const ALICE: AccountId20 = AccountId20([0xa1; 20]);
	const BOB: AccountId20 = AccountId20([0xb0; 20]);
	const WINDOW: Window = Window { from: 1_000, to: 2_000 };

	fn key(n: u8) -> H256 {
		H256([n; 32])
	}

	fn bank_deposit(reference: &str, account: AccountId20, minor: u128, at: u64) -> StatementEntry {
		StatementEntry::Deposit {
			reference: reference.into(),
			account: genex_primitives::AccountId20(account.0),
			currency: USD,
			amount_minor: minor,
			at,
		}
	}

	fn bank_payout(key_byte: u8, reference: &str, minor: u128, at: u64) -> StatementEntry {
		StatementEntry::Payout {
			key: Hash::repeat_byte(key_byte),
			reference: reference.into(),
			bank_account: Hash::repeat_byte(0xbb),
			currency: USD,
			amount_minor: minor,
			at,
		}
	}

	fn chain_deposit(reference: &str, account: AccountId20, minor: u128, at: u64) -> ChainDeposit {
		ChainDeposit {
			provider: P,
			reference: H256(reference_hash(reference).0),
			account,
			asset: USDC_ASSET_ID,
			amount: minor * 10_000,
			fiat_currency: USD,
			fiat_amount: minor,
			status: DepositStatus::Minted { at },
		}
	}

	fn paid(id: u64, key_byte: u8, reference: &str, minor: u128, at: u64) -> ChainWithdrawal {
		ChainWithdrawal {
			id,
			key: key(key_byte),
			account: ALICE,
			bank_account: key(0xbb),
			asset: USDC_ASSET_ID,
			amount: minor * 10_000,
			fiat_currency: USD,
			fiat_amount: minor,
			status: WithdrawalStatus::Paid {
				provider: P,
				at,
				reference: H256(reference_hash(reference).0),
			},
		}
	}

	#[test]
	fn currencies_are_three_upper_case_letters() {
		assert_eq!(parse_currency("USD"), Ok(*b"USD"));
		assert_eq!(parse_currency("EUR"), Ok(*b"EUR"));
		for bad in ["usd", "US", "USDC", "U5D", "", "ÉUR"] {
			let error = parse_currency(bad).unwrap_err();
			assert!(error.contains("three upper-case letters"), "{bad}: {error}");
		}
		assert_eq!(format_fiat(10_050, b"EUR"), "100.50 EUR");
		assert_eq!(format_units(123_450_000, USDC_ASSET_ID), "123.45 USDC");
		assert_eq!(format_units(1, USDT_ASSET_ID), "0.000001 USDT");
		assert_eq!(format_units(5, 9), "0.000005 asset 9");
	}

	#[test]
	fn rates_are_exact_decimals_in_fixed_u128_units() {
		const ONE: u128 = 1_000_000_000_000_000_000;
		assert_eq!(parse_rate("1"), Ok(ONE));
		assert_eq!(parse_rate("1.08"), Ok(1_080_000_000_000_000_000));
		assert_eq!(parse_rate("0.000000000000000001"), Ok(1));
		assert_eq!(parse_rate("0.0067"), Ok(6_700_000_000_000_000));
		assert_eq!(parse_rate("1.100000000000000000000"), Ok(1_100_000_000_000_000_000));
		// 1.1 is not 1.1000000000000000888 (what a float would give).
		assert_eq!(parse_rate("1.1").map(format_rate), Ok("1.1".into()));
		assert_eq!(format_rate(1_080_000_000_000_000_000), "1.08");
		assert_eq!(format_rate(ONE * 150), "150");
		let too_precise = parse_rate("0.0000000000000000001").unwrap_err();
		assert!(too_precise.contains("more than 18 decimal places"), "{too_precise}");
		for bad in ["", "-1", "1e3", "1,08", "abc", "1.0.8"] {
			assert!(parse_rate(bad).unwrap_err().contains("not a decimal"), "{bad}");
		}
		for zero in ["0", "0.000"] {
			assert!(parse_rate(zero).unwrap_err().contains("positive"), "{zero}");
		}
		assert!(parse_rate("340282366920938463464").unwrap_err().contains("too large"));
	}

	#[test]
	fn bank_accounts_in_clear_are_hashed_here_and_hashes_pass_through() {
		let details = "DE89 3704 0044 0532 0130 00";
		let account = parse_bank_account(details).unwrap();
		assert!(account.hashed_here);
		assert_eq!(account.hash.0, sp_crypto_hashing::blake2_256(details.as_bytes()));
		// Exactly as given: no trimming or normalisation.
		assert_ne!(parse_bank_account("DE89370400440532013000").unwrap().hash, account.hash);
		let hash = format!("0x{}", "ab".repeat(32));
		assert_eq!(
			parse_bank_account(&hash),
			Ok(BankAccount { hash: H256([0xab; 32]), hashed_here: false })
		);
		let upper = format!("0x{}", "AB".repeat(32));
		assert_eq!(parse_bank_account(&upper).unwrap().hash, H256([0xab; 32]));
		for bad in ["0x1234", "0xzz", &format!("0x{}", "ab".repeat(33))] {
			let error = parse_bank_account(bad).unwrap_err();
			assert!(error.contains("not a bank account hash"), "{bad}: {error}");
		}
		assert!(parse_bank_account("  ").unwrap_err().contains("empty"));
		assert_eq!(parse_hash(&hash), Ok(H256([0xab; 32])));
		assert!(parse_hash("ab").unwrap_err().contains("0x and 64 hex digits"));
	}

	#[test]
	fn time_bounds_are_milliseconds_or_dates() {
		assert_eq!(parse_time_bound("0"), Ok(0));
		assert_eq!(parse_time_bound("1764547200000"), Ok(1_764_547_200_000));
		assert_eq!(parse_time_bound("2025-12-01"), Ok(1_764_547_200_000));
		assert_eq!(parse_time_bound("1970-01-02"), Ok(86_400_000));
		for bad in ["", "yesterday", "2025-13-01", "-5", "1.5", "99999999999999999999"] {
			assert!(parse_time_bound(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn a_matching_statement_has_no_discrepancy() {
		let statement = [
			bank_deposit("b-1", ALICE, 10_000, 1_100),
			bank_payout(7, "b-P-1", 5_000, 1_200),
			bank_deposit("b-2", BOB, 250, 1_300),
		];
		let mut held = chain_deposit("b-2", BOB, 250, 0);
		held.status = DepositStatus::Held;
		let deposits = [chain_deposit("b-1", ALICE, 10_000, 1_150), held];
		let withdrawals = [paid(0, 7, "b-P-1", 5_000, 1_210)];
		assert_eq!(reconcile_statement(P, WINDOW, &statement, &deposits, &withdrawals), vec![]);
		assert_eq!(statement_counts(&statement, WINDOW), (2, 1));
		// Another provider's records and statement are not this one's business.
		assert_eq!(reconcile_statement(OTHER, WINDOW, &[], &deposits, &withdrawals), vec![]);
	}

	#[test]
	fn what_is_missing_on_either_side_is_reported() {
		let statement =
			[bank_deposit("b-1", ALICE, 10_000, 1_100), bank_payout(7, "b-P-1", 5_000, 1_200)];
		// Neither on chain.
		let found = reconcile_statement(P, WINDOW, &statement, &[], &[]);
		assert_eq!(
			found,
			vec![
				Discrepancy::DepositNotOnChain {
					provider: P,
					reference: "b-1".into(),
					account: ALICE,
					fiat_currency: USD,
					fiat_amount: 10_000,
				},
				Discrepancy::PayoutWithoutWithdrawal {
					provider: P,
					key: key(7),
					reference: "b-P-1".into(),
					fiat_currency: USD,
					fiat_amount: 5_000,
				},
			]
		);
		// Minted and paid on chain in the window, but not on the statement.
		let deposits = [chain_deposit("b-9", ALICE, 300, 1_500)];
		let withdrawals = [paid(4, 9, "b-P-9", 400, 1_600)];
		let found = reconcile_statement(P, WINDOW, &[], &deposits, &withdrawals);
		assert_eq!(
			found,
			vec![
				Discrepancy::DepositNotInStatement {
					provider: P,
					reference: H256(reference_hash("b-9").0),
					account: ALICE,
					fiat_currency: USD,
					fiat_amount: 300,
					minted_at: 1_500,
				},
				Discrepancy::PaidNotInStatement {
					provider: P,
					withdrawal: 4,
					key: key(9),
					fiat_currency: USD,
					fiat_amount: 400,
					paid_at: 1_600,
				},
			]
		);
		// Outside the window, or another provider's: not expected on this statement.
		let outside = [chain_deposit("b-9", ALICE, 300, 2_000)];
		let mut elsewhere = paid(4, 9, "b-P-9", 400, 1_600);
		elsewhere.status = WithdrawalStatus::Paid { provider: OTHER, at: 1_600, reference: key(1) };
		assert_eq!(reconcile_statement(P, WINDOW, &[], &outside, &[elsewhere]), vec![]);
	}

	#[test]
	fn amount_account_and_reference_mismatches_are_reported() {
		let statement = [
			bank_deposit("b-1", ALICE, 10_000, 1_100),
			bank_deposit("b-2", ALICE, 700, 1_150),
			bank_payout(7, "b-P-1", 5_000, 1_200),
			bank_payout(8, "b-P-2", 600, 1_250),
		];
		let deposits =
			[chain_deposit("b-1", ALICE, 9_999, 1_110), chain_deposit("b-2", BOB, 700, 1_160)];
		let mut other_account = paid(1, 8, "b-P-2", 600, 1_260);
		other_account.bank_account = key(0xcc);
		let withdrawals = [paid(0, 7, "b-P-X", 5_001, 1_210), other_account];
		let found = reconcile_statement(P, WINDOW, &statement, &deposits, &withdrawals);
		assert_eq!(
			found,
			vec![
				Discrepancy::DepositAmountMismatch {
					provider: P,
					reference: "b-1".into(),
					statement: (USD, 10_000),
					chain: (USD, 9_999),
				},
				Discrepancy::DepositAccountMismatch {
					provider: P,
					reference: "b-2".into(),
					statement: ALICE,
					chain: BOB,
				},
				Discrepancy::PayoutReferenceMismatch {
					provider: P,
					withdrawal: 0,
					reference: "b-P-1".into(),
					chain: H256(reference_hash("b-P-X").0),
				},
				Discrepancy::PayoutAmountMismatch {
					provider: P,
					withdrawal: 0,
					statement: (USD, 5_000),
					chain: (USD, 5_001),
				},
				Discrepancy::PayoutBankAccountMismatch {
					provider: P,
					withdrawal: 1,
					statement: key(0xbb),
					chain: key(0xcc),
				},
			]
		);
		// A currency difference is an amount difference.
		let mut euros = chain_deposit("b-1", ALICE, 10_000, 1_110);
		euros.fiat_currency = *b"EUR";
		let found = reconcile_statement(P, WINDOW, &statement[..1], &[euros], &[]);
		assert_eq!(
			found,
			vec![Discrepancy::DepositAmountMismatch {
				provider: P,
				reference: "b-1".into(),
				statement: (USD, 10_000),
				chain: (*b"EUR", 10_000),
			}]
		);
	}

	#[test]
	fn unsettled_states_and_duplicates_are_reported() {
		let statement = [
			bank_deposit("b-1", ALICE, 100, 1_100),
			bank_deposit("b-1", ALICE, 100, 1_101),
			bank_payout(7, "b-P-1", 50, 1_200),
			bank_payout(7, "b-P-1", 50, 1_201),
			bank_payout(8, "b-P-2", 60, 1_300),
			bank_payout(9, "b-P-3", 70, 1_400),
		];
		let mut pending = chain_deposit("b-1", ALICE, 100, 0);
		pending.status = DepositStatus::Pending;
		let mut still_pending = paid(0, 7, "b-P-1", 50, 0);
		still_pending.status = WithdrawalStatus::Pending { provider: P };
		let mut paid_elsewhere = paid(1, 8, "b-P-2", 60, 0);
		paid_elsewhere.status =
			WithdrawalStatus::Paid { provider: OTHER, at: 1_310, reference: key(3) };
		let mut refunded = paid(2, 9, "b-P-3", 70, 0);
		refunded.status = WithdrawalStatus::Refunded { at: 1_410 };
		let found = reconcile_statement(
			P,
			WINDOW,
			&statement,
			&[pending],
			&[still_pending, paid_elsewhere, refunded],
		);
		assert_eq!(
			found,
			vec![
				Discrepancy::DepositNotCredited {
					provider: P,
					reference: "b-1".into(),
					status: DepositStatus::Pending,
				},
				Discrepancy::DuplicateDeposit { provider: P, reference: "b-1".into() },
				Discrepancy::PayoutNotPaidOnChain {
					provider: P,
					withdrawal: 0,
					status: WithdrawalStatus::Pending { provider: P },
				},
				Discrepancy::DuplicatePayout { provider: P, key: key(7) },
				Discrepancy::PayoutNotPaidOnChain {
					provider: P,
					withdrawal: 1,
					status: WithdrawalStatus::Paid {
						provider: OTHER,
						at: 1_310,
						reference: key(3)
					},
				},
				Discrepancy::PayoutNotPaidOnChain {
					provider: P,
					withdrawal: 2,
					status: WithdrawalStatus::Refunded { at: 1_410 },
				},
			]
		);
		let names = BTreeMap::from([(P, "primary_bank".to_string()), (OTHER, "backup".into())]);
		let lines: Vec<String> = found.iter().map(|d| d.describe(&names)).collect();
		assert!(lines[0].starts_with("provider 0 (primary_bank): deposit b-1"), "{}", lines[0]);
		assert!(lines[2].contains("still pending there"), "{}", lines[2]);
		assert!(lines[4].contains("paid by provider 1 (backup)"), "{}", lines[4]);
		assert!(lines[5].contains("refunded"), "{}", lines[5]);
	}

	#[test]
	fn entries_before_the_window_only_match_the_chains_records_of_the_window() {
		// Received at 990, minted at 1_010: the statement is read from before the window.
		let statement = [
			bank_deposit("b-0", ALICE, 100, 900),
			bank_deposit("b-1", ALICE, 200, 990),
			bank_payout(7, "b-P-1", 50, 995),
		];
		let deposits = [chain_deposit("b-1", ALICE, 200, 1_010)];
		let withdrawals = [paid(0, 7, "b-P-1", 50, 1_005)];
		// b-0 is before the window and not on chain: not this window's concern.
		assert_eq!(reconcile_statement(P, WINDOW, &statement, &deposits, &withdrawals), vec![]);
		// Matched across the window's start, the amounts are still compared.
		let deposits = [chain_deposit("b-1", ALICE, 201, 1_010)];
		let withdrawals = [paid(0, 7, "b-P-1", 51, 1_005)];
		let found = reconcile_statement(P, WINDOW, &statement, &deposits, &withdrawals);
		assert_eq!(
			found,
			vec![
				Discrepancy::DepositAmountMismatch {
					provider: P,
					reference: "b-1".into(),
					statement: (USD, 200),
					chain: (USD, 201),
				},
				Discrepancy::PayoutAmountMismatch {
					provider: P,
					withdrawal: 0,
					statement: (USD, 50),
					chain: (USD, 51),
				},
			]
		);
	}

	#[test]
	fn reserves_must_cover_supply_with_its_escrow() {
		let check = ReserveCheck {
			asset: USDC_ASSET_ID,
			supply: 6_000,
			escrowed: 100,
			reported: 6_000,
			held_now: Some(6_000),
		};
		assert_eq!(reconcile_reserves(&check), vec![]);
		assert_eq!(reconcile_reserves(&ReserveCheck { held_now: None, ..check }), vec![]);
		let short = ReserveCheck { reported: 5_000, held_now: Some(5_999), ..check };
		assert_eq!(
			reconcile_reserves(&short),
			vec![
				Discrepancy::ReservesShort {
					asset: USDC_ASSET_ID,
					supply: 6_000,
					escrowed: 100,
					reserves: 5_000,
					source: ReserveSource::ReportedOnChain,
				},
				Discrepancy::ReservesShort {
					asset: USDC_ASSET_ID,
					supply: 6_000,
					escrowed: 100,
					reserves: 5_999,
					source: ReserveSource::HeldByBanksNow,
				},
			]
		);
		let line = reconcile_reserves(&short)[0].describe(&BTreeMap::new());
		assert_eq!(
			line,
			"USDC: reserves reported on chain 0.005 USDC are below supply 0.006 USDC (0.0001 \
			 USDC of it escrowed for pending withdrawals)"
		);
	}
}
