//! [`CheckCompliance`]: a transaction extension that refuses signed transactions from
//! sanctioned or frozen accounts when the pool validates them (and again in the block), so
//! they never reach a block.

use crate::{pallet::*, traits::FreezeInspect, weights::WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::TransactionSource, traits::Contains, CloneNoBound, DefaultNoBound, EqNoBound,
	PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{AsSystemOriginSigner, DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::InvalidTransaction,
	Weight,
};

/// `InvalidTransaction::Custom` code: the sender is on the sanctions list.
pub const SANCTIONED_SENDER: u8 = 200;
/// `InvalidTransaction::Custom` code: the sender is frozen.
pub const FROZEN_SENDER: u8 = 201;

/// Refuses transactions signed by a sanctioned account, or by a frozen account unless the call
/// is one `Exempt` lets a frozen account make (e.g. governance, or asking guardians to
/// unfreeze).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	DefaultNoBound,
	CloneNoBound,
	EqNoBound,
	PartialEqNoBound,
	TypeInfo,
)]
#[scale_info(skip_type_params(T, Exempt))]
pub struct CheckCompliance<T, Exempt>(PhantomData<(T, Exempt)>);

impl<T, Exempt> core::fmt::Debug for CheckCompliance<T, Exempt> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckCompliance")
	}
}

impl<T, Exempt> CheckCompliance<T, Exempt> {
	/// The extension (it carries no data).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T, Exempt> TransactionExtension<T::RuntimeCall> for CheckCompliance<T, Exempt>
where
	T: Config + Send + Sync,
	Exempt: Contains<T::RuntimeCall> + Send + Sync + 'static,
	<T::RuntimeCall as sp_runtime::traits::Dispatchable>::RuntimeOrigin:
		AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckCompliance";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, _: &T::RuntimeCall) -> Weight {
		T::WeightInfo::check_sender()
	}

	fn validate(
		&self,
		origin: <T::RuntimeCall as sp_runtime::traits::Dispatchable>::RuntimeOrigin,
		call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		if let Some(who) = origin.as_system_origin_signer() {
			if Pallet::<T>::is_sanctioned(who) {
				return Err(InvalidTransaction::Custom(SANCTIONED_SENDER).into());
			}
			if T::Freezes::account_frozen(who) && !Exempt::contains(call) {
				return Err(InvalidTransaction::Custom(FROZEN_SENDER).into());
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(T::RuntimeCall; prepare);
}
