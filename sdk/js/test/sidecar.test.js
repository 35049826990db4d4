// Ecosystem check: substrate-api-sidecar (the REST service exchanges and custodians put in front
// of Substrate nodes) against a real `genex-node --dev`, its answers compared with the node's
// JSON-RPC and with the SDK.
//
// The issue asked for sidecar 20.14.0; the npm registry reachable here has only 7.0.5, 12.0.0,
// 14.5.3 and 18.0.0, so this runs 18.0.0 (the devDependency). What 18.0.0 does on Genex:
//
// - Accounts work with our 20-byte (H160) addresses: `/accounts/:address/balance-info` and
//   `/accounts/:address/asset-balances` decode `AccountId20` from the runtime metadata and return
//   the right balances (H160 path parameters have been accepted since sidecar 9.1.0, PR #596).
// - `/accounts/:address/validate` is SS58-only: for an H160 address it answers
//   `{"isValid":false,"ss58Prefix":null,"network":null,"accountId":null}`.
// - Every endpoint that decodes a whole block (`/blocks/:n`, `/blocks/head`, `/blocks?range=`,
//   `/blocks/:n/extrinsics/:i`, `/blocks/:n/extrinsics-raw`) answers 500: the node's inherents
//   (Timestamp.set, ...) are *bare extrinsics of format version 5*, as polkadot-sdk now encodes
//   them, and sidecar 18.0.0's @polkadot/api 10.13.1 decodes only version 4 ("Unsupported
//   unsigned extrinsic version 5"). This is not about H160. Headers (`/blocks/:n/header`,
//   `/blocks/head/header`) do not decode extrinsics and work. Overriding the `Extrinsic` type
//   with `SAS_SUBSTRATE_TYPES` = {"Extrinsic":"Bytes"} makes `/blocks/:n/extrinsics-raw` work
//   (raw extrinsics, equal to the node's); `/blocks/:n` still fails, differently. Reading
//   blocks needs a sidecar whose @polkadot/api knows extrinsic v5, which 20.14.0 should be but
//   could not be installed here to check.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startDevNode, startProcess, freePort } from "./harness.js";
import { Genex, devSigner } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const SIDECAR_MAIN = join(here, "..", "node_modules", "@substrate", "api-sidecar", "build", "src", "main.js");
const ALITH = "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac";
const BALTATHAR = "0x3Cd0A705a2DC65e5b1E1205896BaA2be8A07c6e0";
const AMOUNT = 3_250_000_000_000_000_000n; // 3.25 GNX

// The exact errors sidecar 18.0.0 returns (HTTP 500, body {code: 500, message, stack, level}).
const BLOCK_V5_ERROR =
  'createType(SignedBlock):: Struct: failed on block: {"header":"Header","extrinsics":"Vec<Extrinsic>"}:: Struct: failed on extrinsics: Vec<Extrinsic>:: createType(ExtrinsicUnknown):: Unsupported unsigned extrinsic version 5';
const BLOCK_RAW_TYPES_ERROR = "Cannot read properties of undefined (reading 'section')";
const VALIDATE_H160 = { isValid: false, ss58Prefix: null, network: null, accountId: null };

/** Bounds a promise: rejects with `what` after `ms`. */
function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Starts sidecar against `wsUrl` (extra env in `env`); resolves once `GET /` answers. */
async function startSidecar(wsUrl, env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { value: root, stop, log } = await startProcess({
    name: "sidecar",
    command: process.execPath,
    args: [SIDECAR_MAIN],
    env: {
      ...process.env,
      NODE_ENV: "production",
      SAS_SUBSTRATE_URL: wsUrl,
      SAS_EXPRESS_BIND_HOST: "127.0.0.1",
      SAS_EXPRESS_PORT: String(port),
      SAS_LOG_LEVEL: "error",
      SAS_LOG_WRITE: "false",
      ...env,
    },
    what: "did not answer",
    timeoutMs: 30_000,
    pollMs: 250,
    ready: async () => {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
      return response.ok ? await response.json() : undefined;
    },
  });
  return { url, stop, log, version: root.version };
}

