/** Issuers, coupon classes, minting, and the coupons an account holds. */
import { parseAddress, checksumAddress, type Address } from "./address.js";
import { ASSETS, asset as assetOf, parseAmount, type Amount, type AssetSymbol } from "./amount.js";
import { fromHex, hashArgument } from "./bytes.js";
import { findEvent, type GenexClient, type Receipt, type SendOptions } from "./client.js";
import { InvalidInputError } from "./errors.js";
import type { GenexSigner } from "./signer.js";

/** A day in ms; classes expire at the end of a UTC day. */
export const DAY_MS = 86_400_000n;

/** One coupon: its class and serial. */
export interface CouponId {
  class: number;
  serial: number;
}

/** Reads `"3:9"` or `{class: 3, serial: 9}` as a coupon id. */
export function couponId(value: string | CouponId, field = "coupon"): CouponId {
  if (typeof value === "string") {
    const match = /^(\d+):(\d+)$/.exec(value.trim());
    if (!match) throw new InvalidInputError(field, `'${value}' is not a coupon (class:serial, e.g. 3:9)`);
    return { class: u32(Number(match[1]), field), serial: u32(Number(match[2]), field) };
  }
  return { class: u32(value?.class, `${field}.class`), serial: u32(value?.serial, `${field}.serial`) };
}

/** A non-negative 32-bit integer argument. */
export function u32(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new InvalidInputError(field, `expected an integer from 0 to 4294967295, got ${String(value)}`);
  }
  return value;
}

/** What an issuer creates a class with. */
export interface ClassParams {
  /** Face value, a decimal in the class's currency (`"10"`) or base units. */
  face: Amount;
  /** USDC (default) or USDT. */
  asset?: AssetSymbol | string;
  /** The last day it can be used: `YYYY-MM-DD` (UTC), or a number of days from the chain's today. */
  expiry: string | { days: number };
  /** How many coupons the class may ever have. */
  supply: number;
  /** `Utility` (default; never priced above face value) or `Securities`. */
  track?: "Utility" | "Securities";
  maxResales?: number;
  refundWindowDays?: number;
  /** Default true. */
  transferable?: boolean;
  /** The hash of the class's off-chain metadata, or a text hashed here. */
  metadata?: string;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (UTC). */
export function dayOfDate(text: string, field = "expiry"): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  const check = new Date(ms);
  if (!match || Number.isNaN(ms) || check.getUTCDate() !== Number(match[3]) || ms < 0) {
    throw new InvalidInputError(field, `'${text}' is not a date YYYY-MM-DD`);
  }
  return ms / 86_400_000;
}

/** `genex.coupons`. */
export class CouponsApi {
  constructor(private readonly c: GenexClient) {}

  /** Applies to be an issuer; company and licence are hashed here unless given as 0x hashes. */
  async applyIssuer(signer: GenexSigner, args: { company: string; licence: string; metadata?: string }, options?: SendOptions): Promise<Receipt> {
    const tx = this.c.api.tx.Coupons.apply_issuer({
      company_hash: hashArgument(args.company, "company"),
      licence_hash: hashArgument(args.licence, "licence"),
      metadata_hash: hashArgument(args.metadata ?? "0x" + "00".repeat(32), "metadata"),
    });
    return this.c.send(tx, signer, options);
  }

  /** Approves a pending issuer (a compliance officer, or governance with `sudo`). */
  async approveIssuer(signer: GenexSigner, issuer: string, options?: SendOptions): Promise<Receipt> {
    return this.c.send(this.c.api.tx.Coupons.approve_issuer({ issuer: parseAddress(issuer, "issuer") }), signer, options);
  }

  /** Rejects a pending issuer. */
  async rejectIssuer(signer: GenexSigner, issuer: string, options?: SendOptions): Promise<Receipt> {
    return this.c.send(this.c.api.tx.Coupons.reject_issuer({ issuer: parseAddress(issuer, "issuer") }), signer, options);
  }

  /** The issuer record of `who`, if it applied. */
  async issuer(who: string) {
    return this.c.api.query.Coupons.Issuers.getValue(parseAddress(who, "who"));
  }

