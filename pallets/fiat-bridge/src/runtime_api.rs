//! What the fiat bridge's off-chain worker and apps read: providers, deposits, withdrawals (and
//! what a provider must pay), reserves, rates.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use frame_support::traits::fungibles::Inspect;
use scale_info::TypeInfo;
use sp_core::H256;

/// A provider as the worker and apps see it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ProviderInfo<AccountId> {
	/// Its id.
	pub id: ProviderId,
	/// Its name.
	pub name: Vec<u8>,
	/// Primary or backup.
	pub priority: Priority,
	/// Active, standby or failed.
	pub status: ProviderStatus,
	/// Its attestors.
	pub attestors: Vec<AccountId>,
	/// How many must agree.
	pub threshold: u32,
	/// Its minting allowance.
	pub allowance: Allowance,
	/// What it may still mint now.
	pub available: Balance,
}

/// A deposit as the worker and apps see it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct DepositInfo<AccountId> {
	/// The data first attested (or chosen by governance).
	pub data: DepositData<AccountId>,
	/// Where it stands.
	pub state: DepositState,
	/// Who attested what (digests of the data).
	pub attestations: Vec<(AccountId, H256)>,
	/// When it was first attested (ms).
	pub first_seen: Moment,
}

/// A withdrawal as the worker and apps see it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct WithdrawalInfo<AccountId> {
	/// Its id.
	pub id: WithdrawalId,
	/// Who withdraws.
	pub account: AccountId,
	/// USDC or USDT.
	pub asset: AssetId,
	/// Base units escrowed.
	pub amount: Balance,
	/// Hash of the bank account to pay.
	pub bank_account: H256,
	/// The currency paid out.
	pub fiat_currency: CurrencyCode,
	/// Minor units paid out.
	pub fiat_amount: u128,
	/// The idempotency key every payout attempt carries.
	pub key: H256,
	/// When it was requested (ms).
	pub requested_at: Moment,
	/// Where it stands.
	pub state: WithdrawalState,
	/// Providers that failed it definitely.
	pub failed: Vec<ProviderId>,
	/// Reports about the current attempt.
	pub reports: Vec<(AccountId, PayoutOutcome)>,
	/// Attestors contradicted each other about the current attempt.
	pub contested: bool,
}

/// An asset's reconciliation: supply, escrow and reserves.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ReservesInfo {
	/// Total issuance (escrow included).
	pub supply: Balance,
	/// What pending withdrawals hold in escrow.
	pub escrowed: Balance,
	/// Sum of the providers' latest statements.
	pub reported: Balance,
	/// Each provider's latest statement.
	pub reports: Vec<(ProviderId, ReserveReport)>,
	/// Why minting is paused, if it is.
	pub paused: Option<PauseReason>,
	/// What was minted today (UTC).
	pub minted_today: Balance,
	/// Minted by deposits, ever.
	pub total_minted: Balance,
	/// Burned by paid withdrawals, ever.
	pub total_burned: Balance,
}

sp_api::decl_runtime_apis! {
	/// Providers, deposits, withdrawals and reserves of the fiat bridge.
	pub trait FiatBridgeApi<AccountId: Codec> {
		/// Provider `id`.
		fn provider(id: ProviderId) -> Option<ProviderInfo<AccountId>>;
		/// Every provider.
		fn providers() -> Vec<ProviderInfo<AccountId>>;
		/// The deposit `reference` of `provider`.
		fn deposit(provider: ProviderId, reference: H256) -> Option<DepositInfo<AccountId>>;
		/// Withdrawal `id`.
		fn withdrawal(id: WithdrawalId) -> Option<WithdrawalInfo<AccountId>>;
		/// The `max` oldest pending withdrawals assigned to `provider` (what its worker must
		/// pay), lowest ids first.
		fn pending_withdrawals(provider: ProviderId, max: u32) -> Vec<WithdrawalInfo<AccountId>>;
		/// `asset`'s supply, escrow, reserves and whether minting is paused.
		fn reserves(asset: AssetId) -> ReservesInfo;
		/// The latest quote of `currency`, and whether it is live now.
		fn latest_quote(currency: CurrencyCode) -> Option<(QuoteId, Quote, bool)>;
	}
}