/** GET `path` from a sidecar: `{ status, body }`. */
async function get(sidecar, path) {
  const response = await fetch(`${sidecar.url}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json() };
}

/** GET that must answer 200; returns the body. */
async function ok(sidecar, path) {
  const { status, body } = await get(sidecar, path);
  assert.equal(status, 200, `${path}: HTTP ${status} ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

/** The format version byte of a hex SCALE extrinsic (after its compact length prefix). */
function extrinsicVersion(hex) {
  const bytes = Buffer.from(hex.slice(2), "hex");
  const prefix = [1, 2, 4][bytes[0] & 3];
  return bytes[prefix];
}

let node;
let genex;
let sidecar; // default configuration
let sidecarRawBlocks; // SAS_SUBSTRATE_TYPES = {"Extrinsic":"Bytes"}
let receipt; // Alith -> Baltathar, 3.25 GNX
let parentHash; // the block before the transfer's

before(
  async () => {
    node = await within(60_000, "genex-node", startDevNode());
    const types = join(mkdtempSync(join(tmpdir(), "genex-sidecar-types-")), "types.json");
    writeFileSync(types, JSON.stringify({ Extrinsic: "Bytes" }));
    [sidecar, sidecarRawBlocks, genex] = await Promise.all([
      startSidecar(node.url),
      startSidecar(node.url, { SAS_SUBSTRATE_TYPES: types }),
      within(20_000, "Genex.connect", Genex.connect(node.url)),
    ]);
    // Values that are not genesis ones: a GNX transfer (no KYC needed), finalized.
    receipt = await within(45_000, "transfer", genex.balances.transfer(devSigner("alith"), { to: BALTATHAR, amount: "3.25" }));
    parentHash = (await node.rpc("chain_getHeader", [receipt.block.hash])).parentHash;
  },
  { timeout: 100_000 },
);

after(() => {
  sidecar?.stop();
  sidecarRawBlocks?.stop();
  genex?.destroy();
  node?.stop();
});

test("sidecar 18.0.0 connects to the dev node", async () => {
  assert.equal(sidecar.version, "18.0.0");
  const version = await ok(sidecar, "/node/version");
  assert.equal(version.clientImplName, "genex-node");
  assert.equal(version.chain, "Genex Development");
  const spec = await ok(sidecar, "/runtime/spec");
  assert.equal(spec.specName, "genex");
  assert.equal(spec.properties.isEthereum, true);
  assert.deepEqual(spec.properties.tokenSymbol, ["GNX"]);
  assert.deepEqual(spec.properties.tokenDecimals, ["18"]);
});

test("block headers: number and hash agree with the node", async () => {
  const { number, hash } = receipt.block;
  assert.equal(await node.rpc("chain_getBlockHash", [number]), hash);
  const nodeHeader = await node.rpc("chain_getHeader", [hash]);
  for (const path of [`/blocks/${number}/header`, `/blocks/${hash}/header`]) {
    const header = await ok(sidecar, path);
    assert.equal(header.number, String(number), path);
    assert.equal(header.parentHash, nodeHeader.parentHash, path);
    assert.equal(header.stateRoot, nodeHeader.stateRoot, path);
    assert.equal(header.extrinsicsRoot, nodeHeader.extrinsicsRoot, path);
  }
  const first = await ok(sidecar, "/blocks/1/header");
  assert.equal(first.number, "1");
  assert.equal(first.parentHash, await node.rpc("chain_getBlockHash", [0]));
  const head = await ok(sidecar, "/blocks/head/header");
  assert.ok(Number(head.number) >= number, `head ${head.number} < ${number}`);
  assert.equal(head.parentHash, await node.rpc("chain_getBlockHash", [Number(head.number) - 1]));
});

test("whole blocks: sidecar 18.0.0 cannot decode the node's v5 bare inherents (documented failure)", async () => {
  // The cause, from the node itself: the inherents are extrinsic format version 5 (bare,
  // 0x05), the signed transfer is version 4 (0x84, signed bit | 4).
  const { block } = await node.rpc("chain_getBlock", [receipt.block.hash]);
  const versions = block.extrinsics.map(extrinsicVersion);
  assert.equal(versions[receipt.block.index], 0x84);
  assert.ok(versions.includes(0x05), `versions ${versions}`);
  // Sidecar 18.0.0 (@polkadot/api 10.13.1, extrinsic v4 only) answers 500 for every endpoint
  // that decodes the block body. Sidecar 20.14.0 (newer @polkadot/api) is not on the reachable
  // registry; when it can be installed, these should turn into assertions on the block's
  // number, hash and extrinsics.
  const { number, hash } = receipt.block;
  for (const path of [`/blocks/${number}`, `/blocks/${hash}`, "/blocks/1", "/blocks/head", `/blocks?range=1-${number}`, `/blocks/${number}/extrinsics/${receipt.block.index}`, `/blocks/${number}/extrinsics-raw`]) {
    const { status, body } = await get(sidecar, path);
    assert.equal(status, 500, path);
    assert.equal(body.code, 500, path);
    assert.equal(body.message, BLOCK_V5_ERROR, path);
  }
});

test("whole blocks with SAS_SUBSTRATE_TYPES {Extrinsic: Bytes}: extrinsics-raw works, /blocks/:n still fails", async () => {
  const { number, hash } = receipt.block;
  const { block } = await node.rpc("chain_getBlock", [hash]);
  const raw = await ok(sidecarRawBlocks, `/blocks/${number}/extrinsics-raw`);
  assert.equal(parseInt(raw.number, 16), number);
  assert.equal(raw.parentHash, block.header.parentHash);
  assert.equal(raw.stateRoot, block.header.stateRoot);
  assert.equal(raw.extrinsicRoot, block.header.extrinsicsRoot);
  assert.deepEqual(raw.extrinsics, block.extrinsics);
  // Decoding the extrinsics as bytes leaves sidecar's block service without calls to read.
  const { status, body } = await get(sidecarRawBlocks, `/blocks/${number}`);
  assert.equal(status, 500);
  assert.equal(body.message, BLOCK_RAW_TYPES_ERROR);
});

test("GNX balance-info of H160 accounts equals the SDK's, after a transfer", async () => {
  for (const who of [ALITH, BALTATHAR]) {
    const info = await ok(sidecar, `/accounts/${who}/balance-info`);
    assert.equal(info.tokenSymbol, "GNX");
    assert.equal(await node.rpc("chain_getBlockHash", [Number(info.at.height)]), info.at.hash);
    assert.ok(Number(info.at.height) >= receipt.block.number);
    assert.equal(BigInt(info.free), await genex.balances.balance(who, "GNX"), who);
    // Lower-case hex is the same account.
    const lower = await ok(sidecar, `/accounts/${who.toLowerCase()}/balance-info?at=${info.at.hash}`);
    assert.equal(lower.free, info.free);
  }
  // Historical reads around the transfer's block: Baltathar got exactly 3.25 GNX, Alith paid
  // 3.25 GNX and the fee, and her nonce moved by one.
  const at = (who, hash) => ok(sidecar, `/accounts/${who}/balance-info?at=${hash}`);
  const [bBefore, bAfter, aBefore, aAfter] = await Promise.all([
    at(BALTATHAR, parentHash),
    at(BALTATHAR, receipt.block.hash),
    at(ALITH, parentHash),
    at(ALITH, receipt.block.hash),
  ]);
  assert.equal(bAfter.at.hash, receipt.block.hash);
  assert.equal(bAfter.at.height, String(receipt.block.number));
  assert.equal(BigInt(bAfter.free) - BigInt(bBefore.free), AMOUNT);
  assert.equal(BigInt(aBefore.free) - BigInt(aAfter.free), AMOUNT + (receipt.sponsored ? 0n : receipt.fee));
  assert.equal(Number(aAfter.nonce), Number(aBefore.nonce) + 1);
});

test("USDC and USDT asset-balances of H160 accounts equal the SDK's", async () => {
  const alith = await ok(sidecar, `/accounts/${ALITH}/asset-balances?assets[]=1`);
  assert.equal(alith.assets.length, 1);
  assert.equal(alith.assets[0].assetId, "1");
  assert.equal(BigInt(alith.assets[0].balance), await genex.balances.balance(ALITH, "USDC"));
  assert.equal(BigInt(alith.assets[0].balance), 1_000_000_000_000n); // 1,000,000 USDC, untouched
  assert.equal(alith.assets[0].isSufficient, true);
  const both = await ok(sidecar, `/accounts/${BALTATHAR}/asset-balances?assets[]=1&assets[]=2`);
  const byId = Object.fromEntries(both.assets.map((a) => [a.assetId, BigInt(a.balance)]));
  assert.deepEqual(byId, {
    1: await genex.balances.balance(BALTATHAR, "USDC"),
    2: await genex.balances.balance(BALTATHAR, "USDT"),
  });
  const info = await ok(sidecar, "/pallets/assets/1/asset-info");
  assert.equal(info.assetMetaData.decimals, "6");
  assert.equal(Buffer.from(info.assetMetaData.symbol.slice(2), "hex").toString(), "USDC");
});

test("/accounts/:address/validate is SS58-only: an H160 address is reported invalid (documented limitation)", async () => {
  // Sidecar 18.0.0 checks an SS58 checksum here, which a 20-byte address has none of; the
  // other account endpoints accept H160. Not a Genex bug.
  assert.deepEqual(await ok(sidecar, `/accounts/${ALITH}/validate`), VALIDATE_H160);
});
