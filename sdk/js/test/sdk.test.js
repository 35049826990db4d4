// The SDK against a real `genex-node --dev` (one node shared by the scenarios below, in order):
// issuers and classes, a primary sale, a resale, a gift, a refund, a dispute, a voucher signed
// here and redeemed by a store (and one signed by the Rust CLI, byte-identical), compliance
// status and a freeze, the paymaster, mapping anchors, nonces from the pool, progress, typed
// errors, and the descriptors' freshness.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { genex as descriptors } from "@polkadot-api/descriptors";
import {
  Genex, devSigner, DEV_ACCOUNTS, DispatchError, RefusedError, InvalidInputError, SignatureError, formatAmount, parseAmount,
  parseVoucherPayload, voucherPayload, voucherMessage, buildMappingTree, mappingLeaf, utf8, findEvent,
} from "../dist/index.js";
import { startDevNode } from "./harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const GENEX_CLI = process.env.GENEX_CLI ?? join(process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache", "genex-target"), "release", "genex");
const DAY = 86_400_000n;
const [alith, baltathar, charleth, dorothy, ethan, faith] = ["alith", "baltathar", "charleth", "dorothy", "ethan", "faith"].map(devSigner);

let node;
let genex;
before(async () => {
  node = await startDevNode();
  genex = await Genex.connect(node.url);
});
after(() => {
  genex?.destroy();
  node?.stop();
});

/** The dispatch error a promise rejects with, asserted to be typed. */
async function dispatchError(promise) {
  const error = await promise.then(() => assert.fail("expected the call to fail on chain"), (e) => e);
  assert.ok(error instanceof DispatchError, `expected a DispatchError, got ${error}`);
  return error;
}

test("the descriptors are generated from this repository's metadata, which the node serves", async () => {
  const generatedFrom = Buffer.from(await descriptors.getMetadata());
  const repository = readFileSync(join(here, "..", "..", "..", "client", "metadata", "genex.scale"));
  assert.ok(generatedFrom.equals(repository), "the SDK's descriptors are stale: run `npm run descriptors` in sdk/js (and scripts/update-metadata.sh first after a runtime change)");
  // The node's metadata at the version the file holds (the file's fifth byte).
  const served = await node.rpc("state_call", ["Metadata_metadata_at_version", "0x" + Buffer.from([repository[4], 0, 0, 0]).toString("hex")]);
  // Option<OpaqueMetadata>: 0x01, a compact length, then the bytes.
  const bytes = Buffer.from(served.slice(2), "hex");
  assert.equal(bytes[0], 1);
  assert.ok(bytes.subarray(bytes.length - repository.length).equals(repository), "the running node's metadata differs from client/metadata/genex.scale");
});

test("issuers and classes: apply, approve, create, approve, mint", async () => {
  await genex.coupons.applyIssuer(baltathar, { company: "Baltathar Coffee", licence: "BL-1" });
  assert.equal((await genex.coupons.issuer(baltathar.address)).status.type, "Pending");
  await genex.coupons.approveIssuer(alith, baltathar.address);
  assert.equal((await genex.coupons.issuer(baltathar.address)).status.type, "Active");
  const { classId } = await genex.coupons.createClass(baltathar, { face: "10", expiry: { days: 90 }, supply: 8, refundWindowDays: 7 });
  assert.equal(classId, 0);
  assert.equal((await genex.coupons.class(0)).status.type, "Draft");
  await genex.coupons.approveClass(alith, 0);
  const minted = await genex.coupons.mint(baltathar, 0, 8);
  assert.deepEqual([minted.firstSerial, minted.quantity], [0, 8]);
  const cls = await genex.coupons.class(0);
  assert.equal(cls.face_value, 10_000_000n);
  assert.equal(cls.status.type, "Active");
  assert.equal((await genex.coupons.owned(baltathar.address)).length, 8);
  // Bad input never reaches the node.
  await assert.rejects(genex.coupons.createClass(baltathar, { face: 10, expiry: { days: 9 }, supply: 1 }), (e) => e instanceof InvalidInputError && e.field === "face");
  await assert.rejects(genex.coupons.createClass(baltathar, { face: "10", asset: "GNX", expiry: { days: 9 }, supply: 1 }), (e) => e.field === "asset");
  await assert.rejects(genex.coupons.createClass(baltathar, { face: "10", expiry: "2026-02-30", supply: 1 }), (e) => e.field === "expiry");
});

