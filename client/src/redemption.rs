//! Redemption: the voucher a holder signs so a store can redeem a coupon at the counter (the
//! QR code's payload), and the redemption pallet's statistics through its runtime API.

use crate::{
	client::{err, ClientError, GenexClient},
	runtime::{self, runtime_types::pallet_redemption},
	to_subxt_account, AccountId20,
};
use codec::{Decode, Encode};
use genex_primitives::{voucher::voucher_message, EthereumSignature};
use subxt_signer::eth::Keypair;

/// A voucher, laid out as the runtime's `pallet_redemption::Voucher` is SCALE-encoded
/// (coupon class and serial, holder, store, nonce, last valid block).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Voucher {
	/// The coupon's class.
	pub class: u32,
	/// The coupon's serial.
	pub serial: u32,
	/// Its holder, who signs.
	pub holder: AccountId20,
	/// The store that may redeem it.
	pub store: AccountId20,
	/// A number the holder uses once.
	pub nonce: u64,
	/// The last block the voucher is valid in.
	pub valid_until: u32,
}

/// A voucher with the holder's signature: what the holder's app shows as a QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedVoucher {
	/// The terms.
	pub voucher: Voucher,
	/// The holder's signature of the terms on one chain.
	pub signature: [u8; 65],
}

/// Why a voucher payload was not understood.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VoucherError {
	/// Not hex.
	#[error("a voucher payload is 0x-prefixed hex")]
	NotHex,
	/// Wrong length or layout.
	#[error("a voucher payload is {PAYLOAD_LEN} bytes (voucher and 65-byte signature), got {0}")]
	BadLength(usize),
}

/// Bytes of an encoded voucher and its signature.
const PAYLOAD_LEN: usize = 4 + 4 + 20 + 20 + 8 + 4 + 65;

impl SignedVoucher {
	/// `holder` signs `voucher` for the chain whose genesis hash is `genesis`.
	pub fn sign(voucher: Voucher, genesis: &[u8; 32], holder: &Keypair) -> Self {
		let signature = holder.sign(&voucher_message(genesis, &voucher.encode())).0;
		Self { voucher, signature }
	}

	/// Who signed these terms for the chain `genesis` (the holder, if genuine).
	pub fn signer(&self, genesis: &[u8; 32]) -> Option<AccountId20> {
		EthereumSignature::from(self.signature)
			.recover_signer(&voucher_message(genesis, &self.voucher.encode()))
	}

	/// The QR code's content: `0x` and the hex of the encoded voucher and signature.
	pub fn to_payload(&self) -> String {
		let mut bytes = self.voucher.encode();
		bytes.extend_from_slice(&self.signature);
		format!("0x{}", hex::encode(bytes))
	}

	/// Reads a QR code's content.
	pub fn from_payload(text: &str) -> Result<Self, VoucherError> {
		let bytes =
			hex::decode(text.trim().trim_start_matches("0x")).map_err(|_| VoucherError::NotHex)?;
		if bytes.len() != PAYLOAD_LEN {
			return Err(VoucherError::BadLength(bytes.len()));
		}
		let (terms, signature) = bytes.split_at(PAYLOAD_LEN - 65);
		let voucher =
			Voucher::decode(&mut &terms[..]).map_err(|_| VoucherError::BadLength(bytes.len()))?;
		Ok(Self { voucher, signature: signature.try_into().expect("65 bytes split off") })
	}

	/// The `redeem_voucher` call's arguments.
	pub fn call_args(
		&self,
	) -> (
		pallet_redemption::types::Voucher<subxt::utils::eth::AccountId20, u32>,
		subxt::utils::eth::Signature,
	) {
		let v = &self.voucher;
		(
			pallet_redemption::types::Voucher {
				coupon: runtime::runtime_types::pallet_coupons::types::CouponId {
					class: v.class,
					serial: v.serial,
				},
				holder: to_subxt_account(v.holder),
				store: to_subxt_account(v.store),
				nonce: v.nonce,
				valid_until: v.valid_until,
			},
			subxt::utils::eth::Signature(self.signature),
		)
	}
}

