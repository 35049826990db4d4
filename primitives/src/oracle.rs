//! The oracle key: how off-chain workers sign ordinary transactions from the node's keystore.
//!
//! Workers (sanctions sync, AML screening, fiat bridging) submit signed transactions like any
//! account, so their calls pass the same role checks, fees and nonces as everyone's. Their key
//! is an ECDSA (secp256k1) key of type [`ORACLE_KEY_TYPE`] (`gxor`) in the node's keystore:
//!
//! - [`OraclePublic`] wraps the keystore's 33-byte compressed public key; its account is the
//!   Ethereum address of that key (`IdentifyAccount`), the same 20 bytes that sign for it with
//!   MetaMask or `genex --signer`.
//! - [`OracleAuthority`] signs a transaction payload as [`EthereumSignature`] verifies it:
//!   keccak-256 of the payload, signed prehashed with `ecdsa_sign_prehashed`. (The keystore's
//!   plain `ecdsa_sign` hashes with BLAKE2-256, which no Ethereum verifier accepts.)
//!
//! Operators insert the key with `genex-node key insert --key-type gxor --scheme ecdsa --suri
//! 0x<secret>`; `genex-node --dev` inserts the dev oracle ([`crate::dev::ORACLE`]) itself.

use crate::{AccountId20, EthereumSignature};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{crypto::KeyTypeId, ecdsa};
use sp_io::hashing::keccak_256;
use sp_runtime::traits::IdentifyAccount;

/// Key type of oracle keys in the node's keystore: `gxor`.
pub const ORACLE_KEY_TYPE: KeyTypeId = KeyTypeId(*b"gxor");

/// The oracle key as an application key (what `RuntimeAppPublic::all()` lists from the
/// keystore).
pub mod app {
	use sp_runtime::app_crypto::{app_crypto, ecdsa};
	app_crypto!(ecdsa, super::ORACLE_KEY_TYPE);
}

/// The public key of an off-chain worker's signer: a compressed secp256k1 key whose account is
/// its Ethereum address.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct OraclePublic(pub ecdsa::Public);

impl IdentifyAccount for OraclePublic {
	type AccountId = AccountId20;
	fn into_account(self) -> AccountId20 {
		self.0.into()
	}
}

impl From<ecdsa::Public> for OraclePublic {
	fn from(public: ecdsa::Public) -> Self {
		Self(public)
	}
}

impl From<OraclePublic> for ecdsa::Public {
	fn from(public: OraclePublic) -> Self {
		public.0
	}
}

impl From<EthereumSignature> for ecdsa::Signature {
	fn from(signature: EthereumSignature) -> Self {
		signature.0
	}
}

/// Signs and verifies off-chain workers' transactions the Ethereum way (keccak-256).
pub struct OracleAuthority;

impl frame_system::offchain::AppCrypto<OraclePublic, EthereumSignature> for OracleAuthority {
	type RuntimeAppPublic = app::Public;
	type GenericPublic = ecdsa::Public;
	type GenericSignature = ecdsa::Signature;

	fn sign(payload: &[u8], public: OraclePublic) -> Option<EthereumSignature> {
		sign_with_keystore(payload, &public.0)
	}

	fn verify(payload: &[u8], public: OraclePublic, signature: EthereumSignature) -> bool {
		signature.recover_signer(payload) == Some(public.into_account())
	}
}

/// Signs keccak-256 of `payload` with the keystore's oracle key `public`; `None` when the
/// keystore does not hold it. The signature is low-`s` (the keystore's secp256k1 normalises),
/// as [`EthereumSignature`] requires.
pub fn sign_with_keystore(payload: &[u8], public: &ecdsa::Public) -> Option<EthereumSignature> {
	sp_io::crypto::ecdsa_sign_prehashed(ORACLE_KEY_TYPE, public, &keccak_256(payload))
		.map(EthereumSignature::from)
}

/// How a pallet's off-chain worker signs and submits its transactions. The runtime uses
/// [`SignedTransactions`]; `()` has no key and submits nothing (pallet mocks without workers).
pub trait SubmitSigned<AccountId, Call> {
	/// The accounts of the oracle keys in this node's keystore.
	fn local_accounts() -> alloc::vec::Vec<AccountId>;
	/// Signs `call` as `signer` (a local key) with its next nonce and submits it to the pool.
	/// Calls submitted in one worker run get consecutive nonces.
	fn submit(signer: &AccountId, call: Call) -> Result<(), SubmitError>;
}

/// Why a worker's transaction was not submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmitError {
	/// The keystore holds no oracle key for that account.
	NoKey,
	/// The transaction could not be built or signed.
	NotSigned,
	/// The transaction pool refused it.
	Refused,
}

impl<AccountId, Call> SubmitSigned<AccountId, Call> for () {
	fn local_accounts() -> alloc::vec::Vec<AccountId> {
		alloc::vec::Vec::new()
	}
	fn submit(_: &AccountId, _: Call) -> Result<(), SubmitError> {
		Err(SubmitError::NoKey)
	}
}

/// Ordinary signed transactions from the keystore's oracle keys, built by the runtime's
/// `CreateSignedTransaction` and signed with `C` (here [`OracleAuthority`]).
pub struct SignedTransactions<T, C>(core::marker::PhantomData<(T, C)>);

