/** Balances and transfers of GNX, USDC and USDT. */
import { parseAddress, type Address } from "./address.js";
import { ASSETS, asset as assetOf, parseAmount, type Amount, type AssetSymbol } from "./amount.js";
import { hashArgument } from "./bytes.js";
import type { GenexClient, Receipt, SendOptions } from "./client.js";
import type { GenexSigner } from "./signer.js";

/**
 * The FATF Travel Rule's identity hashes, which stablecoin transfers and coupon gifts at or
 * above the threshold must carry (both sides KYC L2). Each is a 0x hash, or a text hashed here
 * (BLAKE2-256) and never sent in clear.
 */
export interface TravelRule {
  originator: string;
  beneficiary: string;
  /** The beneficiary is outside the platform (a VASP elsewhere). */
  beneficiaryExternal?: boolean;
}

/** The chain's form of a {@link TravelRule}. */
export function travelRuleData(rule: TravelRule | undefined) {
  if (!rule) return undefined;
  return {
    originator: hashArgument(rule.originator, "travelRule.originator"),
    beneficiary: hashArgument(rule.beneficiary, "travelRule.beneficiary"),
    beneficiary_external: rule.beneficiaryExternal ?? false,
  };
}

/** An account's balances, in base units. */
export interface Balances {
  GNX: bigint;
  USDC: bigint;
  USDT: bigint;
  /** The part of each stablecoin balance that open bids hold. */
  heldByBids: { USDC: bigint; USDT: bigint };
}

/** `genex.balances`. */
export class BalancesApi {
  constructor(private readonly c: GenexClient) {}

  /** `who`'s free balance of `asset` in base units, at the latest finalized block. */
  async balance(who: string, asset: AssetSymbol | string = "GNX"): Promise<bigint> {
    const address = parseAddress(who, "who");
    const symbol = assetOf(asset);
    const id = ASSETS[symbol].id;
    if (id === undefined) return (await this.c.api.query.System.Account.getValue(address)).data.free;
    return (await this.c.api.query.Assets.Account.getValue(id, address))?.balance ?? 0n;
  }

  /** All of `who`'s balances, and what its open bids hold. */
  async all(who: string): Promise<Balances> {
    const address = parseAddress(who, "who");
    const [gnx, usdc, usdt, heldUsdc, heldUsdt] = await Promise.all([
      this.balance(address, "GNX"),
      this.balance(address, "USDC"),
      this.balance(address, "USDT"),
      this.c.api.query.Settlement.BidHolds.getValue(1, address),
      this.c.api.query.Settlement.BidHolds.getValue(2, address),
    ]);
    return { GNX: gnx, USDC: usdc, USDT: usdt, heldByBids: { USDC: heldUsdc, USDT: heldUsdt } };
  }

  /**
   * Sends `amount` of `asset` (default GNX) from `signer` to `to`. GNX goes through
   * `Balances.transfer_keep_alive` (never reaping the sender); stablecoin through
   * `Settlement.transfer_stablecoin`, screened by the compliance gate, with `travelRule` at or
   * above the threshold.
   */
  async transfer(
    signer: GenexSigner,
    args: { to: string; amount: Amount; asset?: AssetSymbol | string; travelRule?: TravelRule },
    options?: SendOptions,
  ): Promise<Receipt> {
    const to: Address = parseAddress(args.to, "to");
    const symbol = assetOf(args.asset ?? "GNX");
    const { id, decimals } = ASSETS[symbol];
    const value = parseAmount(args.amount, decimals, "amount");
    const tx =
      id === undefined
        ? this.c.api.tx.Balances.transfer_keep_alive({ dest: to, value })
        : this.c.api.tx.Settlement.transfer_stablecoin({ asset: id, to, amount: value, travel_rule: travelRuleData(args.travelRule) });
    return this.c.send(tx, signer, options);
  }
}
