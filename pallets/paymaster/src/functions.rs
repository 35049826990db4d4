//! What the calls and the extension do: eligibility, the quota decision, recording and settling
//! sponsored fees, the low-balance event, and the status apps read.

use crate::{pallet::*, types::*, BalanceOf};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::Inspect,
		tokens::{Fortitude, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{AccountIdConversion, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The paymaster's account.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// What the paymaster can spend without closing its account.
	pub fn balance() -> BalanceOf<T> {
		T::Currency::reducible_balance(
			&Self::account_id(),
			Preservation::Preserve,
			Fortitude::Polite,
		)
	}

	/// Whether `who` is sponsored under the policy in force, or why not.
	pub fn eligibility(who: &T::AccountId) -> Eligibility {
		Self::eligibility_under(&CurrentPolicy::<T>::get(), who)
	}

	/// Whether `who` is sponsored under `policy`, or why not.
	fn eligibility_under(policy: &PolicyOf<T>, who: &T::AccountId) -> Eligibility {
		if !policy.enabled {
			return Eligibility::Disabled;
		}
		if T::Eligibility::blocked(who) {
			return Eligibility::Blocked;
		}
		let actual = T::Eligibility::kyc_level(who);
		if actual < policy.min_kyc {
			return Eligibility::KycTooLow { required: policy.min_kyc, actual };
		}
		Eligibility::Eligible
	}

	/// `who`'s usage as it stands at block `now`: a window that has run out counts as empty,
	/// starting at `now`.
	pub fn usage_at(who: &T::AccountId, now: BlockNumberFor<T>) -> UsageOf<T> {
		Self::usage_in(who, now, CurrentPolicy::<T>::get().window)
	}

	/// `usage_at` for windows of `window` blocks.
	fn usage_in(
		who: &T::AccountId,
		now: BlockNumberFor<T>,
		window: BlockNumberFor<T>,
	) -> UsageOf<T> {
		Self::open_window(who, now, window).unwrap_or(Usage {
			window_start: now,
			transactions: 0,
			fees: Zero::zero(),
		})
	}

	/// `who`'s window of `window` blocks if it is still open at `now`.
	fn open_window(
		who: &T::AccountId,
		now: BlockNumberFor<T>,
		window: BlockNumberFor<T>,
	) -> Option<UsageOf<T>> {
		Quotas::<T>::get(who).filter(|usage| now < usage.window_start.saturating_add(window))
	}

	/// Who pays the fee `fee` (tip `tip`) of `call` signed by `who`, or why it is refused. Does
	/// not look at the paymaster's balance (the extension does) nor at the block budget (only
	/// known in the block).
	pub fn decide(
		who: &T::AccountId,
		call: &<T as frame_system::Config>::RuntimeCall,
		fee: BalanceOf<T>,
		tip: BalanceOf<T>,
	) -> Decision {
		let Some(category) = T::CallCategory::category(call) else {
			return Decision::SignerPays;
		};
		if !SponsoredCategories::<T>::contains_key(category) {
			return Decision::SignerPays;
		}
		let policy = CurrentPolicy::<T>::get();
		if Self::eligibility_under(&policy, who) != Eligibility::Eligible {
			return Decision::SignerPays;
		}
		if !tip.is_zero() {
			return Decision::Refused(TIP_ON_SPONSORED);
		}
		if fee > policy.max_fee_per_transaction {
			return Decision::Refused(FEE_ABOVE_CAP);
		}
		let usage = Self::usage_in(who, frame_system::Pallet::<T>::block_number(), policy.window);
		if usage.transactions >= policy.max_transactions {
			return Decision::Refused(QUOTA_TRANSACTIONS_SPENT);
		}
		if usage.fees.saturating_add(fee) > policy.max_fees {
			return Decision::Refused(QUOTA_FEES_SPENT);
		}
		Decision::Sponsored
	}

	/// Take `ref_time` of this block's sponsored budget; false (and nothing taken) if it does
	/// not fit.
	pub(crate) fn take_block_budget(ref_time: u64) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		let budget = CurrentPolicy::<T>::get().block_weight_budget;
		let mut used = SponsoredThisBlock::<T>::get();
		if used.block != now {
			used = BlockUsage { block: now, ref_time: 0 };
		}
		let after = used.ref_time.saturating_add(ref_time);
		if after > budget {
			return false;
		}
		SponsoredThisBlock::<T>::put(BlockUsage { block: now, ref_time: after });
		true
	}

	/// Count a sponsored transaction of `who` with its estimated fee, before dispatch.
	pub(crate) fn record_sponsored(who: &T::AccountId, estimated_fee: BalanceOf<T>) {
		let mut usage = Self::usage_at(who, frame_system::Pallet::<T>::block_number());
		usage.transactions.saturating_inc();
		usage.fees.saturating_accrue(estimated_fee);
		Quotas::<T>::insert(who, usage);
	}

	/// After dispatch: give the unused fee back to `who`'s quota and the unused weight to the
	/// block's budget, report the fee, and raise `PaymasterLow` if the balance fell below the
	/// mark.
	pub(crate) fn settle_sponsored(
		who: &T::AccountId,
		estimated_fee: BalanceOf<T>,
		actual_fee: BalanceOf<T>,
		unused_ref_time: u64,
	) {
		let refund = estimated_fee.saturating_sub(actual_fee);
		if !refund.is_zero() {
			Quotas::<T>::mutate(who, |usage| {
				if let Some(usage) = usage {
					usage.fees = usage.fees.saturating_sub(refund);
				}
			});
		}
		if unused_ref_time > 0 {
			SponsoredThisBlock::<T>::mutate(|used| {
				used.ref_time = used.ref_time.saturating_sub(unused_ref_time)
			});
		}
		Self::deposit_event(Event::FeeSponsored { who: who.clone(), fee: actual_fee });
		Self::check_low_balance();
	}

	/// Raise `PaymasterLow` once when the balance is below the mark; rearm once it is not.
	pub(crate) fn check_low_balance() {
		let balance = Self::balance();
		let low = balance < CurrentPolicy::<T>::get().low_balance;
		let raised = LowRaised::<T>::get();
		if low && !raised {
			LowRaised::<T>::put(true);
			Self::deposit_event(Event::PaymasterLow { balance });
		} else if !low && raised {
			LowRaised::<T>::kill();
		}
	}

	/// `who`'s sponsorship now.
	pub fn status(who: &T::AccountId) -> SponsorStatus<BalanceOf<T>, BlockNumberFor<T>> {
		let policy = CurrentPolicy::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let (transactions_used, fees_used, window_resets_at) =
			match Self::open_window(who, now, policy.window) {
				Some(usage) => (
					usage.transactions,
					usage.fees,
					Some(usage.window_start.saturating_add(policy.window)),
				),
				None => (0, Zero::zero(), None),
			};
		SponsorStatus {
			eligibility: Self::eligibility_under(&policy, who),
			transactions_used,
			transactions_left: policy.max_transactions.saturating_sub(transactions_used),
			fees_used,
			fees_left: policy.max_fees.saturating_sub(fees_used),
			window_resets_at,
			paymaster_balance: Self::balance(),
		}
	}

	/// Whether `policy` may be set (an off policy always may).
	pub fn policy_is_valid(policy: &PolicyOf<T>) -> bool {
		!policy.enabled
			|| (!policy.window.is_zero()
				&& policy.max_transactions > 0
				&& policy.max_fee_per_transaction <= policy.max_fees
				&& policy.block_weight_budget > 0)
	}

	/// Set the policy.
	pub fn do_set_policy(policy: PolicyOf<T>) -> DispatchResult {
		ensure!(Self::policy_is_valid(&policy), Error::<T>::InvalidPolicy);
		CurrentPolicy::<T>::put(policy);
		Self::deposit_event(Event::PolicySet { policy });
		Ok(())
	}

	/// Switch a category on or off.
	pub fn do_set_category(category: Category, sponsored: bool) {
		if sponsored {
			SponsoredCategories::<T>::insert(category, ());
		} else {
			SponsoredCategories::<T>::remove(category);
		}
		Self::deposit_event(Event::CategorySet { category, sponsored });
	}

	/// Invariants: the policy is valid, no window starts in the future, and the block budget in
	/// use is of this block or an earlier one.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let policy = CurrentPolicy::<T>::get();
		ensure!(Self::policy_is_valid(&policy), "the policy in force is valid");
		let now = frame_system::Pallet::<T>::block_number();
		for (_, usage) in Quotas::<T>::iter() {
			ensure!(usage.window_start <= now, "no quota window starts in the future");
		}
		let used = SponsoredThisBlock::<T>::get();
		ensure!(used.block <= now, "the sponsored budget is of a past or present block");
		Ok(())
	}
}