test("KYC and compliance status", async () => {
  const now = await genex.client.chainTime();
  for (const who of [baltathar, charleth, dorothy, ethan]) {
    await genex.compliance.setKyc(alith, { who: who.address, level: "L1", expiresAt: now + 365n * DAY, attestation: `kyc-${who.address}` });
  }
  const status = await genex.compliance.status(charleth.address);
  assert.equal(status.kyc.level, "L1");
  assert.equal(status.effectiveLevel, "L1");
  assert.equal(status.kyc.provider, alith.address);
  assert.equal(status.sanctioned, undefined);
  assert.deepEqual(status.freezes, []);
  assert.ok(status.roles.includes("Guardian"));
  assert.equal(status.travelRuleTransferAllowed, false, "L1 is below the Travel Rule's L2");
  const none = await genex.compliance.status(faith.address);
  assert.equal(none.kyc, undefined);
  assert.equal(none.effectiveLevel, "L0");
  assert.deepEqual(none.roles, ["AnchorParty", "Paymaster"]);
});

let primaryTrades;
test("a primary sale: the issuer's ask, a buyer's bid for three", async () => {
  const ask = await genex.market.placeOrder(baltathar, { class: 0, side: "ask", price: "8", coupons: ["0:0", "0:1", "0:2", "0:3", "0:4"] });
  assert.deepEqual(ask.fills, []);
  assert.equal(typeof ask.restingOrder, "bigint");
  const book = await genex.market.book(0, 5);
  assert.deepEqual(book.asks, [{ price: 8_000_000n, quantity: 5 }]);
  assert.deepEqual(book.bids, []);
  const before = await genex.balances.all(charleth.address);
  const bid = await genex.market.placeOrder(charleth, { class: 0, side: "bid", price: "8", quantity: 3 });
  assert.equal(bid.fills.length, 3);
  assert.equal(bid.restingOrder, undefined, "filled in full: nothing rests");
  for (const fill of bid.fills) {
    assert.equal(fill.primary, true);
    assert.equal(fill.buyer, charleth.address);
    assert.equal(fill.seller, baltathar.address);
    assert.equal(fill.price, 8_000_000n);
  }
  primaryTrades = bid.fills.map((f) => f.trade);
  const after = await genex.balances.all(charleth.address);
  const paid = bid.fills.reduce((sum, f) => sum + f.price + f.buyerFee, 0n);
  assert.equal(before.USDC - after.USDC, paid, "the buyer paid price and fee, exactly");
  // The paymaster paid the fee (KYC L1, dev policy): Charleth's GNX is unchanged.
  assert.equal(bid.receipt.sponsored, true);
  assert.equal(after.GNX, before.GNX);
  const owned = (await genex.coupons.owned(charleth.address)).map((c) => `${c.class}:${c.serial}`);
  assert.deepEqual(owned, ["0:0", "0:1", "0:2"]);
  assert.deepEqual((await genex.market.book(0, 5)).asks, [{ price: 8_000_000n, quantity: 2 }]);
  const trades = await genex.market.recentTrades(0, 10);
  assert.equal(trades.length, 3);
  assert.ok(trades.every((t) => t.buyer === charleth.address && t.primary));
});

