//! Withdrawals: escrow, provider assignment, k-of-n payout reports, failover and refunds.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungibles::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use genex_primitives::aml::MovementKind;
use pallet_compliance::{ComplianceGate, Movement, MovementLog, TravelRuleRecorder};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_request_withdrawal(
		who: T::AccountId,
		asset: AssetId,
		amount: Balance,
		bank_account: H256,
		fiat_currency: CurrencyCode,
		quote: Option<QuoteId>,
		travel_rule: Option<(H256, H256)>,
	) -> Result<WithdrawalId, DispatchError> {
		ensure!(Self::is_bridged(asset), Error::<T>::NotBridged);
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(amount <= BridgeLimits::<T>::get().max_withdrawal, Error::<T>::WithdrawalTooLarge);
		let now = Self::now();
		let fiat_amount = Self::payout_value(fiat_currency, amount, quote, now)?;
		T::Gate::ensure_can_transfer(&Movement {
			from: Some(&who),
			to: None,
			class: None,
			issuer: None,
			value: amount,
			travel_rule_data: travel_rule.is_some(),
		})?;
		let provider = Self::next_provider(&[]).ok_or(Error::<T>::NoProvider)?;
		let id = NextWithdrawalId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::Overflow)?;

		let escrow = Self::account_id();
		T::Assets::transfer(asset, &who, &escrow, amount, Preservation::Expendable)?;
		Escrowed::<T>::mutate(asset, |held| *held = held.saturating_add(amount));
		// The stablecoin goes to the bridge; the beneficiary is off the platform, identified
		// by its hash.
		let travel_rule_record = match travel_rule {
			Some((originator, beneficiary)) if amount >= T::TravelRule::threshold() => {
				Some(T::TravelRule::record(&who, &escrow, originator, beneficiary, amount, true)?)
			},
			_ => None,
		};
		NextWithdrawalId::<T>::put(next_id);
		let key = idempotency_key(id);
		Withdrawals::<T>::insert(
			id,
			Withdrawal {
				account: who.clone(),
				asset,
				amount,
				bank_account,
				fiat_currency,
				fiat_amount,
				quote,
				key,
				requested_at: now,
				travel_rule_record,
				state: WithdrawalState::Pending { provider, attempts: 0 },
				failed: BoundedVec::new(),
				reports: BoundedVec::new(),
				contested: false,
			},
		);
		PendingPayouts::<T>::insert(provider, id, ());
		T::Movements::record(MovementKind::FiatWithdrawal {
			account: who.clone(),
			asset,
			amount,
			provider,
		});
		Self::deposit_event(Event::WithdrawalRequested {
			id,
			account: who,
			asset,
			amount,
			fiat_currency,
			fiat_amount,
			provider,
			key,
			travel_rule_record,
		});
		Ok(id)
	}

	/// The pending withdrawal `id`, with its assigned provider and attempts.
	fn pending_withdrawal(
		id: WithdrawalId,
	) -> Result<(WithdrawalOf<T>, ProviderId, u32), DispatchError> {
		let withdrawal = Withdrawals::<T>::get(id).ok_or(Error::<T>::UnknownWithdrawal)?;
		match withdrawal.state {
			WithdrawalState::Pending { provider, attempts } => Ok((withdrawal, provider, attempts)),
			_ => Err(Error::<T>::WithdrawalFinal.into()),
		}
	}

	pub(crate) fn do_report_payout(
		attestor: T::AccountId,
		id: WithdrawalId,
		provider_id: ProviderId,
		outcome: PayoutOutcome,
	) -> DispatchResult {
		let (mut withdrawal, assigned, attempts) = Self::pending_withdrawal(id)?;
		ensure!(provider_id == assigned, Error::<T>::NotAssignedProvider);
		let provider = Providers::<T>::get(provider_id).ok_or(Error::<T>::UnknownProvider)?;
		ensure!(provider.is_attestor(&attestor), Error::<T>::NotAttestor);
		withdrawal.reports.retain(|r| provider.is_attestor(&r.attestor));
		// One report per attestor and attempt; a timeout it reported says nothing, so a
		// definite outcome it learns later replaces it (else, with k = n, one timeout would
		// leave the attempt undecidable).
		if let Some(index) = withdrawal.reports.iter().position(|r| r.attestor == attestor) {
			ensure!(
				outcome.is_definite() && !withdrawal.reports[index].outcome.is_definite(),
				Error::<T>::AlreadyReported
			);
			withdrawal.reports.remove(index);
		}
		// A timeout says nothing: it contradicts no one. Two different definite outcomes (or
		// two different payment references) do.
		if outcome.is_definite() {
			if let Some(other) = withdrawal
				.reports
				.iter()
				.find(|r| r.outcome.is_definite() && r.outcome != outcome)
			{
				withdrawal.contested = true;
				Self::deposit_event(Event::PayoutConflict {
					withdrawal: id,
					provider: provider_id,
					attestor: attestor.clone(),
					outcome,
					other: other.outcome,
				});
			}
		}
		withdrawal
			.reports
			.try_push(PayoutReport { attestor: attestor.clone(), outcome })
			.map_err(|_| Error::<T>::Overflow)?;
		Self::deposit_event(Event::PayoutReported {
			withdrawal: id,
			provider: provider_id,
			attestor,
			outcome,
		});
		let agreeing = withdrawal.reports.iter().filter(|r| r.outcome == outcome).count() as u32;
		if agreeing >= provider.threshold {
			if !outcome.is_definite() {
				// The attempt timed out: the same provider is retried with the same key.
				let attempts = attempts.saturating_add(1);
				withdrawal.state = WithdrawalState::Pending { provider: provider_id, attempts };
				withdrawal.reports.retain(|r| r.outcome.is_definite());
				Self::deposit_event(Event::PayoutAttemptFailed {
					withdrawal: id,
					provider: provider_id,
					attempts,
				});
			} else if !withdrawal.contested {
				Self::apply_payout(id, &mut withdrawal, provider_id, outcome)?;
			}
		}
		Withdrawals::<T>::insert(id, withdrawal);
		Ok(())
	}

	pub(crate) fn do_resolve_payout(id: WithdrawalId, outcome: PayoutOutcome) -> DispatchResult {
		ensure!(outcome.is_definite(), Error::<T>::IndefiniteOutcome);
		let (mut withdrawal, assigned, _) = Self::pending_withdrawal(id)?;
		Self::apply_payout(id, &mut withdrawal, assigned, outcome)?;
		Withdrawals::<T>::insert(id, withdrawal);
		Ok(())
	}

	/// Applies a definite outcome of the attempt at `provider`: paid burns the escrow; failed
	/// moves the withdrawal to the next provider not yet failed, or refunds it when none is
	/// left. The next attempt starts with no reports.
	fn apply_payout(
		id: WithdrawalId,
		withdrawal: &mut WithdrawalOf<T>,
		provider: ProviderId,
		outcome: PayoutOutcome,
	) -> DispatchResult {
		let escrow = Self::account_id();
		let (asset, amount) = (withdrawal.asset, withdrawal.amount);
		withdrawal.reports.clear();
		withdrawal.contested = false;
		PendingPayouts::<T>::remove(provider, id);
		match outcome {
			PayoutOutcome::Paid { provider_reference } => {
				T::Assets::burn_from(
					asset,
					&escrow,
					amount,
					Preservation::Expendable,
					Precision::Exact,
					Fortitude::Force,
				)?;
				Escrowed::<T>::mutate(asset, |held| *held = held.saturating_sub(amount));
				TotalBurned::<T>::mutate(asset, |total| *total = total.saturating_add(amount));
				withdrawal.state =
					WithdrawalState::Paid { provider, at: Self::now(), provider_reference };
				Self::deposit_event(Event::WithdrawalPaid {
					withdrawal: id,
					provider,
					provider_reference,
					asset,
					amount,
				});
			},
			PayoutOutcome::Failed { .. } => {
				withdrawal.failed.try_push(provider).map_err(|_| Error::<T>::Overflow)?;
				match Self::next_provider(&withdrawal.failed) {
					Some(next) => {
						withdrawal.state = WithdrawalState::Pending { provider: next, attempts: 0 };
						PendingPayouts::<T>::insert(next, id, ());
						Self::deposit_event(Event::PayoutFailedOver {
							withdrawal: id,
							from: provider,
							to: next,
						});
					},
					None => {
						let account = withdrawal.account.clone();
						T::Assets::transfer(
							asset,
							&escrow,
							&account,
							amount,
							Preservation::Expendable,
						)?;
						Escrowed::<T>::mutate(asset, |held| *held = held.saturating_sub(amount));
						withdrawal.state = WithdrawalState::Refunded { at: Self::now() };
						Self::deposit_event(Event::WithdrawalRefunded {
							withdrawal: id,
							account,
							asset,
							amount,
						});
					},
				}
			},
		}
		Ok(())
	}
}