  /** The chain's current day (UTC), from the latest finalized block's timestamp. */
  async chainDay(): Promise<number> {
    return Number((await this.c.chainTime()) / DAY_MS);
  }

  /** Creates a draft class; resolves with its id once finalized. */
  async createClass(signer: GenexSigner, params: ClassParams, options?: SendOptions): Promise<{ receipt: Receipt; classId: number }> {
    const symbol = assetOf(params.asset ?? "USDC");
    const { id, decimals } = ASSETS[symbol];
    if (id === undefined) throw new InvalidInputError("asset", "a class is priced in USDC or USDT");
    const expiry_day =
      typeof params.expiry === "string"
        ? dayOfDate(params.expiry, "expiry")
        : (await this.chainDay()) + u32(params.expiry?.days, "expiry.days");
    const track = params.track ?? "Utility";
    if (track !== "Utility" && track !== "Securities") throw new InvalidInputError("track", "Utility or Securities");
    const tx = this.c.api.tx.Coupons.create_class({
      params: {
        asset: id,
        face_value: parseAmount(params.face, decimals, "face"),
        track: { type: track, value: undefined },
        expiry_day,
        max_resales: params.maxResales === undefined ? undefined : u32(params.maxResales, "maxResales"),
        refund_window_days: params.refundWindowDays === undefined ? undefined : u32(params.refundWindowDays, "refundWindowDays"),
        transferable: params.transferable ?? true,
        supply_cap: u32(params.supply, "supply"),
        metadata_hash: hashArgument(params.metadata ?? "0x" + "00".repeat(32), "metadata"),
      },
    });
    const receipt = await this.c.send(tx, signer, options);
    return { receipt, classId: findEvent(receipt, "Coupons", "ClassCreated").class };
  }

  /** Approves a draft class (a compliance officer, or governance with `sudo`). */
  async approveClass(signer: GenexSigner, classId: number, options?: SendOptions): Promise<Receipt> {
    return this.c.send(this.c.api.tx.Coupons.approve_class({ class: u32(classId, "classId") }), signer, options);
  }

  /** Mints `quantity` coupons of an active class to its issuer. */
  async mint(signer: GenexSigner, classId: number, quantity: number, options?: SendOptions): Promise<{ receipt: Receipt; firstSerial: number; quantity: number; fee: bigint }> {
    const tx = this.c.api.tx.Coupons.mint({ class: u32(classId, "classId"), quantity: u32(quantity, "quantity") });
    const receipt = await this.c.send(tx, signer, options);
    const minted = findEvent(receipt, "Coupons", "Minted");
    return { receipt, firstSerial: minted.first_serial, quantity: minted.quantity, fee: minted.fee };
  }

  /** Class `id`, if it exists. */
  async class(id: number) {
    return this.c.api.query.Coupons.Classes.getValue(u32(id, "id"));
  }

  /** Coupon `class:serial`, if it exists. */
  async coupon(id: string | CouponId) {
    const { class: classId, serial } = couponId(id);
    const coupon = await this.c.api.query.Coupons.CouponItems.getValue(classId, serial);
    return coupon && { ...coupon, owner: checksumAddress(fromHex(coupon.owner, "owner", 20)) };
  }

  /** The coupons `owner` holds (redeemed and expired ones too), sorted by class and serial. */
  async owned(owner: string): Promise<Array<CouponId & { status: string; resaleCount: number }>> {
    const address: Address = parseAddress(owner, "owner");
    const keys = await this.c.api.query.Coupons.OwnedCoupons.getEntries(address);
    const ids = keys.map(({ keyArgs }) => keyArgs[1]).sort((a: CouponId, b: CouponId) => a.class - b.class || a.serial - b.serial);
    const coupons = await Promise.all(ids.map((id: CouponId) => this.c.api.query.Coupons.CouponItems.getValue(id.class, id.serial)));
    return ids.map((id: CouponId, i: number) => ({ ...id, status: coupons[i]?.status.type ?? "Unknown", resaleCount: coupons[i]?.resale_count ?? 0 }));
  }
}
