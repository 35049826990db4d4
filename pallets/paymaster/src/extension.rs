//! [`ChargeSponsored`]: `ChargeTransactionPayment`, except that the paymaster pays for the
//! sponsored calls of eligible accounts within their quota.
//!
//! It encodes as `ChargeTransactionPayment` does (a compact tip, no other signed data) and
//! keeps its identifier, so every wallet and library that signs for a FRAME chain signs for
//! this one unchanged.

use crate::{pallet::*, types::*, weights::WeightInfo, BalanceOf};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	pallet_prelude::{TransactionSource, Weight},
	traits::Get,
};
use pallet_transaction_payment::WeightInfo as _;
use pallet_transaction_payment::{ChargeTransactionPayment, OnChargeTransaction};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		DispatchInfoOf, Dispatchable, Implication, PostDispatchInfoOf, TransactionExtension,
		ValidateResult, Zero,
	},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchResult,
};

type LiquidityInfoOf<T> = <<T as pallet_transaction_payment::Config>::OnChargeTransaction as OnChargeTransaction<T>>::LiquidityInfo;

/// Charges the fee of a signed transaction to the paymaster when the transaction is sponsored,
/// and to its signer otherwise (see the crate docs). The field is the tip, as in
/// `ChargeTransactionPayment`; a sponsored transaction must not carry one.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct ChargeSponsored<T: Config>(#[codec(compact)] BalanceOf<T>);

impl<T: Config> ChargeSponsored<T> {
	/// The extension with tip `tip` (0 for a sponsored transaction).
	pub fn from(tip: BalanceOf<T>) -> Self {
		Self(tip)
	}

	/// The tip the signer chose.
	pub fn tip(&self) -> BalanceOf<T> {
		self.0
	}
}

impl<T: Config> core::fmt::Debug for ChargeSponsored<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "ChargeSponsored")
	}
}

/// What validation passes to `prepare`.
pub enum Val<T: Config> {
	/// The paymaster pays `fee` for `who`.
	Sponsored { who: T::AccountId, fee: BalanceOf<T> },
	/// `ChargeTransactionPayment` decides (the signer pays).
	SignerPays(pallet_transaction_payment::Val<T>),
}

/// What `prepare` passes to `post_dispatch`.
pub enum Pre<T: Config> {
	/// The paymaster paid `fee` up front for `who`, holding `liquidity`; `ref_time` was taken
	/// from the block's sponsored budget.
	Sponsored { who: T::AccountId, fee: BalanceOf<T>, ref_time: u64, liquidity: LiquidityInfoOf<T> },
	/// `ChargeTransactionPayment`'s own.
	SignerPays(pallet_transaction_payment::Pre<T>),
}

impl<T: Config> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for ChargeSponsored<T>
where
	<T as frame_system::Config>::RuntimeCall:
		Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	BalanceOf<T>: Send + Sync,
{
	// The same identifier as the extension it replaces: signers need not know the difference.
	const IDENTIFIER: &'static str = "ChargeTransactionPayment";
	type Implicit = ();
	type Val = Val<T>;
	type Pre = Pre<T>;

	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		if T::CallCategory::category(call).is_some() {
			// A call that may be sponsored: the sponsored path, measured end to end (the
			// signer's path reads no more).
			<T as Config>::WeightInfo::charge_sponsored()
		} else {
			// Never sponsored: nothing is read before `ChargeTransactionPayment`'s own work.
			<T as pallet_transaction_payment::Config>::WeightInfo::charge_transaction_payment()
		}
	}

	fn validate(
		&self,
		origin: <<T as frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
		self_implicit: (),
		inherited_implication: &impl Implication,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		let signer_pays = || {
			ChargeTransactionPayment::<T>::from(self.0)
				.validate(
					origin.clone(),
					call,
					info,
					len,
					self_implicit,
					inherited_implication,
					source,
				)
				.map(|(valid, val, origin)| (valid, Val::SignerPays(val), origin))
		};
		let Ok(who) = frame_system::ensure_signed(origin.clone()) else {
			return signer_pays();
		};
		let fee = pallet_transaction_payment::Pallet::<T>::compute_fee(len as u32, info, self.0);
		match Pallet::<T>::decide(&who, call, fee, self.0) {
			Decision::SignerPays => signer_pays(),
			Decision::Refused(code) => Err(InvalidTransaction::Custom(code).into()),
			Decision::Sponsored => {
				let paymaster = Pallet::<T>::account_id();
				let can_pay = <T::OnChargeTransaction as OnChargeTransaction<T>>::can_withdraw_fee(
					&paymaster,
					call,
					info,
					fee,
					Zero::zero(),
				);
				if can_pay.is_err() {
					// The paymaster is empty: the signer pays if it can.
					return signer_pays()
						.map_err(|_| InvalidTransaction::Custom(PAYMASTER_EMPTY).into());
				}
				let valid = ValidTransaction {
					priority: ChargeTransactionPayment::<T>::get_priority(
						info,
						len,
						Zero::zero(),
						fee,
					),
					longevity: T::SponsoredLongevity::get(),
					..Default::default()
				};
				Ok((valid, Val::Sponsored { who, fee }, origin))
			},
		}
	}

	fn prepare(
		self,
		val: Self::Val,
		origin: &<<T as frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		match val {
			Val::SignerPays(val) => ChargeTransactionPayment::<T>::from(self.0)
				.prepare(val, origin, call, info, len)
				.map(Pre::SignerPays),
			Val::Sponsored { who, fee } => {
				let ref_time = info.total_weight().ref_time();
				if !Pallet::<T>::take_block_budget(ref_time) {
					// Not banned: it fits a later block.
					return Err(InvalidTransaction::ExhaustsResources.into());
				}
				let liquidity = <T::OnChargeTransaction as OnChargeTransaction<T>>::withdraw_fee(
					&Pallet::<T>::account_id(),
					call,
					info,
					fee,
					Zero::zero(),
				)?;
				Pallet::<T>::record_sponsored(&who, fee);
				Ok(Pre::Sponsored { who, fee, ref_time, liquidity })
			},
		}
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		post_info: &PostDispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
		result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		match pre {
			Pre::SignerPays(pre) => ChargeTransactionPayment::<T>::post_dispatch_details(
				pre, info, post_info, len, result,
			),
			Pre::Sponsored { who, fee, ref_time, liquidity } => {
				let actual = pallet_transaction_payment::Pallet::<T>::compute_actual_fee(
					len as u32,
					info,
					post_info,
					Zero::zero(),
				);
				<T::OnChargeTransaction as OnChargeTransaction<T>>::correct_and_deposit_fee(
					&Pallet::<T>::account_id(),
					info,
					post_info,
					actual,
					Zero::zero(),
					liquidity,
				)?;
				let used = post_info.calc_actual_weight(info).ref_time();
				Pallet::<T>::settle_sponsored(&who, fee, actual, ref_time.saturating_sub(used));
				Ok(Weight::zero())
			},
		}
	}
}
