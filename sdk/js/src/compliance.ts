/** KYC, sanctions, roles, AML cases and emergency freezes: what applies to an account, and the officers' calls. */
import { Binary } from "polkadot-api";
import { checksumAddress, parseAddress, type Address } from "./address.js";
import { fromHex, hashArgument } from "./bytes.js";
import type { GenexClient, Receipt, SendOptions } from "./client.js";
import { InvalidInputError } from "./errors.js";
import type { GenexSigner } from "./signer.js";

/** KYC levels: L0 none, L1 basic (trade), L2 enhanced (Travel Rule amounts), L3 institutional. */
export type KycLevel = "L0" | "L1" | "L2" | "L3";
/** Roles the compliance pallet grants. */
export const ROLES = ["ComplianceOfficer", "KycProvider", "SanctionsOracle", "Guardian", "Arbitrator", "AnchorParty", "GatewayOperator", "Paymaster", "AmlMonitor"] as const;
export type Role = (typeof ROLES)[number];
/** What a freeze stops. */
export type FreezeTarget =
  | { type: "Account"; value: string }
  | { type: "Issuer"; value: string }
  | { type: "Class"; value: number }
  | { type: "Market"; value: "Trading" | "Transfers" | "Redemption" };
export type FreezeReason = "Fraud" | "Sanctions" | "SecurityIncident" | "RegulatoryOrder" | "IssuerDefault" | "SuspiciousActivity" | "Other";

/** Everything compliance says about an account right now. */
export interface ComplianceStatus {
  account: Address;
  kyc: { level: KycLevel; expiresAt: bigint; expired: boolean; provider: Address } | undefined;
  /** The effective KYC level: L0 when missing or expired. */
  effectiveLevel: KycLevel;
  sanctioned: { since: bigint; byFeed: boolean; byHand: boolean } | undefined;
  /** Freezes that stop this account: on the account, on it as an issuer, and market-wide ones. */
  freezes: Array<{ target: FreezeTarget; reason: FreezeReason; at: bigint }>;
  roles: Role[];
  /** AML cases about the account that are not closed. */
  openCases: Array<{ id: bigint; status: string }>;
  /** Whether a transfer at or above the Travel Rule threshold is allowed (KYC L2+, not sanctioned or frozen). */
  travelRuleTransferAllowed: boolean;
}

const LEVELS: KycLevel[] = ["L0", "L1", "L2", "L3"];

function freezeTarget(target: FreezeTarget) {
  switch (target?.type) {
    case "Account":
    case "Issuer":
      return { type: target.type, value: parseAddress(target.value, "target.value") };
    case "Class":
      return { type: "Class" as const, value: target.value };
    case "Market":
      if (!["Trading", "Transfers", "Redemption"].includes(target.value)) throw new InvalidInputError("target.value", "Trading, Transfers or Redemption");
      return { type: "Market" as const, value: { type: target.value, value: undefined } };
    default:
      throw new InvalidInputError("target", "Account, Issuer, Class or Market");
  }
}

/** `genex.compliance`. */
export class ComplianceApi {
  constructor(private readonly c: GenexClient) {}