/// A store's or a store-and-issuer's redemptions.
pub type RedemptionStats = pallet_redemption::types::RedemptionStats;
/// An issuer's redemptions and credit score.
pub type IssuerRedemptions = pallet_redemption::runtime_api::IssuerRedemptions;
/// A store an issuer authorised.
pub type StoreAuthorisation = pallet_redemption::types::StoreAuthorisation;

impl GenexClient {
	/// The chain's genesis hash and latest finalized block number: what a voucher is signed
	/// against.
	pub async fn voucher_context(&self) -> Result<([u8; 32], u32), ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		Ok((self.api().genesis_hash().0, at.block_number() as u32))
	}

	/// What `store` redeemed, over all issuers.
	pub async fn store_statistics(
		&self,
		store: AccountId20,
	) -> Result<RedemptionStats, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(
				runtime::runtime_apis()
					.redemption_api()
					.store_statistics(to_subxt_account(store)),
			)
			.await
			.map_err(err)
	}

	/// `issuer`'s redemptions and credit score.
	pub async fn issuer_redemptions(
		&self,
		issuer: AccountId20,
	) -> Result<Option<IssuerRedemptions>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.runtime_apis()
			.call(
				runtime::runtime_apis()
					.redemption_api()
					.issuer_statistics(to_subxt_account(issuer)),
			)
			.await
			.map_err(err)
	}

	/// The stores `issuer` authorised, with what each redeemed of its coupons.
	pub async fn stores(
		&self,
		issuer: AccountId20,
	) -> Result<Vec<(AccountId20, StoreAuthorisation)>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let stores = at
			.runtime_apis()
			.call(runtime::runtime_apis().redemption_api().stores(to_subxt_account(issuer)))
			.await
			.map_err(err)?;
		Ok(stores
			.into_iter()
			.map(|(store, record)| (crate::from_subxt_account(store), record))
			.collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use genex_primitives::dev;

	fn voucher() -> Voucher {
		Voucher {
			class: 3,
			serial: 9,
			holder: dev::CHARLETH.address,
			store: dev::ETHAN.address,
			nonce: 42,
			valid_until: 1_000,
		}
	}

	#[test]
	fn a_payload_round_trips_and_names_its_signer_on_its_chain_only() {
		let genesis = [7u8; 32];
		let signed = SignedVoucher::sign(voucher(), &genesis, &subxt_signer::eth::dev::charleth());
		let payload = signed.to_payload();
		assert_eq!(payload.len(), 2 + 2 * PAYLOAD_LEN);
		let read = SignedVoucher::from_payload(&payload).unwrap();
		assert_eq!(read, signed);
		assert_eq!(read.signer(&genesis), Some(dev::CHARLETH.address));
		assert_ne!(read.signer(&[8u8; 32]), Some(dev::CHARLETH.address));
		assert_eq!(SignedVoucher::from_payload("0x1234"), Err(VoucherError::BadLength(2)));
		assert_eq!(SignedVoucher::from_payload("zz"), Err(VoucherError::NotHex));
	}

	#[test]
	fn the_encoding_and_message_are_the_runtimes() {
		let runtime_voucher = ::pallet_redemption::Voucher {
			coupon: pallet_coupons::CouponId { class: 3, serial: 9 },
			holder: dev::CHARLETH.address,
			store: dev::ETHAN.address,
			nonce: 42,
			valid_until: 1_000u32,
		};
		assert_eq!(voucher().encode(), runtime_voucher.encode());
		let genesis = [7u8; 32];
		assert_eq!(
			voucher_message(&genesis, &voucher().encode()),
			::pallet_redemption::voucher_message(&genesis.into(), &runtime_voucher)
		);
	}
}
