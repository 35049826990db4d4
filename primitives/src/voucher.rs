//! The message a coupon holder signs so that a store may redeem the coupon at the counter
//! (the redemption pallet checks it; wallets and the `genex` CLI produce it).
//!
//! `message = VOUCHER_DOMAIN ‖ genesis hash ‖ SCALE(voucher)`, signed like everything else on
//! Genex Chain: secp256k1 ECDSA over its keccak-256 hash ([`crate::EthereumSignature`]). The
//! domain keeps a voucher signature from being valid for anything else; the genesis hash keeps
//! a testnet voucher from being redeemed on mainnet.

use alloc::vec::Vec;

/// Prefix of every voucher message.
pub const VOUCHER_DOMAIN: &[u8; 16] = b"genex:voucher:v1";

/// The bytes to sign for the SCALE-encoded voucher `encoded_voucher` on the chain whose
/// genesis hash is `genesis`.
pub fn voucher_message(genesis: &[u8; 32], encoded_voucher: &[u8]) -> Vec<u8> {
	let mut message = Vec::with_capacity(VOUCHER_DOMAIN.len() + 32 + encoded_voucher.len());
	message.extend_from_slice(VOUCHER_DOMAIN);
	message.extend_from_slice(genesis);
	message.extend_from_slice(encoded_voucher);
	message
}
