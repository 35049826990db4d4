// The fiat bridge through the SDK against a real `genex-node --dev` with its off-chain workers
// and a real `genex-gateway-sim` running the two simulated banks (as node/tests/e2e/bridge.rs
// does in Rust): the dev oracle key the node holds is the only attestor (1 of 1) of
// `primary_bank` (provider 0) and `backup_processor` (provider 1); governance (Alith, sudo)
// points their endpoints at this simulator. A bank deposit becomes USDC, a withdrawal is paid
// by the bank under its idempotency key, and bad withdrawals are refused, typed.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Binary } from "polkadot-api";
import { Genex, devSigner, DEV_ACCOUNTS, DispatchError, InvalidInputError, bankAccountHash, depositReferenceHash, toHex, utf8 } from "../dist/index.js";
import { startDevNode, startGatewaySim } from "./harness.js";

const DAY = 86_400_000n;
/** Base units of one USDC (6 decimals). */
const USDC = 1_000_000n;
const PRIMARY = 0;
const BACKUP = 1;
const BANK_ACCOUNT = "DE89 3704 0044 0532 0130 00";
/** How long a worker may take to see something and its transaction to be finalized. */
const SETTLE_MS = 60_000;

const alith = devSigner("alith");
const dorothy = devSigner("dorothy");
/** An account with no genesis balances (and no role). */
const heath = devSigner("heath");
const DOROTHY = DEV_ACCOUNTS.dorothy.address;

let sim;
let node;
let genex;