let resaleTrade;
test("a resale, a gift, a refund and a dispute", async () => {
  // Charleth resells 0:0 to Dorothy at 7.5, below the issuer's 8, so the best ask is hers.
  await genex.market.placeOrder(charleth, { class: 0, side: "ask", price: "7.5", coupons: ["0:0"] });
  const buy = await genex.market.placeOrder(dorothy, { class: 0, side: "bid", price: "7.5", quantity: 1, timeInForce: "ImmediateOrCancel" });
  assert.equal(buy.fills.length, 1);
  const [fill] = buy.fills;
  assert.equal(fill.primary, false);
  assert.equal(fill.seller, charleth.address);
  assert.equal(fill.price, 7_500_000n);
  resaleTrade = fill.trade;
  assert.equal((await genex.coupons.coupon("0:0")).owner, dorothy.address);
  // Charleth gives 0:1 to Dorothy.
  const gift = await genex.market.give(charleth, { to: dorothy.address.toLowerCase(), coupons: ["0:1"] });
  assert.equal(findEvent(gift, "Settlement", "CouponsTransferred").to, dorothy.address);
  assert.equal((await genex.coupons.coupon("0:1")).owner, dorothy.address);
  // Charleth returns 0:2, bought on the primary market a moment ago: price and fee come back.
  const before = await genex.balances.balance(charleth.address, "USDC");
  const refundTrade = primaryTrades[2];
  const trade = await genex.market.trade(refundTrade);
  assert.equal(trade.buyer, charleth.address);
  const { amount } = await genex.market.refund(charleth, refundTrade);
  assert.equal(amount, trade.price + trade.buyer_fee);
  assert.equal((await genex.balances.balance(charleth.address, "USDC")) - before, amount);
  assert.equal((await genex.coupons.coupon("0:2")).owner, baltathar.address);
  // A refund of a resale is refused, typed and documented.
  const notPrimary = await dispatchError(genex.market.refund(dorothy, resaleTrade));
  assert.equal(notPrimary.error, "Settlement.NotPrimary");
  assert.equal(notPrimary.pallet, "Settlement");
  assert.ok(notPrimary.docs.length > 10, notPrimary.docs);
  // Dorothy disputes the resale with a hash of her evidence.
  const { dispute } = await genex.market.openDispute(dorothy, resaleTrade, "photo of a used coupon");
  assert.equal((await genex.market.dispute(dispute)).status.type, "Submitted");
});

test("a voucher signed here is redeemed by the store; a replay and the wrong store are refused", async () => {
  await genex.redemption.authoriseStore(baltathar, ethan.address, "1 Main St, Springfield");
  const voucher = await genex.redemption.signVoucher(dorothy, { coupon: "0:1", store: ethan.address, nonce: 1n });
  assert.equal(voucher.payload.length, 2 + 2 * 125);
  // The Rust CLI reads it and names its signer.
  const shown = execFileSync(GENEX_CLI, ["--url", node.url, "voucher", "show", voucher.payload], { encoding: "utf8" });
  assert.match(shown, /coupon 0:1/);
  assert.match(shown, /signed by the holder/);
  // Another store cannot use it.
  const wrong = await dispatchError(genex.redemption.redeemVoucher(charleth, voucher.payload));
  assert.equal(wrong.error, "Redemption.WrongStore");
  const receipt = await genex.redemption.redeemVoucher(ethan, voucher.payload);
  const redeemed = findEvent(receipt, "Redemption", "CouponRedeemed");
  assert.equal(redeemed.holder, dorothy.address);
  assert.equal(redeemed.face_value, 10_000_000n);
  assert.equal(redeemed.voucher_nonce, 1n);
  assert.equal((await genex.coupons.coupon("0:1")).status.type, "Redeemed");
  const replay = await dispatchError(genex.redemption.redeemVoucher(ethan, voucher.payload));
  assert.equal(replay.error, "Redemption.NonceUsed");
  // A tampered payload is refused here, before anything is sent.
  const tampered = voucher.payload.slice(0, 10) + (voucher.payload[10] === "0" ? "1" : "0") + voucher.payload.slice(11);
  await assert.rejects(genex.redemption.redeemVoucher(ethan, tampered), SignatureError);
  const stats = await genex.redemption.storeStatistics(ethan.address);
  assert.equal(stats.count, 1n);
  assert.equal(stats.face_value, 10_000_000n);
  const stores = await genex.redemption.stores(baltathar.address);
  assert.equal(stores.length, 1);
  assert.equal(stores[0].store, ethan.address);
});