impl<T, C, Call> SubmitSigned<T::AccountId, Call> for SignedTransactions<T, C>
where
	T: frame_system::offchain::CreateSignedTransaction<Call>,
	C: frame_system::offchain::AppCrypto<T::Public, T::Signature>,
{
	fn local_accounts() -> alloc::vec::Vec<T::AccountId> {
		frame_system::offchain::Signer::<T, C>::keystore_accounts()
			.map(|key| key.id)
			.collect()
	}

	fn submit(signer: &T::AccountId, call: Call) -> Result<(), SubmitError> {
		use frame_system::offchain::{SendSignedTransaction, Signer};
		let keys = Signer::<T, C>::all_accounts();
		let key = Signer::<T, C>::keystore_accounts()
			.find(|key| &key.id == signer)
			.ok_or(SubmitError::NoKey)?;
		// `send_single_signed_transaction` takes the nonce from state and, on success, bumps it
		// in this run's overlay, so the next call of the run gets the next nonce.
		match keys.send_single_signed_transaction(&key, call) {
			None => Err(SubmitError::NotSigned),
			Some(Err(())) => Err(SubmitError::Refused),
			Some(Ok(())) => Ok(()),
		}
	}
}

/// Offchain-storage key prefix of a signer's transactions in flight ([`InFlight`]).
const IN_FLIGHT_PREFIX: &[u8] = b"genex/oracle/in-flight/";

/// An oracle key's transactions that may still be in the pool, shared by every worker signing
/// with that key (one key, one nonce sequence): the key is busy until its nonce on chain
/// reaches `nonce` (all of them in blocks) or, should some be lost, until block `until`.
/// Signing again before would reuse their nonces.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
pub struct InFlight {
	/// The key's nonce once every transaction submitted is in a block.
	pub nonce: u64,
	/// The block from which the ones still missing count as lost.
	pub until: u64,
}

fn in_flight_key(signer: &impl Encode) -> alloc::vec::Vec<u8> {
	(IN_FLIGHT_PREFIX, signer).encode()
}

/// The signer's transactions in flight, as the node's persistent offchain storage holds them.
pub fn in_flight(signer: &impl Encode) -> Option<InFlight> {
	sp_runtime::offchain::storage::StorageValueRef::persistent(&in_flight_key(signer))
		.get::<InFlight>()
		.ok()
		.flatten()
}

/// `who`'s nonce in the state the worker runs on.
pub fn account_nonce<T: frame_system::Config>(who: &T::AccountId) -> u64 {
	use sp_runtime::traits::UniqueSaturatedInto;
	frame_system::Pallet::<T>::account_nonce(who).unique_saturated_into()
}

/// Whether `signer` may still have transactions in the pool at `block`.
pub fn signer_busy<T: frame_system::Config>(signer: &T::AccountId, block: u64) -> bool {
	in_flight(signer).is_some_and(|f| account_nonce::<T>(signer) < f.nonce && block < f.until)
}

/// Marks `signer` busy until its nonce on chain reaches `nonce` (the transactions just
/// submitted all in blocks) or until block `until`, whichever comes first; an earlier mark
/// still further out is kept.
pub fn mark_signer_busy(signer: &impl Encode, nonce: u64, until: u64) {
	let key = in_flight_key(signer);
	let marker = sp_runtime::offchain::storage::StorageValueRef::persistent(&key);
	let current = marker.get::<InFlight>().ok().flatten().unwrap_or_default();
	marker.set(&InFlight { nonce: current.nonce.max(nonce), until: current.until.max(until) });
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::dev;
	use frame_system::offchain::AppCrypto;
	use sp_core::{crypto::ByteArray, testing::ECDSA};
	use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
	use std::sync::Arc;

	fn ext_with(secret: &str) -> (sp_io::TestExternalities, ecdsa::Public) {
		let keystore = MemoryKeystore::new();
		let public = keystore.ecdsa_generate_new(ORACLE_KEY_TYPE, Some(secret)).unwrap();
		let mut ext = sp_io::TestExternalities::default();
		ext.register_extension(KeystoreExt(Arc::new(keystore)));
		(ext, public)
	}

	/// The dev oracle's keystore key is the dev account Gareth: same address, same signer.
	#[test]
	fn the_dev_oracle_key_is_gareths_address_and_signs_for_it() {
		let (mut ext, public) = ext_with(dev::ORACLE.private_key);
		assert_eq!(OraclePublic(public).into_account(), dev::ORACLE.address);
		ext.execute_with(|| {
			let listed = <app::Public as sp_runtime::RuntimeAppPublic>::all();
			assert_eq!(listed.len(), 1);
			assert_eq!(ecdsa::Public::from(listed[0].clone()), public);

			// Short and long payloads (the runtime hashes payloads over 256 bytes first; here
			// the signer sees whatever bytes it is given).
			for payload in [b"genex: sanctions part".to_vec(), vec![7u8; 1_000]] {
				let signature = OracleAuthority::sign(&payload, OraclePublic(public)).unwrap();
				assert_eq!(signature.recover_signer(&payload), Some(dev::ORACLE.address));
				assert!(OracleAuthority::verify(&payload, OraclePublic(public), signature.clone()));
				assert!(sp_runtime::traits::Verify::verify(
					&signature,
					&payload[..],
					&dev::ORACLE.address
				));
				// Not a BLAKE2 signature, and not valid for other bytes or another key.
				assert!(!OracleAuthority::verify(b"other", OraclePublic(public), signature));
			}
		});
	}

	#[test]
	fn a_key_of_another_type_or_not_in_the_keystore_does_not_sign() {
		let (mut ext, public) = ext_with(dev::ORACLE.private_key);
		let (_, stranger) = ext_with(dev::ALITH.private_key);
		ext.execute_with(|| {
			assert!(OracleAuthority::sign(b"x", OraclePublic(stranger)).is_none());
			assert!(sign_with_keystore(b"x", &public).is_some());
			// Same secret under the generic test key type: not an oracle key.
			assert!(sp_io::crypto::ecdsa_sign_prehashed(ECDSA, &public, &[0; 32]).is_none());
		});
		assert_eq!(public.as_slice().len(), 33);
	}
}
