/**
 * Redemption: stores, redeeming at the counter, and the voucher a holder signs so a store can
 * redeem a coupon (the QR code's payload). Vouchers are byte-identical to the Rust client's
 * (`genex_client::redemption`) and checked by the pallet exactly as made here:
 *
 * - terms = SCALE(class u32, serial u32, holder [u8; 20], store [u8; 20], nonce u64, valid_until u32), 60 bytes;
 * - message = `genex:voucher:v1` ‖ genesis hash ‖ terms, signed as r ‖ s ‖ v over keccak-256(message);
 * - payload = `0x` ‖ hex(terms ‖ signature), 125 bytes.
 */
import { addressBytes, checksumAddress, parseAddress, type Address } from "./address.js";
import { concat, fromHex, hashArgument, toHex, utf8 } from "./bytes.js";
import { findEvent, type GenexClient, type Receipt, type SendOptions } from "./client.js";
import { couponId, u32, type CouponId } from "./coupons.js";
import { InvalidInputError, SignatureError } from "./errors.js";
import { recoverSigner, type GenexSigner } from "./signer.js";

/** The prefix of every voucher message. */
export const VOUCHER_DOMAIN = utf8("genex:voucher:v1");
const TERMS_LEN = 60;
/** Bytes of a voucher payload: terms and a 65-byte signature. */
export const VOUCHER_PAYLOAD_LEN = TERMS_LEN + 65;

/** The terms of a voucher. */
export interface Voucher {
  coupon: CouponId;
  /** The coupon's holder, who signs. */
  holder: Address;
  /** The store that may redeem it. */
  store: Address;
  /** A number the holder uses once (per store). */
  nonce: bigint;
  /** The last block the voucher is valid in. */
  validUntil: number;
}

/** A voucher and its holder's signature. */
export interface SignedVoucher {
  voucher: Voucher;
  signature: Uint8Array;
}

/** SCALE encoding of the terms (60 bytes). */
export function encodeVoucher(voucher: Voucher): Uint8Array {
  const out = new Uint8Array(TERMS_LEN);
  const view = new DataView(out.buffer);
  const { class: classId, serial } = couponId(voucher.coupon, "voucher.coupon");
  view.setUint32(0, classId, true);
  view.setUint32(4, serial, true);
  out.set(addressBytes(voucher.holder, "voucher.holder"), 8);
  out.set(addressBytes(voucher.store, "voucher.store"), 28);
  if (typeof voucher.nonce !== "bigint" || voucher.nonce < 0n || voucher.nonce >= 1n << 64n) {
    throw new InvalidInputError("voucher.nonce", "a nonce is a bigint from 0 to 2^64 - 1");
  }
  view.setBigUint64(48, voucher.nonce, true);
  view.setUint32(56, u32(voucher.validUntil, "voucher.validUntil"), true);
  return out;
}