test("a voucher signed by the Rust CLI is byte-identical to the SDK's for the same terms", async () => {
  // Charleth buys the issuer's next coupon, 0:3.
  const bought = await genex.market.placeOrder(charleth, { class: 0, side: "bid", price: "8", quantity: 1 });
  assert.equal(bought.fills.length, 1);
  assert.equal((await genex.coupons.coupon("0:3")).owner, charleth.address);
  const rust = execFileSync(GENEX_CLI, ["--url", node.url, "voucher", "sign", "0:3", "--store", "ethan", "--nonce", "7", "--signer", "charleth"], { encoding: "utf8" }).trim();
  const parsed = parseVoucherPayload(rust);
  assert.deepEqual(parsed.voucher.coupon, { class: 0, serial: 3 });
  assert.equal(parsed.voucher.holder, charleth.address);
  assert.equal(parsed.voucher.store, ethan.address);
  assert.equal(parsed.voucher.nonce, 7n);
  const genesis = await genex.client.genesisHash();
  const signature = await charleth.signMessage(voucherMessage(genesis, parsed.voucher));
  assert.equal(voucherPayload({ voucher: parsed.voucher, signature }), rust.toLowerCase());
  // And the store redeems the Rust-signed voucher through the SDK.
  await genex.redemption.redeemVoucher(ethan, rust);
  assert.equal((await genex.coupons.coupon("0:3")).status.type, "Redeemed");
});

test("refused calls have typed errors with the runtime's docs", async () => {
  const above = await dispatchError(genex.market.placeOrder(charleth, { class: 0, side: "bid", price: "11", quantity: 1 }));
  assert.equal(above.error, "Settlement.AboveFaceValue");
  assert.equal(above.docs, "A utility coupon may not be priced above its face value.");
  assert.equal(above.receipt.sponsored, true, "the fee of a failed call is still paid");
  const unknown = await dispatchError(genex.market.placeOrder(charleth, { class: 99, side: "bid", price: "1", quantity: 1 }));
  assert.match(unknown.error, /^Settlement\.UnknownClass$/);
  // Faith has no KYC: her stablecoin transfer fails at the gate.
  const kyc = await dispatchError(genex.balances.transfer(faith, { to: charleth.address, amount: "1", asset: "USDC" }));
  assert.equal(kyc.error, "Compliance.KycTooLow");
  assert.equal(kyc.receipt.sponsored, false, "Faith is not eligible: she paid her own fee");
  assert.ok(kyc.receipt.fee > 0n);
  await assert.rejects(genex.market.placeOrder(charleth, { class: 0, side: "bid", price: "1.0000001", quantity: 1 }), (e) => e instanceof InvalidInputError && e.field === "price");
  await assert.rejects(genex.balances.transfer(charleth, { to: "0xF24FF3a9CF04c71Dbc94D0b566f7A27B94566cac", amount: "1" }), (e) => e.field === "to");
});

test("a freeze shows in the status and the node refuses the frozen account's transactions (201)", async () => {
  await genex.compliance.freeze(alith, { target: { type: "Account", value: faith.address }, reason: "Fraud", incident: "INC-2026-0042" });
  const status = await genex.compliance.status(faith.address);
  assert.deepEqual(status.freezes.map((f) => [f.target.type, f.target.value, f.reason]), [["Account", faith.address, "Fraud"]]);
  const refused = await genex.balances.transfer(faith, { to: charleth.address, amount: "1" }).then(() => assert.fail("sent"), (e) => e);
  assert.ok(refused instanceof RefusedError, String(refused));
  assert.equal(refused.code, 201);
  assert.match(refused.message, /frozen/);
});

