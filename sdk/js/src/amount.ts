/**
 * Amounts: exact decimal strings (`"12.5"`) or base units as `bigint` (`12_500_000n`), never
 * JavaScript numbers. GNX has 18 decimals; the stablecoins USDC (asset 1) and USDT (asset 2)
 * have 6.
 */
import { InvalidInputError } from "./errors.js";

/** The chain's currencies. */
export type AssetSymbol = "GNX" | "USDC" | "USDT";

/** What the SDK knows of each currency: its `pallet-assets` id (none for GNX) and decimals. */
export const ASSETS: Readonly<Record<AssetSymbol, { id: number | undefined; decimals: number }>> = {
  GNX: { id: undefined, decimals: 18 },
  USDC: { id: 1, decimals: 6 },
  USDT: { id: 2, decimals: 6 },
};

/** An amount as callers give it: a decimal string in whole units, or base units. */
export type Amount = string | bigint;

/** The currency named `symbol` (case-insensitive), or an error naming `field`. */
export function asset(symbol: string, field = "asset"): AssetSymbol {
  const upper = String(symbol).toUpperCase();
  if (upper === "GNX" || upper === "USDC" || upper === "USDT") return upper;
  throw new InvalidInputError(field, `'${symbol}' is not a currency here (GNX, USDC or USDT)`);
}

/** The symbol of a `pallet-assets` id (1 → USDC, 2 → USDT). */
export function assetOfId(id: number): AssetSymbol {
  if (id === 1) return "USDC";
  if (id === 2) return "USDT";
  throw new InvalidInputError("asset", `no currency with asset id ${id}`);
}

/**
 * Base units of `amount` in a currency of `decimals` decimals: a decimal string is read
 * exactly (no rounding: more fraction digits than `decimals` is an error), a `bigint` is taken
 * as base units already. Negative amounts and numbers are refused.
 */
export function parseAmount(amount: Amount, decimals: number, field = "amount"): bigint {
  if (typeof amount === "bigint") {
    if (amount < 0n) throw new InvalidInputError(field, "amounts are not negative");
    return amount;
  }
  if (typeof amount !== "string") {
    throw new InvalidInputError(field, `amounts are decimal strings or bigint base units, never ${typeof amount}s (floats lose cents)`);
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new InvalidInputError(field, `'${amount}' is not a decimal amount such as 12.5`);
  const [, whole, fraction = ""] = match;
  if (fraction.length > decimals) {
    throw new InvalidInputError(field, `'${amount}' has more than ${decimals} decimals`);
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** `units` base units as an exact decimal string, without trailing zeros (`12500000n`, 6 → `"12.5"`). */
export function formatAmount(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const scale = 10n ** BigInt(decimals);
  const whole = magnitude / scale;
  const fraction = (magnitude % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? "." + fraction : ""}`;
}
