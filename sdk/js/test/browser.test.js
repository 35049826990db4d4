// The exchange example page in a real browser (Debian's Chromium, headless, driven by
// playwright-core) against a real dev node: the page connects, shows the book, places a bid
// that rests, cancels it, and shows a typed runtime error. Needs dist/ (`npx tsc -p .`) and
// /usr/bin/chromium (`apt-get install chromium`); builds the page's SDK bundle when stale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { DAY_MS, Genex, devSigner } from "../dist/index.js";
import { startDevNode } from "./harness.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const site = join(root, "examples", "exchange");
const bundle = join(site, "sdk.js");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** How long the page gets for each step: a few 2 s blocks and GRANDPA finality. */
const STEP_MS = 30_000;

/** Rebuilds examples/exchange/sdk.js when it is missing or older than the newest dist/ file. */
function ensureBundle() {
  const dist = join(root, "dist");
  assert.ok(existsSync(join(dist, "index.js")), "dist/index.js is missing: run `npx tsc -p .` first");
  const newest = Math.max(...readdirSync(dist).filter((f) => f.endsWith(".js")).map((f) => statSync(join(dist, f)).mtimeMs));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest) {
    execFileSync(process.execPath, [join(root, "scripts", "bundle.mjs")], { stdio: "inherit", timeout: 60_000 });
  }
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

