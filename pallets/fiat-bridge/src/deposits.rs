//! Deposits: k-of-n attestation, the mint (exactly once per reference), holds, disputes.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::fungibles::{Inspect, Mutate},
};
use genex_primitives::aml::MovementKind;
use pallet_compliance::{ComplianceGate, Denial, Movement, MovementLog};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// Checks deposit data on its own: a bridged asset, an amount of at least the asset's
	/// minimum balance and at most the per-deposit cap, exactly the fiat amount converted at a
	/// quote live at `at` (the deposit's first attestation).
	fn ensure_valid_deposit(data: &DepositDataOf<T>, at: Moment) -> DispatchResult {
		ensure!(Self::is_bridged(data.asset), Error::<T>::NotBridged);
		ensure!(data.amount > 0, Error::<T>::ZeroAmount);
		ensure!(data.amount >= T::Assets::minimum_balance(data.asset), Error::<T>::BelowMinimum);
		ensure!(data.amount <= BridgeLimits::<T>::get().max_deposit, Error::<T>::DepositTooLarge);
		let value = Self::fiat_value(data.fiat_currency, data.fiat_amount, data.quote, at)?;
		ensure!(value == data.amount, Error::<T>::AmountMismatch);
		Ok(())
	}

	/// Whether the gate lets `account` receive `amount` from outside: not sanctioned, not
	/// frozen, transfers not paused, KYC at least `DepositKyc` (and the Travel Rule's level at
	/// or above its threshold). The payer is the account holder's own bank account, identified
	/// by the provider under the banks' rules, so the chain needs no identity hashes of it.
	pub(crate) fn check_recipient(account: &T::AccountId, amount: Balance) -> Result<(), Denial> {
		T::Gate::check_transfer(&Movement {
			from: None,
			to: Some(account),
			class: None,
			issuer: None,
			value: amount,
			travel_rule_data: true,
		})?;
		let (required, actual) = (T::DepositKyc::get(), T::Gate::kyc_level(account));
		if actual < required {
			return Err(Denial::KycTooLow { required, actual });
		}
		Ok(())
	}

	/// Attestations of the provider's current attestors agreeing with the record's data.
	fn agreeing(record: &DepositRecordOf<T>, provider: &ProviderOf<T>) -> u32 {
		let expected = record.data.digest();
		record
			.attestations
			.iter()
			.filter(|a| a.digest == expected && provider.is_attestor(&a.attestor))
			.count() as u32
	}

	pub(crate) fn do_attest_deposit(
		attestor: T::AccountId,
		provider_id: ProviderId,
		reference: H256,
		data: DepositDataOf<T>,
	) -> DispatchResult {
		let mut provider = Providers::<T>::get(provider_id).ok_or(Error::<T>::UnknownProvider)?;
		ensure!(provider.is_attestor(&attestor), Error::<T>::NotAttestor);
		let now = Self::now();
		let existing = Deposits::<T>::get(provider_id, reference);
		if let Some(record) = &existing {
			ensure!(record.state.is_open(), Error::<T>::AlreadySettled);
			ensure!(
				!record.attestations.iter().any(|a| a.attestor == attestor),
				Error::<T>::AlreadyAttested
			);
		}
		let first_seen = existing.as_ref().map_or(now, |record| record.first_seen);
		Self::ensure_valid_deposit(&data, first_seen)?;

		let digest = data.digest();
		let mut record = existing.unwrap_or_else(|| DepositRecord {
			data,
			attestations: BoundedVec::new(),
			state: DepositState::Pending,
			first_seen: now,
		});
		// Attestations of accounts no longer attestors of the provider do not count.
		record.attestations.retain(|a| provider.is_attestor(&a.attestor));
		record
			.attestations
			.try_push(Attestation { attestor: attestor.clone(), digest })
			.map_err(|_| Error::<T>::Overflow)?;
		Self::deposit_event(Event::DepositAttested {
			provider: provider_id,
			reference,
			attestor: attestor.clone(),
			attestations: record.attestations.len() as u32,
		});
		let expected = record.data.digest();
		if digest != expected {
			record.state = DepositState::Disputed;
			Self::deposit_event(Event::AttestationConflict {
				provider: provider_id,
				reference,
				attestor,
				expected,
				attested: digest,
			});
		}
		if record.state == DepositState::Pending
			&& Self::agreeing(&record, &provider) >= provider.threshold
		{
			Self::settle(provider_id, &mut provider, reference, &mut record, now)?;
		}
		Deposits::<T>::insert(provider_id, reference, record);
		Ok(())
	}

	/// A deposit whose data stands: held if the gate refuses its account or minting of its
	/// asset is paused, minted otherwise (within the caps).
	fn settle(
		provider_id: ProviderId,
		provider: &mut ProviderOf<T>,
		reference: H256,
		record: &mut DepositRecordOf<T>,
		now: Moment,
	) -> DispatchResult {
		if let Err(denial) = Self::check_recipient(&record.data.account, record.data.amount) {
			Self::hold(provider_id, reference, record, HoldReason::Compliance(denial));
			return Ok(());
		}
		if !Self::minting_allowed(record.data.asset, now) {
			Self::hold(provider_id, reference, record, HoldReason::MintingPaused);
			return Ok(());
		}
		Self::mint(provider_id, provider, reference, record, now)
	}

	fn hold(
		provider: ProviderId,
		reference: H256,
		record: &mut DepositRecordOf<T>,
		reason: HoldReason,
	) {
		record.state = DepositState::Held { reason };
		Self::deposit_event(Event::DepositHeld {
			provider,
			reference,
			account: record.data.account.clone(),
			asset: record.data.asset,
			amount: record.data.amount,
			reason,
		});
	}

	/// Mints a deposit: within the per-deposit cap, the asset's daily total and the provider's
	/// allowance, which it drains.
	fn mint(
		provider_id: ProviderId,
		provider: &mut ProviderOf<T>,
		reference: H256,
		record: &mut DepositRecordOf<T>,
		now: Moment,
	) -> DispatchResult {
		let DepositData { account, asset, amount, .. } = record.data.clone();
		let limits = BridgeLimits::<T>::get();
		ensure!(amount <= limits.max_deposit, Error::<T>::DepositTooLarge);
		let day = now / DAY_MS;
		let mut daily = DailyMinted::<T>::get(asset);
		if daily.day != day {
			daily = DailyTotal { day, minted: 0 };
		}
		daily.minted = daily.minted.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		ensure!(daily.minted <= limits.daily_mint, Error::<T>::DailyLimitExceeded);
		let block = Self::block();
		let available = provider.available(block);
		ensure!(amount <= available, Error::<T>::AllowanceExceeded);

		T::Assets::mint_into(asset, &account, amount)?;
		provider.bucket = Bucket { level: available - amount, at: block };
		Providers::<T>::insert(provider_id, &*provider);
		DailyMinted::<T>::insert(asset, daily);
		TotalMinted::<T>::mutate(asset, |total| *total = total.saturating_add(amount));
		record.state = DepositState::Minted { at: now };
		T::Movements::record(MovementKind::FiatDeposit {
			account: account.clone(),
			asset,
			amount,
			provider: provider_id,
		});
		Self::deposit_event(Event::DepositMinted {
			provider: provider_id,
			reference,
			account,
			asset,
			amount,
		});
		Ok(())
	}

	pub(crate) fn do_resolve_deposit(
		provider_id: ProviderId,
		reference: H256,
		choice: Option<DepositDataOf<T>>,
	) -> DispatchResult {
		let mut record =
			Deposits::<T>::get(provider_id, reference).ok_or(Error::<T>::UnknownDeposit)?;
		ensure!(record.state.is_open(), Error::<T>::AlreadySettled);
		match choice {
			None => {
				record.state = DepositState::Rejected;
				Self::deposit_event(Event::DepositRejected { provider: provider_id, reference });
			},
			Some(data) => {
				let mut provider =
					Providers::<T>::get(provider_id).ok_or(Error::<T>::UnknownProvider)?;
				Self::ensure_valid_deposit(&data, record.first_seen)?;
				record.data = data;
				Self::settle(provider_id, &mut provider, reference, &mut record, Self::now())?;
			},
		}
		Deposits::<T>::insert(provider_id, reference, record);
		Ok(())
	}

	pub(crate) fn do_release_deposit(provider_id: ProviderId, reference: H256) -> DispatchResult {
		let mut record =
			Deposits::<T>::get(provider_id, reference).ok_or(Error::<T>::UnknownDeposit)?;
		ensure!(matches!(record.state, DepositState::Held { .. }), Error::<T>::NotHeld);
		Self::check_recipient(&record.data.account, record.data.amount)
			.map_err(T::Gate::denial_error)?;
		let mut provider = Providers::<T>::get(provider_id).ok_or(Error::<T>::UnknownProvider)?;
		Self::settle(provider_id, &mut provider, reference, &mut record, Self::now())?;
		Deposits::<T>::insert(provider_id, reference, record);
		Ok(())
	}

	pub(crate) fn do_return_deposit(provider_id: ProviderId, reference: H256) -> DispatchResult {
		let mut record =
			Deposits::<T>::get(provider_id, reference).ok_or(Error::<T>::UnknownDeposit)?;
		ensure!(matches!(record.state, DepositState::Held { .. }), Error::<T>::NotHeld);
		record.state = DepositState::Returned;
		Self::deposit_event(Event::DepositReturned {
			provider: provider_id,
			reference,
			account: record.data.account.clone(),
			fiat_currency: record.data.fiat_currency,
			fiat_amount: record.data.fiat_amount,
		});
		Deposits::<T>::insert(provider_id, reference, record);
		Ok(())
	}

	pub(crate) fn do_retry_deposit(provider_id: ProviderId, reference: H256) -> DispatchResult {
		let mut record =
			Deposits::<T>::get(provider_id, reference).ok_or(Error::<T>::UnknownDeposit)?;
		let mut provider = Providers::<T>::get(provider_id).ok_or(Error::<T>::UnknownProvider)?;
		let retryable = match record.state {
			DepositState::Held { reason: HoldReason::MintingPaused } => true,
			DepositState::Pending => Self::agreeing(&record, &provider) >= provider.threshold,
			_ => false,
		};
		ensure!(retryable, Error::<T>::NothingToRetry);
		let was = record.state;
		Self::settle(provider_id, &mut provider, reference, &mut record, Self::now())?;
		// Still held for the pause: nothing changed.
		ensure!(record.state != was, Error::<T>::MintingIsPaused);
		Deposits::<T>::insert(provider_id, reference, record);
		Ok(())
	}
}