  /** What applies to `who`: KYC, sanctions, freezes, roles, open AML cases, Travel Rule eligibility. */
  async status(who: string): Promise<ComplianceStatus> {
    const account = parseAddress(who, "who");
    const q = this.c.api.query;
    const [kyc, sanctioned, now, freezes, cases, roles] = await Promise.all([
      q.Compliance.Kyc.getValue(account),
      q.Compliance.Sanctioned.getValue(account),
      this.c.chainTime(),
      q.Freeze.Freezes.getEntries(),
      q.Compliance.Cases.getEntries(),
      Promise.all(ROLES.map((role) => q.Compliance.Roles.getValue({ type: role, value: undefined }, account))),
    ]);
    const lower = account.toLowerCase();
    const applying = freezes
      .filter(({ keyArgs: [target] }) =>
        target.type === "Market" || ((target.type === "Account" || target.type === "Issuer") && String(target.value).toLowerCase() === lower))
      .map(({ keyArgs: [target], value }) => ({
        target: target.type === "Market" ? { type: "Market", value: target.value.type } : target.type === "Class" ? target : { type: target.type, value: checksumAddress(fromHex(target.value, "target", 20)) },
        reason: value.reason.type,
        at: value.at,
      })) as ComplianceStatus["freezes"];
    const expired = kyc ? kyc.expires_at <= now : true;
    const effectiveLevel: KycLevel = kyc && !expired ? (kyc.level.type as KycLevel) : "L0";
    const openCases = cases
      .filter(({ value }) => String(value.subject).toLowerCase() === lower && value.status.type !== "Closed")
      .map(({ keyArgs: [id], value }) => ({ id, status: value.status.type }));
    const frozen = applying.some((f) => f.target.type !== "Market" || f.target.value === "Transfers");
    return {
      account,
      kyc: kyc && { level: kyc.level.type as KycLevel, expiresAt: kyc.expires_at, expired, provider: checksumAddress(fromHex(kyc.provider, "provider", 20)) },
      effectiveLevel,
      sanctioned: sanctioned && { since: sanctioned.since, byFeed: sanctioned.by_feed, byHand: sanctioned.by_hand },
      freezes: applying,
      roles: ROLES.filter((_, i) => roles[i] !== undefined),
      openCases,
      travelRuleTransferAllowed: LEVELS.indexOf(effectiveLevel) >= 2 && !sanctioned && !frozen,
    };
  }

  /** A KYC provider sets `who`'s level until `expiresAt` (ms), attested by the hash of its attestation (or a text hashed here). */
  async setKyc(signer: GenexSigner, args: { who: string; level: KycLevel; expiresAt: bigint; attestation: string }, options?: SendOptions): Promise<Receipt> {
    if (!LEVELS.includes(args.level)) throw new InvalidInputError("level", "L0, L1, L2 or L3");
    if (typeof args.expiresAt !== "bigint") throw new InvalidInputError("expiresAt", "ms since the epoch, as a bigint");
    const tx = this.c.api.tx.Compliance.set_kyc({
      who: parseAddress(args.who, "who"),
      level: { type: args.level, value: undefined },
      expires_at: args.expiresAt,
      attestation: hashArgument(args.attestation, "attestation"),
    });
    return this.c.send(tx, signer, options);
  }

  /** A KYC provider revokes `who`'s KYC. */
  async revokeKyc(signer: GenexSigner, who: string, options?: SendOptions): Promise<Receipt> {
    return this.c.send(this.c.api.tx.Compliance.revoke_kyc({ who: parseAddress(who, "who") }), signer, options);
  }

  /** Governance grants `role` to `who`. */
  async assignRole(signer: GenexSigner, role: Role, who: string, options?: SendOptions): Promise<Receipt> {
    if (!ROLES.includes(role)) throw new InvalidInputError("role", ROLES.join(", "));
    return this.c.send(this.c.api.tx.Compliance.assign_role({ role: { type: role, value: undefined }, who: parseAddress(who, "who") }), signer, options);
  }

  /** A guardian freezes `target` at once, for `reason`, citing an incident reference (text, at most the pallet's bound). */
  async freeze(signer: GenexSigner, args: { target: FreezeTarget; reason: FreezeReason; incident: string }, options?: SendOptions): Promise<Receipt> {
    const tx = this.c.api.tx.Freeze.freeze({
      target: freezeTarget(args.target),
      reason: { type: args.reason, value: undefined },
      incident: Binary.fromText(String(args.incident)),
    });
    return this.c.send(tx, signer, options);
  }

  /** A guardian approves lifting the freeze of `target` (it lifts once enough approve). */
  async approveUnfreeze(signer: GenexSigner, target: FreezeTarget, options?: SendOptions): Promise<Receipt> {
    return this.c.send(this.c.api.tx.Freeze.approve_unfreeze({ target: freezeTarget(target) }), signer, options);
  }
}