/** Serves examples/exchange on a free loopback port; resolves with `{ url, close }`. */
function serveSite() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = normalize(join(site, path === "/" ? "index.html" : path));
    if (!file.startsWith(site + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    response.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/**
 * The market the page trades on: Baltathar, an approved issuer, has class 0 (five $10
 * coupons) and asks $8 for 0:0..0:2; Alith (the dev chain's compliance officer and KYC
 * provider) approved it all and gave Baltathar and Charleth KYC L1.
 */
async function setUpMarket(genex) {
  const [alith, baltathar] = [devSigner("alith"), devSigner("baltathar")];
  const charleth = devSigner("charleth");
  // In a best block is enough between steps (each reads the best state and nonces count the
  // pool); the ask waits for finality, which is what the page's runtime-API reads see.
  const fast = { waitFor: "inBlock" };
  const expiresAt = (await genex.client.chainTime()) + 365n * DAY_MS;
  // Alith's two KYC attestations go out together (explicit nonces), alongside Baltathar's application.
  const nonce = await genex.client.nextNonce(alith.address);
  const kyc = Promise.all(
    [baltathar, charleth].map((who, i) =>
      genex.compliance.setKyc(alith, { who: who.address, level: "L1", expiresAt, attestation: `kyc-${i + 1}` }, { ...fast, nonce: nonce + i }),
    ),
  );
  await genex.coupons.applyIssuer(baltathar, { company: "Baltathar Coffee", licence: "BL-1" }, fast);
  await kyc;
  await genex.coupons.approveIssuer(alith, baltathar.address, fast);
  const { classId } = await genex.coupons.createClass(baltathar, { face: "10", expiry: { days: 90 }, supply: 5 }, fast);
  assert.equal(classId, 0);
  await genex.coupons.approveClass(alith, classId, fast);
  const minted = await genex.coupons.mint(baltathar, classId, 5, fast);
  assert.equal(minted.quantity, 5);
  const ask = await genex.market.placeOrder(baltathar, { class: classId, side: "ask", price: "8", coupons: ["0:0", "0:1", "0:2"] });
  assert.equal(ask.fills.length, 0);
  assert.notEqual(ask.restingOrder, undefined, "the ask rests");
  const book = await genex.market.book(classId);
  assert.deepEqual(book.asks, [{ price: 8_000_000n, quantity: 3 }]);
}

test("the exchange example page trades in a real browser", { timeout: 180_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  ensureBundle();
  let node, genex, server, browser;
  try {
    node = await startDevNode();
    genex = await Genex.connect(node.url);
    await setUpMarket(genex);

    server = await serveSite();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      timeout: STEP_MS,
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(STEP_MS);
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    page.on("console", (message) => message.type() === "error" && console.error(`[page] ${message.text()}`));

    // It loads, connects and shows the issuer's ask: $8 for 3 coupons, no bids.
    await page.goto(`${server.url}?node=${encodeURIComponent(node.url)}`);
    await page.waitForSelector('#status[data-state="connected"]');
    assert.equal(await page.inputValue("#node-url"), node.url);
    const asks = page.locator('#asks [data-testid="level"]');
    await asks.first().waitFor();
    assert.deepEqual(await levels(asks), [{ side: "ask", price: "8", quantity: "3" }]);
    assert.equal(await page.locator('#bids [data-testid="level"]').count(), 0);
    const connectMs = Number(await page.getAttribute("#timing", "data-connect-ms"));
    assert.ok(connectMs > 0 && connectMs < STEP_MS, `connect ms ${connectMs}`);

    // Charleth bids $5 for one: below the ask, so it rests, in the book and in her open orders.
    await page.selectOption("#signer", "charleth");
    await page.selectOption("#side", "bid");
    await page.fill("#price", "5");
    await page.fill("#quantity", "1");
    await page.click("#place");
    await page.waitForSelector('#progress[data-action="place"][data-stage="finalized"]');
    assert.equal(await page.isVisible("#error"), false, `no error: ${await page.textContent("#error")}`);
    const placeMs = Number(await page.getAttribute("#timing", "data-place-to-inblock-ms"));
    assert.ok(placeMs > 0 && placeMs < STEP_MS, `place-to-inBlock ms ${placeMs}`);
    const bids = page.locator('#bids [data-testid="level"]');
    await bids.first().waitFor();
    assert.deepEqual(await levels(bids), [{ side: "bid", price: "5", quantity: "1" }]);
    const open = page.locator('[data-testid="open-order"]');
    await open.first().waitFor();
    assert.equal(await open.count(), 1);
    assert.equal(await open.getAttribute("data-side"), "bid");
    assert.equal(await open.getAttribute("data-price"), "5");
    assert.equal(await open.getAttribute("data-remaining"), "1");
    // The chain agrees with the page.
    const [order] = await genex.market.openOrders(devSigner("charleth").address);
    assert.equal(String(order?.id), await open.getAttribute("data-id"));

    // Cancel: it leaves the book and the open orders; the ask stays.
    await open.locator('[data-testid="cancel"]').click();
    await page.waitForSelector('#progress[data-stage="finalized"][data-action^="cancel"]');
    await bids.first().waitFor({ state: "detached" });
    await open.first().waitFor({ state: "detached" });
    assert.equal(await bids.count(), 0);
    assert.equal(await open.count(), 0);
    assert.deepEqual(await levels(asks), [{ side: "ask", price: "8", quantity: "3" }]);
    assert.deepEqual(await genex.market.openOrders(devSigner("charleth").address), []);

    // A bid above the $10 face value: the chain refuses it and the page names the error.
    await page.fill("#price", "11");
    await page.click("#place");
    const error = page.locator("#error");
    await error.waitFor({ state: "visible" });
    assert.equal(await error.getAttribute("data-error"), "Settlement.AboveFaceValue");
    assert.equal(await error.getAttribute("data-kind"), "DispatchError");
    assert.match(await error.textContent(), /Settlement\.AboveFaceValue\s+A utility coupon may not be priced above its face value/);
    assert.equal(await bids.count(), 0);

    assert.deepEqual(pageErrors.map(String), []);
    console.log(`browser timings: connect ${connectMs} ms (page load to connected), place-to-inBlock ${placeMs} ms`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
    genex?.destroy();
    node?.stop();
  }
});

/** A book side's rows as `{side, price, quantity}`. */
async function levels(rows) {
  return rows.evaluateAll((trs) => trs.map((tr) => ({ side: tr.dataset.side, price: tr.dataset.price, quantity: tr.dataset.quantity })));
}