/** Reads the 60 bytes of terms. */
export function decodeVoucher(bytes: Uint8Array): Voucher {
  if (bytes.length !== TERMS_LEN) throw new InvalidInputError("voucher", `voucher terms are ${TERMS_LEN} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    coupon: { class: view.getUint32(0, true), serial: view.getUint32(4, true) },
    holder: checksumAddress(bytes.subarray(8, 28)),
    store: checksumAddress(bytes.subarray(28, 48)),
    nonce: view.getBigUint64(48, true),
    validUntil: view.getUint32(56, true),
  };
}

/** The bytes the holder signs for `voucher` on the chain whose genesis hash is `genesis`. */
export function voucherMessage(genesis: string, voucher: Voucher): Uint8Array {
  return concat(VOUCHER_DOMAIN, fromHex(genesis, "genesis", 32), encodeVoucher(voucher));
}

/** The QR code's content: `0x` and the hex of terms and signature. */
export function voucherPayload(signed: SignedVoucher): string {
  if (signed.signature.length !== 65) throw new InvalidInputError("signature", "a signature is 65 bytes");
  return toHex(concat(encodeVoucher(signed.voucher), signed.signature));
}

/** Reads a QR code's content. */
export function parseVoucherPayload(payload: string): SignedVoucher {
  const bytes = fromHex(String(payload).trim(), "payload");
  if (bytes.length !== VOUCHER_PAYLOAD_LEN) {
    throw new InvalidInputError("payload", `a voucher payload is ${VOUCHER_PAYLOAD_LEN} bytes (voucher and 65-byte signature), got ${bytes.length}`);
  }
  return { voucher: decodeVoucher(bytes.subarray(0, TERMS_LEN)), signature: bytes.slice(TERMS_LEN) };
}

/** Who signed `signed` for the chain `genesis` (the holder, if genuine). */
export function voucherSigner(signed: SignedVoucher, genesis: string): Address | undefined {
  return recoverSigner(voucherMessage(genesis, signed.voucher), signed.signature);
}

/** `genex.redemption`. */
export class RedemptionApi {
  constructor(private readonly c: GenexClient) {}

  /** Authorises `store` to redeem the signer's coupons (an active issuer), at a location given as a hash or a text hashed here. */
  async authoriseStore(signer: GenexSigner, store: string, location: string, options?: SendOptions): Promise<Receipt> {
    const tx = this.c.api.tx.Redemption.authorise_store({ store: parseAddress(store, "store"), location_hash: hashArgument(location, "location") });
    return this.c.send(tx, signer, options);
  }

  /** Revokes `store`. */
  async revokeStore(signer: GenexSigner, store: string, options?: SendOptions): Promise<Receipt> {
    return this.c.send(this.c.api.tx.Redemption.revoke_store({ store: parseAddress(store, "store") }), signer, options);
  }

  /** The holder redeems its `coupon` at `store` (at the counter). */
  async redeem(holder: GenexSigner, coupon: string | CouponId, store: string, options?: SendOptions): Promise<Receipt> {
    const tx = this.c.api.tx.Redemption.redeem({ coupon: couponId(coupon), store: parseAddress(store, "store") });
    const receipt = await this.c.send(tx, holder, options);
    findEvent(receipt, "Redemption", "CouponRedeemed");
    return receipt;
  }

  /**
   * The holder signs a voucher for `coupon` at `store`, valid for `validForBlocks` blocks from
   * the latest finalized one (default 600, 20 minutes). Returns the signed voucher and its
   * payload for the QR code.
   */
  async signVoucher(
    holder: GenexSigner,
    args: { coupon: string | CouponId; store: string; nonce: bigint; validForBlocks?: number; validUntil?: number },
  ): Promise<SignedVoucher & { payload: string }> {
    const [genesis, finalized] = await Promise.all([this.c.genesisHash(), this.c.finalized()]);
    const voucher: Voucher = {
      coupon: couponId(args.coupon),
      holder: holder.address,
      store: parseAddress(args.store, "store"),
      nonce: args.nonce,
      validUntil: args.validUntil ?? finalized.number + u32(args.validForBlocks ?? 600, "validForBlocks"),
    };
    const signature = await holder.signMessage(voucherMessage(genesis, voucher));
    if (recoverSigner(voucherMessage(genesis, voucher), signature) !== holder.address) {
      throw new SignatureError("the voucher's signature does not recover to its holder");
    }
    const signed = { voucher, signature };
    return { ...signed, payload: voucherPayload(signed) };
  }

  /** The store redeems the coupon a scanned voucher payload names. Checks the holder's signature here first. */
  async redeemVoucher(store: GenexSigner, payload: string, options?: SendOptions): Promise<Receipt> {
    const signed = parseVoucherPayload(payload);
    const genesis = await this.c.genesisHash();
    if (voucherSigner(signed, genesis) !== signed.voucher.holder) {
      throw new SignatureError("the voucher is not signed by the holder it names (or not for this chain)");
    }
    const v = signed.voucher;
    const tx = this.c.api.tx.Redemption.redeem_voucher({
      voucher: { coupon: v.coupon, holder: v.holder, store: v.store, nonce: v.nonce, valid_until: v.validUntil },
      signature: toHex(signed.signature),
    });
    const receipt = await this.c.send(tx, store, options);
    findEvent(receipt, "Redemption", "CouponRedeemed");
    return receipt;
  }

  /** What `store` has redeemed, over all issuers. */
  async storeStatistics(store: string) {
    return this.c.api.apis.RedemptionApi.store_statistics(parseAddress(store, "store"));
  }

  /** `issuer`'s redemptions and credit score, if it is an issuer. */
  async issuerStatistics(issuer: string) {
    return this.c.api.apis.RedemptionApi.issuer_statistics(parseAddress(issuer, "issuer"));
  }

  /** The stores `issuer` authorised, with what each redeemed of its coupons. */
  async stores(issuer: string) {
    const stores = await this.c.api.apis.RedemptionApi.stores(parseAddress(issuer, "issuer"));
    return stores.map(([store, record]) => ({ store: checksumAddress(fromHex(store, "store", 20)), ...record }));
  }
}