test("progress callbacks, and consecutive transactions with nonces from the pool", async () => {
  const stages = [];
  const ida = DEV_ACCOUNTS.ida.address;
  const first = await genex.balances.transfer(alith, { to: ida, amount: "1.5" }, { waitFor: "inBlock", onProgress: (p) => stages.push(p.stage) });
  assert.deepEqual(stages, ["signed", "broadcast", "inBlock"]);
  assert.equal(first.finalized, false);
  // Sent before the first is finalized: the node's pool-aware nonce is the next one.
  const stages2 = [];
  const second = await genex.balances.transfer(alith, { to: ida, amount: "2.5" }, { onProgress: (p) => stages2.push(p.stage) });
  assert.deepEqual(stages2.slice(0, 2), ["signed", "broadcast"]);
  assert.equal(stages2.at(-1), "finalized");
  assert.ok(second.finalized);
  assert.ok(second.block.number >= first.block.number);
  assert.equal(second.sponsored, false, "Alith has no KYC record: she pays");
  const paid = findEvent(second, "TransactionPayment", "TransactionFeePaid");
  assert.equal(paid.actual_fee, second.fee);
  assert.equal(formatAmount(findEvent(second, "Balances", "Transfer").amount, 18), "2.5");
});

test("the paymaster: status and policy", async () => {
  const status = await genex.paymaster.status(charleth.address);
  assert.equal(status.eligibility, "Eligible");
  assert.ok(status.transactionsUsed >= 4, `Charleth sent sponsored transactions: ${status.transactionsUsed}`);
  assert.ok(status.feesUsed > 0n);
  assert.equal((await genex.paymaster.status(faith.address)).eligibility === "Eligible", false);
  const policy = await genex.paymaster.policy();
  assert.equal(policy.enabled, true);
  assert.ok((await genex.paymaster.categories()).length > 0);
  // What it can spend while staying alive: its free balance less what it must keep.
  const free = await genex.balances.balance(await genex.paymaster.account());
  assert.ok(status.paymasterBalance > 900_000n * 10n ** 18n && status.paymasterBalance <= free && free - status.paymasterBalance <= 10n ** 18n, `${status.paymasterBalance} of ${free}`);
});

test("mapping anchors: two parties anchor a table built here; proofs verify on chain, a tampered row does not", async () => {
  const salt = utf8("a sixteen-byte salt");
  const rows = Object.values(DEV_ACCOUNTS).map((account, n) => mappingLeaf(salt, `+1555000${n}`, account.address));
  const tree = buildMappingTree(rows);
  assert.deepEqual(await genex.anchors.verifyProof(tree.rows[0]), { ok: false, reason: "NoFinalRoot" });
  const epoch = BigInt(Math.floor((Date.now() - 60_000) / 3_600_000));
  const refused = await dispatchError(genex.anchors.submitRoot(alith, { epoch, root: tree.root, leafCount: tree.leafCount }));
  assert.equal(refused.error, "MappingAnchor.NotAnchorParty");
  assert.equal((await genex.anchors.submitRoot(ethan, { epoch, root: tree.root, leafCount: tree.leafCount })).final, false);
  assert.equal((await genex.anchors.submitRoot(dorothy, { epoch, root: tree.root, leafCount: tree.leafCount })).final, true);
  const latest = await genex.anchors.latestRoot();
  assert.deepEqual(latest, { epoch, root: tree.root, leafCount: tree.leafCount });
  for (const row of tree.rows) {
    const answer = await genex.anchors.verifyProof(row);
    assert.equal(answer.ok, true);
    assert.equal(answer.root, tree.root);
  }
  const tampered = { ...tree.rows[2], leaf: { ...tree.rows[2].leaf, address: "0x" + "11".repeat(20) } };
  assert.deepEqual(await genex.anchors.verifyProof(tampered), { ok: false, reason: "RootMismatch" });
  assert.deepEqual(await genex.anchors.verifyProof(tree.rows[2], epoch + 1n), { ok: false, reason: "EpochNotFinal" });
});

test("balances and amounts read back exactly", async () => {
  const all = await genex.balances.all(baltathar.address);
  assert.equal(typeof all.USDC, "bigint");
  assert.equal(all.USDT, parseAmount("1000000", 6));
  assert.equal(all.heldByBids.USDC, 0n);
  await assert.rejects(genex.balances.balance("0x12", "USDC"), (e) => e.field === "who");
  await assert.rejects(genex.balances.balance(alith.address, "EUR"), (e) => e.field === "asset");
});

