/**
 * Every error the SDK throws is a {@link GenexError}; its subclasses say what went wrong in a
 * way code can branch on.
 */

/** The base of every error the SDK throws. */
export class GenexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument the SDK refused before anything was sent; `field` names it. */
export class InvalidInputError extends GenexError {
  constructor(
    /** The argument or field that is wrong, e.g. `amount` or `to`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/**
 * The transaction was included but its call failed: the runtime's error, named
 * `Pallet.Error` (e.g. `Settlement.AboveFaceValue`) with the doc text of the error variant.
 * The fee was paid (by the sender or by the paymaster).
 */
export class DispatchError extends GenexError {
  constructor(
    /** `Pallet.Error`, e.g. `Settlement.AboveFaceValue`, or the runtime's own kind (`Token.FundsUnavailable`). */
    readonly error: string,
    /** The pallet, e.g. `Settlement`; `undefined` for the runtime's own error kinds. */
    readonly pallet: string | undefined,
    /** The error's doc comment from the runtime metadata. */
    readonly docs: string,
    /** The receipt of the transaction that failed. */
    readonly receipt: import("./client.js").Receipt,
  ) {
    super(docs ? `${error}: ${docs}` : error);
    // Kept off the enumerable fields so that logging the error does not print every event.
    Object.defineProperty(this, "receipt", { value: receipt, enumerable: false });
  }
}

/**
 * The node refused the transaction at validation (it never reached a block): a compliance or
 * paymaster refusal (`code` 200–214), a bad nonce, a bad signature, funds too low for the fee…
 */
export class RefusedError extends GenexError {
  constructor(
    /** Why, in words. */
    reason: string,
    /** `InvalidTransaction::Custom` code when the refusal is one of ours (200–214). */
    readonly code: number | undefined,
    /** The node's validity error as PAPI decoded it. */
    readonly validity: unknown,
  ) {
    super(reason);
  }
}

/** The transaction was dropped or its status stream ended before the awaited stage. */
export class NotIncludedError extends GenexError {}

/** A signature or payload that does not check out (a voucher signed by someone else…). */
export class SignatureError extends GenexError {}

/**
 * The node's refusals at validation that carry our custom codes: the compliance gate's
 * (`CheckCompliance`) and the paymaster's (`pallet_paymaster::types`). The same table as the
 * Rust client's `REFUSALS`.
 */
export const REFUSALS: Readonly<Record<number, string>> = {
  200: "the sender is on the sanctions list",
  201: "the sender's account is frozen",
  210: "the sender's sponsored transactions for this window are used up",
  211: "the sender's sponsored fees for this window are used up",
  212: "the fee is above the paymaster's cap per transaction",
  213: "a sponsored transaction may not carry a tip",
  214: "the paymaster cannot pay this fee and neither can the sender",
};
