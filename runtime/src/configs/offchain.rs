//! Off-chain workers' transactions: how a worker (the sanctions sync today; AML screening and
//! fiat bridging next) turns a pallet call into an ordinary signed transaction from the node's
//! oracle key (`gxor`, `genex_primitives::oracle`). The transaction carries every extension a
//! wallet's does (so the oracle pays fees, uses nonces and passes the compliance check like
//! anyone), with a mortal era and no tip.

use codec::Encode;
use frame_system::offchain::{
	AppCrypto, CreateSignedTransaction, CreateTransaction, CreateTransactionBase, SigningTypes,
};
use genex_primitives::oracle::OraclePublic;
use sp_runtime::{generic::Era, traits::SaturatedConversion};

use super::BlockHashCount;
use crate::{
	AccountId, Nonce, Runtime, RuntimeCall, Signature, SignedPayload, System, TxExtension,
	UncheckedExtrinsic,
};

/// Blocks a worker's transaction stays valid: long enough to wait out a busy pool, short
/// enough that a transaction of a stale run cannot land much later.
const WORKER_TX_MORTALITY: u64 = 64;

impl SigningTypes for Runtime {
	type Public = OraclePublic;
	type Signature = Signature;
}

impl<C> CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> CreateTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extension = TxExtension;

	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_transaction(call, extension)
	}
}

/// The extensions of a worker's transaction: those of any wallet transaction, mortal from
/// the block before `now` (whose hash every node has), with `nonce` and no tip.
pub fn worker_extensions(nonce: Nonce, now: u64) -> TxExtension {
	let period = WORKER_TX_MORTALITY.min(BlockHashCount::get().into());
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		pallet_compliance::CheckCompliance::<Runtime, super::FrozenMayCall>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::mortal(period, now.saturating_sub(1))),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_paymaster::ChargeSponsored::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

impl<C> CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<A: AppCrypto<OraclePublic, Signature>>(
		call: RuntimeCall,
		public: OraclePublic,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		let now: u64 = System::block_number().saturated_into();
		let payload = SignedPayload::new(call, worker_extensions(nonce, now)).ok()?;
		// Payloads over 256 bytes are BLAKE2-256-hashed first, as the verifier does.
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, extensions, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(call, account, signature, extensions))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::tests::build;
	use frame_system::offchain::SendSignedTransaction;
	use genex_primitives::{
		dev,
		oracle::{OracleAuthority, ORACLE_KEY_TYPE},
	};
	use sp_core::offchain::{testing::TestTransactionPoolExt, TransactionPoolExt};
	use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
	use sp_runtime::traits::{Checkable, IdentityLookup};
	use std::sync::Arc;

	/// A worker's transaction from the dev oracle key is a valid signed transaction of the
	/// runtime: it checks (signature recovered to the oracle's address), carries consecutive
	/// nonces, and its call is the one the worker made.
	#[test]
	fn worker_transactions_are_signed_by_the_oracle_key_and_check() {
		let mut ext = build("development");
		let keystore = MemoryKeystore::new();
		keystore
			.ecdsa_generate_new(ORACLE_KEY_TYPE, Some(dev::ORACLE.private_key))
			.unwrap();
		ext.register_extension(KeystoreExt(Arc::new(keystore)));
		let (pool, pool_state) = TestTransactionPoolExt::new();
		ext.register_extension(TransactionPoolExt::new(pool));
		ext.execute_with(|| {
			// A worker at block 5 runs on its state, which knows block 4's hash (the era's
			// birth).
			System::set_block_number(5);
			frame_system::BlockHash::<Runtime>::insert(4, crate::Hash::repeat_byte(4));
			let signer = frame_system::offchain::Signer::<Runtime, OracleAuthority>::all_accounts();
			// Two calls in one run: the second gets the next nonce.
			for _ in 0..2 {
				let sent = signer.send_signed_transaction(|_| {
					pallet_compliance::Call::<Runtime>::report_sanctions_failure {
						source: pallet_compliance::FeedSource::Primary,
						failure: pallet_compliance::FeedFailure::Timeout,
					}
				});
				assert_eq!(sent.len(), 1);
				assert_eq!(sent[0].0.id, dev::ORACLE.address);
				assert!(sent[0].1.is_ok());
			}
			let pool = pool_state.read();
			assert_eq!(pool.transactions.len(), 2);
			for (nonce, bytes) in pool.transactions.iter().enumerate() {
				let xt: UncheckedExtrinsic = codec::Decode::decode(&mut &bytes[..]).unwrap();
				let checked = xt
					.clone()
					.check(&IdentityLookup::<AccountId>::default())
					.expect("the oracle's signature verifies");
				assert!(matches!(
					checked.format,
					sp_runtime::generic::ExtrinsicFormat::Signed(who, _) if who == dev::ORACLE.address
				));
				match &xt.preamble {
					sp_runtime::generic::Preamble::Signed(who, _, extensions) => {
						assert_eq!(*who, dev::ORACLE.address);
						assert_eq!(extensions.7 .0, nonce as Nonce);
					},
					_ => panic!("a signed transaction"),
				}
				assert!(matches!(
					xt.function,
					RuntimeCall::Compliance(
						pallet_compliance::Call::report_sanctions_failure { .. }
					)
				));
			}
		});
	}
}
