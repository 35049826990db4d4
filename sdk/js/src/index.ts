/**
 * `@genex/sdk`: the TypeScript SDK of Genex Chain, on PAPI v2 with descriptors generated from
 * the repository's runtime metadata. Amounts are exact decimal strings or `bigint` base units,
 * addresses EIP-55, errors typed.
 */
export { Genex } from "./genex.js";
export { GenexClient, findEvent, findEvents, type EventFields, type GenexApi, type Receipt, type SendOptions, type Progress, type BlockRef, type ChainEvent } from "./client.js";
export * from "./errors.js";
export * from "./address.js";
export * from "./amount.js";
export { toHex, fromHex, keccak256, blake2_256, hashArgument, utf8, concat } from "./bytes.js";
export * from "./signer.js";
export * from "./dev.js";
export { type TravelRule, type Balances, BalancesApi } from "./balances.js";
export { CouponsApi, couponId, dayOfDate, DAY_MS, type CouponId, type ClassParams } from "./coupons.js";
export { MarketApi, type OrderRequest, type Fill, type Placed, type Levels } from "./market.js";
export * from "./redemption.js";
export * from "./compliance.js";
export * from "./anchor.js";
export * from "./bridge.js";
export { PaymasterApi } from "./paymaster.js";
