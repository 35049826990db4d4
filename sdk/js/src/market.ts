/** Orders and the book, trades, P2P gifts, refunds and disputes (the settlement pallet). */
import { Enum } from "polkadot-api";
import { checksumAddress, parseAddress, type Address } from "./address.js";
import { parseAmount, type Amount } from "./amount.js";
import { fromHex, hashArgument } from "./bytes.js";
import { findEvent, findEvents, type GenexClient, type Receipt, type SendOptions } from "./client.js";
import { couponId, u32, type CouponId } from "./coupons.js";
import { InvalidInputError } from "./errors.js";
import { travelRuleData, type TravelRule } from "./balances.js";
import type { GenexSigner } from "./signer.js";

/** Stablecoin decimals: prices are in the class's stablecoin. */
const PRICE_DECIMALS = 6;

/** An order to place. Prices are per coupon, in the class's stablecoin. */
export type OrderRequest = {
  class: number;
  price: Amount;
  /** Good till cancelled (default), immediate or cancel, fill or kill. */
  timeInForce?: "GoodTillCancelled" | "ImmediateOrCancel" | "FillOrKill";
  /** Refuse the order instead of trading on arrival (a maker-only order). */
  postOnly?: boolean;
  /** Chain time (ms) after which a resting order lapses. */
  expiresAt?: bigint;
} & ({ side: "bid"; quantity: number } | { side: "ask"; coupons: Array<string | CouponId> });

/** One trade of an order's placement. */
export interface Fill {
  trade: bigint;
  class: number;
  price: bigint;
  buyer: Address;
  seller: Address;
  buyerFee: bigint;
  sellerFee: bigint;
  primary: boolean;
}

/** What placing an order did: the trades it made and the order that rests, if any. */
export interface Placed {
  receipt: Receipt;
  fills: Fill[];
  /** The id of the resting remainder (`Settlement.OrderPlaced`), if part of it rests. */
  restingOrder: bigint | undefined;
}

/** A side of the book: `(price, quantity)` levels, best first. */
export type Levels = Array<{ price: bigint; quantity: number }>;

const address = (hex: string): Address => checksumAddress(fromHex(hex, "address", 20));

/** `genex.market`. */
export class MarketApi {
  constructor(private readonly c: GenexClient) {}

  /** Places an order; resolves with its fills and resting remainder. */
  async placeOrder(signer: GenexSigner, order: OrderRequest, options?: SendOptions): Promise<Placed> {
    const classId = u32(order.class, "class");
    const price = parseAmount(order.price, PRICE_DECIMALS, "price");
    let offer;
    if (order.side === "bid") offer = Enum("Bid", { quantity: u32(order.quantity, "quantity") });
    else if (order.side === "ask") {
      if (!Array.isArray(order.coupons) || order.coupons.length === 0) throw new InvalidInputError("coupons", "an ask lists the coupons it sells");
      offer = Enum("Ask", { coupons: order.coupons.map((c, i) => couponId(c, `coupons[${i}]`)) });
    } else throw new InvalidInputError("side", "bid or ask");
    const tif = order.timeInForce ?? "GoodTillCancelled";
    if (!["GoodTillCancelled", "ImmediateOrCancel", "FillOrKill"].includes(tif)) {
      throw new InvalidInputError("timeInForce", "GoodTillCancelled, ImmediateOrCancel or FillOrKill");
    }
    const tx = this.c.api.tx.Settlement.place_order({
      request: {
        class: classId,
        price,
        offer,
        time_in_force: { type: tif, value: undefined },
        post_only: order.postOnly ?? false,
        expires_at: order.expiresAt,
      },
    });
    const receipt = await this.c.send(tx, signer, options);
    const fills = findEvents(receipt, "Settlement", "Traded").map((t) => ({
      trade: t.trade,
      class: t.class,
      price: t.price,
      buyer: address(t.buyer),
      seller: address(t.seller),
      buyerFee: t.buyer_fee,
      sellerFee: t.seller_fee,
      primary: t.primary,
    }));
    const placed = findEvents(receipt, "Settlement", "OrderPlaced")[0];
    return { receipt, fills, restingOrder: placed?.order };
  }