impl<T: Config> Pallet<T> {
	/// Provider `id` as the runtime API shows it.
	pub fn provider_info(id: ProviderId) -> Option<ProviderInfo<T::AccountId>> {
		Providers::<T>::get(id).map(|p| ProviderInfo {
			id,
			name: p.name.to_vec(),
			priority: p.priority,
			status: p.status,
			attestors: p.attestors.to_vec(),
			threshold: p.threshold,
			allowance: p.allowance,
			available: p.available(Self::block()),
		})
	}

	/// Every provider, by id.
	pub fn providers_info() -> Vec<ProviderInfo<T::AccountId>> {
		(0..NextProviderId::<T>::get()).filter_map(Self::provider_info).collect()
	}

	/// Deposit `reference` of `provider` as the runtime API shows it.
	pub fn deposit_info(
		provider: ProviderId,
		reference: H256,
	) -> Option<DepositInfo<T::AccountId>> {
		Deposits::<T>::get(provider, reference).map(|d| DepositInfo {
			data: d.data,
			state: d.state,
			attestations: d.attestations.into_iter().map(|a| (a.attestor, a.digest)).collect(),
			first_seen: d.first_seen,
		})
	}

	/// Withdrawal `id` as the runtime API shows it.
	pub fn withdrawal_info(id: WithdrawalId) -> Option<WithdrawalInfo<T::AccountId>> {
		Withdrawals::<T>::get(id).map(|w| WithdrawalInfo {
			id,
			account: w.account,
			asset: w.asset,
			amount: w.amount,
			bank_account: w.bank_account,
			fiat_currency: w.fiat_currency,
			fiat_amount: w.fiat_amount,
			key: w.key,
			requested_at: w.requested_at,
			state: w.state,
			failed: w.failed.to_vec(),
			reports: w.reports.into_iter().map(|r| (r.attestor, r.outcome)).collect(),
			contested: w.contested,
		})
	}

	/// The `max` oldest pending withdrawals assigned to `provider` (lowest ids first).
	pub fn pending_withdrawals(
		provider: ProviderId,
		max: u32,
	) -> Vec<WithdrawalInfo<T::AccountId>> {
		// The map is in hash order: the oldest `max` are the first `max` of all, sorted.
		let mut ids: Vec<WithdrawalId> = PendingPayouts::<T>::iter_key_prefix(provider).collect();
		ids.sort_unstable();
		ids.into_iter().take(max as usize).filter_map(Self::withdrawal_info).collect()
	}

	/// `asset`'s reconciliation.
	pub fn reserves_info(asset: AssetId) -> ReservesInfo {
		let summary = ReserveSummaries::<T>::get(asset);
		let daily = DailyMinted::<T>::get(asset);
		ReservesInfo {
			supply: T::Assets::total_issuance(asset),
			escrowed: Escrowed::<T>::get(asset),
			reported: summary.reported,
			reports: ReserveReports::<T>::iter_prefix(asset).collect(),
			paused: MintingPaused::<T>::get(asset),
			minted_today: if daily.day == Self::now() / DAY_MS { daily.minted } else { 0 },
			total_minted: TotalMinted::<T>::get(asset),
			total_burned: TotalBurned::<T>::get(asset),
		}
	}

	/// The latest quote of `currency`, and whether it is live now.
	pub fn latest_quote(currency: CurrencyCode) -> Option<(QuoteId, Quote, bool)> {
		let id = LatestQuote::<T>::get(currency)?;
		let quote = Quotes::<T>::get(id)?;
		Some((id, quote, quote.is_live_at(Self::now())))
	}
}
