// Unit tests of the SDK's pure parts (no node): amounts, addresses, signers, vouchers and the
// mapping tree, the last checked against the Rust `genex` CLI's own output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join } from "node:path";
import {
  parseAmount, formatAmount, parseAddress, checksumAddress, InvalidInputError, signerFromMnemonic, signerFromPrivateKey,
  DEV_ACCOUNTS, DEV_PHRASE, recoverSigner, encodeVoucher, decodeVoucher, voucherPayload, parseVoucherPayload, voucherMessage,
  voucherSigner, mappingLeaf, buildMappingTree, verifyMappingProof, fromHex, utf8, signKeccak, signersFromInjected, SignatureError,
} from "../dist/index.js";

const GENEX_CLI = process.env.GENEX_CLI ?? join(process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache", "genex-target"), "release", "genex");

test("amounts are exact decimals or bigint base units, never numbers", () => {
  assert.equal(parseAmount("12.5", 6), 12_500_000n);
  assert.equal(parseAmount("0.000001", 6), 1n);
  assert.equal(parseAmount("1", 18), 10n ** 18n);
  assert.equal(parseAmount(7n, 6), 7n);
  assert.equal(parseAmount("340282366920938463463.374607431768211455", 18), 2n ** 128n - 1n);
  for (const bad of ["1.0000001", "-1", "1e3", "", " ", "1,5", "0x10"]) {
    assert.throws(() => parseAmount(bad, 6, "price"), (e) => e instanceof InvalidInputError && e.field === "price", bad);
  }
  assert.throws(() => parseAmount(12.5, 6), /never numbers/);
  assert.throws(() => parseAmount(-1n, 6), /not negative/);
  assert.equal(formatAmount(12_500_000n, 6), "12.5");
  assert.equal(formatAmount(1n, 18), "0.000000000000000001");
  assert.equal(formatAmount(0n, 6), "0");
  for (const text of ["0.1", "99.99", "1000000", "0.000001"]) assert.equal(formatAmount(parseAmount(text, 6), 6), text);
});

test("addresses are EIP-55 out, and a wrong checksum is refused", () => {
  const alith = DEV_ACCOUNTS.alith.address;
  assert.equal(parseAddress(alith.toLowerCase()), alith);
  assert.equal(parseAddress("0x" + alith.slice(2).toUpperCase()), alith);
  // One letter's case flipped: a probable typo.
  const at = [...alith].findIndex((c, i) => i > 1 && /[a-fA-F]/.test(c));
  const flipped = alith.slice(0, at) + (alith[at] === alith[at].toUpperCase() ? alith[at].toLowerCase() : alith[at].toUpperCase()) + alith.slice(at + 1);
  assert.throws(() => parseAddress(flipped, "to"), (e) => e.field === "to" && /checksum/.test(e.message));
  assert.throws(() => parseAddress("0x1234", "to"), /not an address/);
  // EIP-55's own test vectors.
  for (const vector of ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"]) {
    assert.equal(checksumAddress(fromHex(vector.toLowerCase(), "v", 20)), vector);
  }
});

test("signers from keys and from the dev phrase give the dev addresses", () => {
  for (const account of Object.values(DEV_ACCOUNTS)) {
    assert.equal(signerFromPrivateKey(account.privateKey).address, account.address, account.name);
  }
  const names = ["alith", "baltathar", "charleth", "dorothy", "ethan", "faith"];
  names.forEach((name, index) => assert.equal(signerFromMnemonic(DEV_PHRASE, index).address, DEV_ACCOUNTS[name].address, name));
  assert.throws(() => signerFromMnemonic("bottom drive obey lake curtain smoke basket hold race lonely fit fit"), /BIP-39/);
  assert.throws(() => signerFromPrivateKey("0x" + "00".repeat(32)), /not a valid secp256k1 private key/);
  assert.throws(() => signerFromPrivateKey("0x1234"), (e) => e.field === "privateKey");
});

test("signatures are r ‖ s ‖ v with low s and recover to the signer", async () => {
  const signer = signerFromPrivateKey(DEV_ACCOUNTS.charleth.privateKey);
  const message = utf8("genex");
  const signature = await signer.signMessage(message);
  assert.equal(signature.length, 65);
  assert.ok(signature[64] === 0 || signature[64] === 1);
  const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const s = BigInt("0x" + Buffer.from(signature.subarray(32, 64)).toString("hex"));
  assert.ok(s <= n / 2n, "low s");
  assert.equal(recoverSigner(message, signature), signer.address);
  assert.notEqual(recoverSigner(utf8("genex!"), signature), signer.address);
  // v as 27/28 is read too; a high-s twin of the signature is refused (EIP-2).
  const v27 = signature.slice();
  v27[64] += 27;
  assert.equal(recoverSigner(message, v27), signer.address);
  const highS = signature.slice();
  const twin = (n - s).toString(16).padStart(64, "0");
  highS.set(Buffer.from(twin, "hex"), 32);
  highS[64] ^= 1;
  assert.equal(recoverSigner(message, highS), undefined);
  // Deterministic (RFC 6979): the same key and message give the same bytes.
  assert.deepEqual(signKeccak(fromHex(DEV_ACCOUNTS.charleth.privateKey, "k", 32), message), signature);
});

test("vouchers encode as the pallet's SCALE layout and round-trip through the payload", async () => {
  const voucher = { coupon: { class: 3, serial: 9 }, holder: DEV_ACCOUNTS.charleth.address, store: DEV_ACCOUNTS.ethan.address, nonce: 42n, validUntil: 1000 };
  const terms = encodeVoucher(voucher);
  // The Rust client's test vector layout: class, serial (u32 LE), holder, store, nonce (u64 LE), valid_until (u32 LE).
  assert.equal(Buffer.from(terms).toString("hex"),
    "03000000" + "09000000" + DEV_ACCOUNTS.charleth.address.slice(2).toLowerCase() + DEV_ACCOUNTS.ethan.address.slice(2).toLowerCase() + "2a00000000000000" + "e8030000");
  assert.deepEqual(decodeVoucher(terms), voucher);
  const genesis = "0x" + "07".repeat(32);
  const message = voucherMessage(genesis, voucher);
  assert.equal(Buffer.from(message.subarray(0, 16)).toString(), "genex:voucher:v1");
  const signature = await signerFromPrivateKey(DEV_ACCOUNTS.charleth.privateKey).signMessage(message);
  const payload = voucherPayload({ voucher, signature });
  assert.equal(payload.length, 2 + 2 * 125);
  const read = parseVoucherPayload(payload);
  assert.deepEqual(read.voucher, voucher);
  assert.equal(voucherSigner(read, genesis), DEV_ACCOUNTS.charleth.address);
  assert.notEqual(voucherSigner(read, "0x" + "08".repeat(32)), DEV_ACCOUNTS.charleth.address, "another chain's genesis");
  assert.throws(() => parseVoucherPayload("0x1234"), /125 bytes/);
  assert.throws(() => parseVoucherPayload("zz"), (e) => e.field === "payload");
  assert.throws(() => encodeVoucher({ ...voucher, nonce: 2n ** 64n }), (e) => e.field === "voucher.nonce");
});

test("the mapping tree and its proofs are the Rust CLI's, byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "genex-sdk-anchor-"));
  const salt = "a sixteen-byte salt";
  const rows = Array.from({ length: 37 }, (_, n) => [`+1555${String(n).padStart(7, "0")}`, "0x" + (n + 1).toString(16).padStart(40, "0")]);
  writeFileSync(join(dir, "table.csv"), "user,address\n" + rows.map(([user, address]) => `${user},${address}`).join("\n") + "\n");
  execFileSync(GENEX_CLI, ["--url", "ws://unused", "anchor", "compute", join(dir, "table.csv"), "--salt", salt, "--out", join(dir, "proofs.json")]);
  const rust = JSON.parse(readFileSync(join(dir, "proofs.json"), "utf8"));
  const tree = buildMappingTree(rows.map(([user, address]) => mappingLeaf(utf8(salt), user, address)));
  assert.equal(tree.root, rust.root);
  assert.equal(tree.leafCount, rust.leaf_count);
  tree.rows.forEach((row, index) => {
    const leaf = Buffer.concat([fromHex(row.leaf.saltedUser, "s", 32), fromHex(row.leaf.address.toLowerCase(), "a", 20)]);
    assert.equal("0x" + leaf.toString("hex"), rust.rows[index].leaf.toLowerCase());
    assert.deepEqual(row.proof, rust.rows[index].proof);
    assert.equal(row.index, rust.rows[index].index);
    assert.ok(verifyMappingProof(tree.root, tree.leafCount, row), `row ${index}`);
  });
  // A changed address, a wrong index, a shortened proof: each fails.
  const row = tree.rows[5];
  assert.equal(verifyMappingProof(tree.root, tree.leafCount, { ...row, leaf: { ...row.leaf, address: DEV_ACCOUNTS.alith.address } }), false);
  assert.equal(verifyMappingProof(tree.root, tree.leafCount, { ...row, index: 6 }), false);
  assert.equal(verifyMappingProof(tree.root, tree.leafCount, { ...row, proof: row.proof.slice(1) }), false);
  // The last row of an odd table moves up alone: in a table one row longer it would need a sibling.
  const last = tree.rows[tree.rows.length - 1];
  assert.equal(verifyMappingProof(tree.root, tree.leafCount + 1, last), false);
  assert.throws(() => buildMappingTree([]), /no rows/);
  const twice = mappingLeaf(utf8(salt), "+1", DEV_ACCOUNTS.alith.address);
  assert.throws(() => buildMappingTree([twice, twice]), /same user/);
});