  /** Cancels one of the signer's resting orders. */
  async cancelOrder(signer: GenexSigner, order: bigint, options?: SendOptions): Promise<Receipt> {
    if (typeof order !== "bigint") throw new InvalidInputError("order", "an order id is a bigint");
    return this.c.send(this.c.api.tx.Settlement.cancel_order({ order }), signer, options);
  }

  /** `who`'s open orders. */
  async openOrders(who: string) {
    const orders = await this.c.api.apis.SettlementApi.open_orders(parseAddress(who, "who"));
    return orders.map((o) => ({ id: o.id, class: o.class, side: o.side.type === "Bid" ? "bid" : "ask", price: o.price, remaining: o.remaining, expiresAt: o.expires_at }));
  }

  /** The best `levels` prices of each side of `classId`'s book. */
  async book(classId: number, levels = 10): Promise<{ bids: Levels; asks: Levels }> {
    const depth = await this.c.api.apis.SettlementApi.depth(u32(classId, "classId"), u32(levels, "levels"));
    const side = (rows: Array<[bigint, number]>) => rows.map(([price, quantity]) => ({ price, quantity }));
    return { bids: side(depth.bids), asks: side(depth.asks) };
  }

  /** The best bid and ask of `classId`. */
  async bestBidAsk(classId: number): Promise<{ bid: bigint | undefined; ask: bigint | undefined }> {
    const [bid, ask] = await this.c.api.apis.SettlementApi.best_bid_ask(u32(classId, "classId"));
    return { bid, ask };
  }

  /** The latest `count` trades of `classId`, newest first. */
  async recentTrades(classId: number, count = 20) {
    const trades = await this.c.api.apis.SettlementApi.recent_trades(u32(classId, "classId"), u32(count, "count"));
    return trades.map((t) => ({ id: t.id, serial: t.serial, price: t.price, buyer: address(t.buyer), seller: address(t.seller), primary: t.primary, at: t.at }));
  }

  /** Trade `id`, if it is still recorded. */
  async trade(id: bigint) {
    const trade = await this.c.api.query.Settlement.Trades.getValue(id);
    return trade && { ...trade, buyer: address(trade.buyer), seller: address(trade.seller) };
  }

  /** Gives coupons of one transferable class to `to` (P2P, no payment). */
  async give(signer: GenexSigner, args: { to: string; coupons: Array<string | CouponId>; travelRule?: TravelRule }, options?: SendOptions): Promise<Receipt> {
    if (!Array.isArray(args.coupons) || args.coupons.length === 0) throw new InvalidInputError("coupons", "give at least one coupon");
    const tx = this.c.api.tx.Settlement.transfer_coupons({
      to: parseAddress(args.to, "to"),
      coupons: args.coupons.map((c, i) => couponId(c, `coupons[${i}]`)),
      travel_rule: travelRuleData(args.travelRule),
    });
    const receipt = await this.c.send(tx, signer, options);
    findEvent(receipt, "Settlement", "CouponsTransferred");
    return receipt;
  }

  /** Returns a coupon bought on the primary market within its class's refund window. */
  async refund(signer: GenexSigner, trade: bigint, options?: SendOptions): Promise<{ receipt: Receipt; amount: bigint }> {
    if (typeof trade !== "bigint") throw new InvalidInputError("trade", "a trade id is a bigint");
    const receipt = await this.c.send(this.c.api.tx.Settlement.refund_primary({ trade }), signer, options);
    return { receipt, amount: findEvent(receipt, "Settlement", "Refunded").amount };
  }

  /** Disputes a secondary trade (its buyer), with the hash of the evidence (or a text hashed here). */
  async openDispute(signer: GenexSigner, trade: bigint, evidence: string, options?: SendOptions): Promise<{ receipt: Receipt; dispute: bigint }> {
    if (typeof trade !== "bigint") throw new InvalidInputError("trade", "a trade id is a bigint");
    const tx = this.c.api.tx.Settlement.open_dispute({ trade, evidence: hashArgument(evidence, "evidence") });
    const receipt = await this.c.send(tx, signer, options);
    return { receipt, dispute: findEvent(receipt, "Settlement", "DisputeOpened").dispute };
  }

  /** Dispute `id`, if it exists. */
  async dispute(id: bigint) {
    return this.c.api.query.Settlement.Disputes.getValue(id);
  }
}