test("the other helpers: a resting bid and its cancellation, redemption at the counter, statistics, stores, roles, KYC revoked, a freeze lifted, an issuer rejected", async () => {
  // A resting bid is the best bid, holds its stablecoin, shows in the open orders; cancelled, all of that goes.
  const placed = await genex.market.placeOrder(dorothy, { class: 0, side: "bid", price: "6.25", quantity: 2, postOnly: true });
  assert.deepEqual(placed.fills, []);
  const id = placed.restingOrder;
  assert.equal((await genex.market.bestBidAsk(0)).bid, 6_250_000n);
  assert.deepEqual((await genex.market.openOrders(dorothy.address)).map((o) => [o.id, o.side, o.price, o.remaining]), [[id, "bid", 6_250_000n, 2]]);
  assert.ok((await genex.balances.all(dorothy.address)).heldByBids.USDC >= 12_500_000n);
  await genex.market.cancelOrder(dorothy, id);
  assert.deepEqual(await genex.market.openOrders(dorothy.address), []);
  assert.equal((await genex.balances.all(dorothy.address)).heldByBids.USDC, 0n);
  assert.equal((await genex.market.bestBidAsk(0)).bid, undefined);
  const again = await dispatchError(genex.market.cancelOrder(dorothy, id));
  assert.match(again.error, /^Settlement\./);

  // Dorothy buys the issuer's last listed coupon and redeems it at Ethan's counter herself.
  const bought = await genex.market.placeOrder(dorothy, { class: 0, side: "bid", price: "8", quantity: 1 });
  const serial = (await genex.market.recentTrades(0, 1))[0].serial;
  assert.equal(bought.fills.length, 1);
  const before = await genex.redemption.issuerStatistics(baltathar.address);
  await genex.redemption.redeem(dorothy, { class: 0, serial }, ethan.address);
  assert.equal((await genex.coupons.coupon({ class: 0, serial })).status.type, "Redeemed");
  const after = await genex.redemption.issuerStatistics(baltathar.address);
  assert.equal(after.redeemed_count, before.redeemed_count + 1);
  assert.equal(after.redeemed_value - before.redeemed_value, 10_000_000n);
  // The issuer revokes the store: it no longer redeems.
  await genex.redemption.revokeStore(baltathar, ethan.address);
  assert.deepEqual(await genex.redemption.stores(baltathar.address), []);

  // Governance (sudo) grants Ida a role; Alith revokes Ethan's KYC.
  const ida = DEV_ACCOUNTS.ida.address;
  await genex.compliance.assignRole(alith, "Arbitrator", ida, { sudo: true });
  assert.deepEqual((await genex.compliance.status(ida)).roles, ["Arbitrator"]);
  await genex.compliance.revokeKyc(alith, ethan.address);
  const ethanStatus = await genex.compliance.status(ethan.address);
  assert.equal(ethanStatus.kyc, undefined);
  assert.equal(ethanStatus.effectiveLevel, "L0");

  // One guardian cannot lift Faith's freeze; a second can.
  const target = { type: "Account", value: faith.address };
  await genex.compliance.approveUnfreeze(alith, target);
  assert.equal((await genex.compliance.status(faith.address)).freezes.length, 1);
  await genex.compliance.approveUnfreeze(baltathar, target);
  assert.deepEqual((await genex.compliance.status(faith.address)).freezes, []);
  await genex.balances.transfer(faith, { to: ida, amount: "1" });

  // Charleth applies to be an issuer and is rejected.
  await genex.coupons.applyIssuer(charleth, { company: "Charleth Tea", licence: "BL-2" });
  assert.equal((await genex.coupons.issuer(charleth.address)).status.type, "Pending");
  await genex.coupons.rejectIssuer(alith, charleth.address);
  assert.equal(await genex.coupons.issuer(charleth.address), undefined);

  // No EUR quote on a fresh dev chain; a lower-case code never reaches the node.
  assert.equal(await genex.bridge.latestQuote("EUR"), undefined);
  await assert.rejects(genex.bridge.latestQuote("eur"), (e) => e.field === "currency");
});
