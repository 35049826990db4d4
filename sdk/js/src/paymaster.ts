/** The paymaster: the platform pays eligible users' fees; its policy and an account's quota. */
import { checksumAddress, parseAddress, type Address } from "./address.js";
import { fromHex } from "./bytes.js";
import type { GenexClient } from "./client.js";

/** `genex.paymaster`. */
export class PaymasterApi {
  constructor(private readonly c: GenexClient) {}

  /** `who`'s sponsorship: eligible or why not, what is left of its quota, when its window resets, and the paymaster's balance. */
  async status(who: string) {
    const s = await this.c.api.apis.PaymasterApi.status(parseAddress(who, "who"));
    return {
      eligibility: s.eligibility.type as "Eligible" | "Disabled" | "KycTooLow" | "Blocked",
      transactionsUsed: s.transactions_used,
      transactionsLeft: s.transactions_left,
      feesUsed: s.fees_used,
      feesLeft: s.fees_left,
      windowResetsAt: s.window_resets_at,
      paymasterBalance: s.paymaster_balance,
    };
  }

  /** The policy in force. */
  async policy() {
    return this.c.api.apis.PaymasterApi.policy();
  }

  /** The sponsored categories of calls. */
  async categories(): Promise<string[]> {
    return (await this.c.api.apis.PaymasterApi.categories()).map((c) => c.type);
  }

  /** The paymaster's account. */
  async account(): Promise<Address> {
    return checksumAddress(fromHex(await this.c.api.apis.PaymasterApi.account(), "account", 20));
  }
}
