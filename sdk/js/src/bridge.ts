/**
 * The fiat bridge: bank deposits become stablecoin (attested by the providers' workers), and
 * withdrawals burn stablecoin and are paid out by a bank. Bank accounts appear only as hashes
 * (BLAKE2-256 of the account's details, hashed here and never sent).
 */
import { Binary } from "polkadot-api";
import { checksumAddress, type Address } from "./address.js";
import { ASSETS, asset as assetOf, parseAmount, type Amount, type AssetSymbol } from "./amount.js";
import { blake2_256, fromHex, hashArgument, toHex, utf8 } from "./bytes.js";
import { findEvent, type GenexClient, type Receipt, type SendOptions } from "./client.js";
import { InvalidInputError } from "./errors.js";
import { travelRuleData, type TravelRule } from "./balances.js";
import type { GenexSigner } from "./signer.js";

/** The chain's key of a bank's deposit reference (`primary_bank-000001`): BLAKE2-256 of its bytes. */
export function depositReferenceHash(reference: string): `0x${string}` {
  if (!reference) throw new InvalidInputError("reference", "a deposit reference is not empty");
  return toHex(blake2_256(utf8(reference)));
}

/** The chain's hash of a bank account's details: BLAKE2-256 of their UTF-8 bytes, exactly as given. */
export function bankAccountHash(details: string): `0x${string}` {
  return hashArgument(details, "bankAccount");
}

/** A currency code's three bytes (`USD`). */
function currencyCode(code: string): `0x${string}` {
  if (!/^[A-Z]{3}$/.test(code)) throw new InvalidInputError("currency", `'${code}' is not an ISO 4217 code such as USD`);
  return toHex(utf8(code));
}

/** `genex.bridge`. */
export class BridgeApi {
  constructor(private readonly c: GenexClient) {}

  /**
   * Withdraws `amount` of `asset` (default USDC) to the bank account `bankAccount` (its details,
   * hashed here, or its 0x hash), paid in `currency` (default USD; others need a live `quote`).
   */
  async requestWithdrawal(
    signer: GenexSigner,
    args: { amount: Amount; bankAccount: string; asset?: AssetSymbol | string; currency?: string; quote?: bigint; travelRule?: TravelRule },
    options?: SendOptions,
  ): Promise<{ receipt: Receipt; id: bigint; provider: number; fiatAmount: bigint; key: string }> {
    const symbol = assetOf(args.asset ?? "USDC");
    const { id, decimals } = ASSETS[symbol];
    if (id === undefined) throw new InvalidInputError("asset", "withdrawals are of USDC or USDT");
    const rule = travelRuleData(args.travelRule);
    const tx = this.c.api.tx.FiatBridge.request_withdrawal({
      asset: id,
      amount: parseAmount(args.amount, decimals, "amount"),
      bank_account: bankAccountHash(args.bankAccount),
      fiat_currency: currencyCode(args.currency ?? "USD"),
      quote: args.quote,
      travel_rule: rule && [rule.originator, rule.beneficiary],
    });
    const receipt = await this.c.send(tx, signer, options);
    const event = findEvent(receipt, "FiatBridge", "WithdrawalRequested");
    return { receipt, id: event.id, provider: event.provider, fiatAmount: event.fiat_amount, key: event.key };
  }

  /** Withdrawal `id` and its state (`Pending`, `Paid`, `Refunded`, …). */
  async withdrawal(id: bigint) {
    const w = await this.c.api.apis.FiatBridgeApi.withdrawal(id);
    return w && { ...w, account: checksumAddress(fromHex(w.account, "account", 20)), state: w.state.type };
  }

  /** The deposit `reference` (the bank's text, or its 0x hash) of `provider`, and its state. */
  async deposit(provider: number, reference: string) {
    const key = reference.startsWith("0x") ? hashArgument(reference, "reference") : depositReferenceHash(reference);
    const record = await this.c.api.apis.FiatBridgeApi.deposit(provider, key);
    return (
      record && {
        account: checksumAddress(fromHex(record.data.account, "account", 20)) as Address,
        asset: record.data.asset,
        amount: record.data.amount,
        state: record.state.type,
        attestations: record.attestations.length,
      }
    );
  }

  /**
   * Waits until the deposit `reference` of `provider` is minted (the workers attest it; about
   * 9 s on a dev chain), polling finalized state; resolves with the record.
   */
  async waitForDeposit(provider: number, reference: string, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = await this.deposit(provider, reference);
      if (record?.state === "Minted") return record;
      if (record && (record.state === "Returned" || record.state === "Rejected")) {
        throw new InvalidInputError("reference", `the deposit was ${record.state.toLowerCase()}, not minted`);
      }
      if (Date.now() > deadline) throw new InvalidInputError("reference", `the deposit was not minted within ${timeoutMs} ms (state ${record?.state ?? "unknown"})`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  /** Every provider (bank or processor), its status and what it may still pay out. */
  async providers() {
    const providers = await this.c.api.apis.FiatBridgeApi.providers();
    return providers.map((p) => ({ id: p.id, name: Binary.toText(p.name), status: p.status.type, threshold: p.threshold, attestors: p.attestors.length, available: p.available }));
  }

  /** `asset`'s supply, escrow, reported reserves and whether minting is paused. */
  async reserves(asset: AssetSymbol | string = "USDC") {
    const id = ASSETS[assetOf(asset)].id;
    if (id === undefined) throw new InvalidInputError("asset", "reserves are of USDC or USDT");
    return this.c.api.apis.FiatBridgeApi.reserves(id);
  }

  /** The latest quote of `currency` (US dollars per unit, `FixedU128` inner units) and whether it is live. */
  async latestQuote(currency: string) {
    const answer = await this.c.api.apis.FiatBridgeApi.latest_quote(currencyCode(currency));
    return answer && { id: answer[0], usdPerUnit: answer[1].usd_per_unit, expiresAt: answer[1].expires_at, live: answer[2] };
  }
}