/** Polls `check` every `everyMs` until it gives a value other than undefined/false, or throws after `withinMs`. */
async function until(what, withinMs, check, everyMs = 500) {
  const deadline = Date.now() + withinMs;
  let last;
  for (;;) {
    last = await check();
    if (last !== undefined && last !== false) return last;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A JSON request to the simulator; the parsed answer (asserting a 200). */
async function simJson(path, body) {
  const response = await fetch(`${sim.url}${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  assert.equal(response.status, 200, `${path}: ${text}`);
  return JSON.parse(text);
}

/** A value with bigints, as JSON text (to look for a string in a chain record). */
const json = (value) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? toHex(v) : v));

// The whole file within 3 minutes: the suite (hooks included) fails at 170 s, and after() still stops the processes.
describe("the fiat bridge through the SDK", { timeout: 170_000 }, () => {
  before(async () => {
    // 6 M USDC exist (the dev accounts' genesis balances); both banks together hold far more.
    sim = await startGatewaySim([
      "--reserve", "primary_bank:USDC=100000000000000",
      "--reserve", "backup_processor:USDC=100000000000000",
    ]);
    node = await startDevNode({ workers: true });
    genex = await Genex.connect(node.url);
    const now = await genex.client.chainTime();
    for (const who of [DOROTHY, heath.address]) {
      await genex.compliance.setKyc(alith, { who, level: "L1", expiresAt: now + 365n * DAY, attestation: `kyc-${who}` });
    }
    assert.equal((await genex.compliance.status(DOROTHY)).effectiveLevel, "L1");
    // Governance points both providers at this simulator's banks.
    for (const [id, bank] of [[PRIMARY, "primary_bank"], [BACKUP, "backup_processor"]]) {
      const tx = genex.api.tx.FiatBridge.set_provider_endpoint({ id, endpoint: Binary.fromText(sim.bank(bank)) });
      await genex.client.send(tx, alith, { sudo: true });
    }
    // Both banks' statements reported on chain and covering the supply: minting is on.
    await until("both banks' reserves reported and minting on", SETTLE_MS, async () => {
      const reserves = await genex.bridge.reserves("USDC");
      const reporting = new Set(reserves.reports.map(([provider]) => provider));
      return reporting.has(PRIMARY) && reporting.has(BACKUP) && reserves.reported >= reserves.supply && reserves.paused === undefined;
    });
  }, { timeout: 120_000 });

  after(() => {
    genex?.destroy();
    node?.stop();
    sim?.stop();
  });

  test("the providers are the two simulated banks, at this simulator", { timeout: 10_000 }, async () => {
    const providers = await genex.bridge.providers();
    assert.deepEqual(providers.map((p) => [p.id, p.name]), [[PRIMARY, "primary_bank"], [BACKUP, "backup_processor"]]);
    for (const p of providers) {
      assert.equal(p.status, "Active");
      assert.equal(p.attestors, 1);
    }
    for (const [id, bank] of [[PRIMARY, "primary_bank"], [BACKUP, "backup_processor"]]) {
      assert.equal(Binary.toText(await genex.api.query.FiatBridge.ProviderEndpoints.getValue(id)), sim.bank(bank));
    }
  });

  test("a bank deposit becomes exactly its USDC", { timeout: 70_000 }, async () => {
    const before = await genex.balances.balance(DOROTHY, "USDC");
    const sent = Date.now();
    const { reference } = await simJson("/banks/primary_bank/deposits", { account: DOROTHY, currency: "USD", amount_minor: "10000" });
    assert.match(reference, /^primary_bank-\d+$/);
    const minted = await genex.bridge.waitForDeposit(PRIMARY, reference, SETTLE_MS);
    const took = Date.now() - sent;
    assert.equal(minted.state, "Minted");
    console.log(`sdk bridge: deposit -> minted in ${took} ms`);
    assert.equal(await genex.balances.balance(DOROTHY, "USDC"), before + 100n * USDC);
    const record = await genex.bridge.deposit(PRIMARY, reference);
    assert.deepEqual(
      { account: record.account, asset: record.asset, amount: record.amount, state: record.state },
      { account: DOROTHY, asset: 1, amount: 100n * USDC, state: "Minted" },
    );
    assert.equal(record.attestations, 1);
    // The same record under the reference's hash; another reference is unknown.
    assert.deepEqual(await genex.bridge.deposit(PRIMARY, depositReferenceHash(reference)), record);
    assert.equal(await genex.bridge.deposit(PRIMARY, `${reference}9`), undefined);
  });

  test("a withdrawal is escrowed, paid by the bank once under its key, the bank account only a hash", { timeout: 90_000 }, async () => {
    const before = await genex.balances.balance(DOROTHY, "USDC");
    const asked = Date.now();
    const { id, provider, fiatAmount, key } = await genex.bridge.requestWithdrawal(dorothy, { amount: "25", bankAccount: BANK_ACCOUNT });
    assert.equal(provider, PRIMARY);
    assert.equal(fiatAmount, 2_500n, "25.00 USD in cents");
    assert.equal(await genex.balances.balance(DOROTHY, "USDC"), before - 25n * USDC);
    const paid = await until("the payout", SETTLE_MS, async () => {
      const w = await genex.bridge.withdrawal(id);
      assert.ok(w, `withdrawal ${id} exists`);
      assert.notEqual(w.state, "Refunded");
      return w.state === "Paid" && w;
    }, 1_000);
    console.log(`sdk bridge: withdrawal -> paid in ${Date.now() - asked} ms`);
    assert.equal(paid.account, DOROTHY);
    assert.equal(paid.amount, 25n * USDC);
    assert.equal(paid.key, key);
    const hash = bankAccountHash(BANK_ACCOUNT);
    assert.equal(paid.bank_account, hash);
    // The details themselves are nowhere in the chain's record.
    const shown = json(paid).toLowerCase();
    assert.ok(!shown.includes("de89") && !shown.includes(toHex(utf8(BANK_ACCOUNT)).slice(2)), shown);
    // The primary bank paid it once: 25.00 USD to the hashed account, under the withdrawal's key.
    const { entries } = await simJson("/banks/primary_bank/statement");
    const payouts = entries.filter((e) => e.kind === "payout" && e.key.toLowerCase() === key.toLowerCase());
    assert.equal(payouts.length, 1, json(entries));
    assert.deepEqual(
      { currency: payouts[0].currency, amount_minor: payouts[0].amount_minor, bank_account: payouts[0].bank_account.toLowerCase() },
      { currency: "USD", amount_minor: "2500", bank_account: hash.toLowerCase() },
    );
    const backup = await simJson("/banks/backup_processor/statement");
    assert.equal(backup.entries.filter((e) => e.kind === "payout").length, 0, "the backup paid nothing");
    // Escrow burned: Dorothy's USDC stays 25 lower.
    assert.equal(await genex.balances.balance(DOROTHY, "USDC"), before - 25n * USDC);
  });

  test("bad withdrawals are refused: typed on chain, or before anything is sent", { timeout: 60_000 }, async () => {
    // Dorothy's 1 M USDC is above both the dev chain's $100,000 a withdrawal and what KYC L1
    // may move: a withdrawal of more than she holds is refused by the cap first.
    const held = await genex.balances.balance(DOROTHY, "USDC");
    const refusal = (promise) => promise.then(() => assert.fail("the withdrawal was accepted"), (e) => e);
    const capped = await refusal(genex.bridge.requestWithdrawal(dorothy, { amount: held + 1n, bankAccount: BANK_ACCOUNT }));
    assert.ok(capped instanceof DispatchError, String(capped));
    assert.equal(capped.error, "FiatBridge.WithdrawalTooLarge", capped.message);
    assert.equal(await genex.balances.balance(DOROTHY, "USDC"), held, "nothing escrowed");
    // Within the limits, more than the account holds: Heath (KYC L1) gets 10 USDC from Dorothy
    // and asks for 10.000001 (his fee sponsored by the paymaster, or paid in GNX).
    assert.equal(await genex.balances.balance(heath.address, "USDC"), 0n);
    await genex.balances.transfer(dorothy, { to: heath.address, amount: "10", asset: "USDC" });
    assert.equal(await genex.balances.balance(heath.address, "USDC"), 10n * USDC);
    const short = await refusal(genex.bridge.requestWithdrawal(heath, { amount: "10.000001", bankAccount: BANK_ACCOUNT }));
    assert.ok(short instanceof DispatchError, String(short));
    assert.equal(short.error, "Token.FundsUnavailable", short.message);
    assert.equal(await genex.balances.balance(heath.address, "USDC"), 10n * USDC, "nothing escrowed");

    // Refused here: nothing reaches the node (Dorothy's next nonce stays).
    const nonce = await genex.client.nextNonce(DOROTHY);
    await assert.rejects(
      genex.bridge.requestWithdrawal(dorothy, { amount: "1", bankAccount: BANK_ACCOUNT, asset: "GNX" }),
      (e) => e instanceof InvalidInputError && e.field === "asset",
    );
    await assert.rejects(
      genex.bridge.requestWithdrawal(dorothy, { amount: "1", bankAccount: BANK_ACCOUNT, currency: "usd" }),
      (e) => e instanceof InvalidInputError && e.field === "currency",
    );
    assert.equal(await genex.client.nextNonce(DOROTHY), nonce);
  });
});