test("injected wallet accounts: only ethereum ones become signers, and a wrapped message signature is caught", async () => {
  const dorothy = signerFromPrivateKey(DEV_ACCOUNTS.dorothy.privateKey);
  const raw = { ...dorothy.polkadotSigner, signBytes: (message) => dorothy.signMessage(message) };
  const accounts = [
    { address: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", type: "sr25519", polkadotSigner: raw },
    { address: DEV_ACCOUNTS.dorothy.address.toLowerCase(), type: "ethereum", polkadotSigner: raw },
    // PAPI's and polkadot-js' signBytes wrap the message in <Bytes>…</Bytes>.
    { address: DEV_ACCOUNTS.dorothy.address, type: "ethereum", polkadotSigner: dorothy.polkadotSigner },
  ];
  const [rawSigner, wrapping, ...rest] = signersFromInjected(accounts);
  assert.equal(rest.length, 0, "the sr25519 account is left out");
  assert.equal(rawSigner.address, DEV_ACCOUNTS.dorothy.address, "EIP-55 out");
  assert.equal(rawSigner.polkadotSigner, raw, "transactions are signed by the wallet");
  const message = utf8("genex:voucher:v1 test");
  assert.equal(recoverSigner(message, await rawSigner.signMessage(message)), DEV_ACCOUNTS.dorothy.address);
  await assert.rejects(wrapping.signMessage(message), (e) => e instanceof SignatureError && /does not recover/.test(e.message));
  assert.throws(() => signersFromInjected([{ address: "0x1234", type: "ethereum", polkadotSigner: raw }]), (e) => e.field === "account.address");
});
