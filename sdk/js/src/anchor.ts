/**
 * Mapping anchors: the phone->address table as a keccak-256 Merkle tree (the leaf format is
 * `genex_primitives::mapping`), built and verified here exactly as the chain does, and proofs
 * checked against the chain's anchored roots.
 *
 * - salted user id = keccak-256(salt ‖ user id as UTF-8); leaf = salted id (32) ‖ address (20);
 * - leaves sorted ascending as bytes; a leaf's node is keccak-256(leaf), an inner node
 *   keccak-256(left ‖ right), and the last node of an odd level moves up unchanged;
 * - a proof lists the sibling nodes from the leaf up, skipping levels where the node moved up alone.
 */
import { addressBytes, checksumAddress, type Address } from "./address.js";
import { concat, fromHex, keccak256, toHex, utf8 } from "./bytes.js";
import { findEvents, type GenexClient, type Receipt, type SendOptions } from "./client.js";
import type { GenexSigner } from "./signer.js";
import { InvalidInputError } from "./errors.js";

/** One row of the table as the tree sees it. */
export interface MappingLeaf {
  saltedUser: `0x${string}`;
  address: Address;
}

/** A row's place in the tree and its proof. */
export interface RowProof {
  leaf: MappingLeaf;
  index: number;
  proof: `0x${string}`[];
}

/** The most sibling hashes a proof may have (a table of at most 2^32 rows). */
export const MAX_PROOF_LENGTH = 32;

/** keccak-256(salt ‖ user). */
export function saltedUserId(salt: Uint8Array, user: string): `0x${string}` {
  return toHex(keccak256(concat(salt, utf8(user))));
}

/** The leaf of `user` (e.g. an E.164 phone number) mapped to `address`, salted with `salt`. */
export function mappingLeaf(salt: Uint8Array, user: string, address: string): MappingLeaf {
  return { saltedUser: saltedUserId(salt, user), address: checksumAddress(addressBytes(address, "address")) };
}

/** The 52 bytes of a leaf. */
export function leafBytes(leaf: MappingLeaf): Uint8Array {
  return concat(fromHex(leaf.saltedUser, "leaf.saltedUser", 32), addressBytes(leaf.address, "leaf.address"));
}

const compare = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
};

/** The whole tree of a table: its root and every row's proof, rows sorted as the chain sorts them. */
export function buildMappingTree(leaves: MappingLeaf[]): { root: `0x${string}`; leafCount: number; rows: RowProof[] } {
  if (leaves.length === 0) throw new InvalidInputError("leaves", "a table with no rows has no root");
  const sorted = leaves.map((leaf) => ({ leaf, bytes: leafBytes(leaf) })).sort((a, b) => compare(a.bytes, b.bytes));
  for (let i = 1; i < sorted.length; i++) {
    if (compare(sorted[i - 1].bytes, sorted[i].bytes) === 0) throw new InvalidInputError("leaves", `two rows map the same user to the same address (${toHex(sorted[i].bytes)})`);
  }
  const levels: Uint8Array[][] = [sorted.map(({ bytes }) => keccak256(bytes))];
  while (levels[levels.length - 1].length > 1) {
    const below = levels[levels.length - 1];
    const above: Uint8Array[] = [];
    for (let i = 0; i < below.length; i += 2) above.push(i + 1 < below.length ? keccak256(concat(below[i], below[i + 1])) : below[i]);
    levels.push(above);
  }
  const rows = sorted.map(({ leaf }, index) => {
    const proof: `0x${string}`[] = [];
    let position = index;
    for (const level of levels.slice(0, -1)) {
      const sibling = position ^ 1;
      if (sibling < level.length) proof.push(toHex(level[sibling]));
      position >>= 1;
    }
    return { leaf: { saltedUser: leaf.saltedUser, address: checksumAddress(addressBytes(leaf.address)) }, index, proof };
  });
  return { root: toHex(levels[levels.length - 1][0]), leafCount: sorted.length, rows };
}

/** Whether `proof` shows `leaf` at `index` of a table of `leafCount` rows with `root` (checked here, no node needed). */
export function verifyMappingProof(root: string, leafCount: number, row: RowProof): boolean {
  if (!Number.isInteger(leafCount) || leafCount < 1 || !Number.isInteger(row.index) || row.index < 0 || row.index >= leafCount) return false;
  if (row.proof.length > MAX_PROOF_LENGTH) return false;
  let node = keccak256(leafBytes(row.leaf));
  let position = row.index;
  let count = leafCount;
  let used = 0;
  while (count > 1) {
    const sibling = position ^ 1;
    if (sibling < count) {
      const hash = row.proof[used++];
      if (hash === undefined) return false;
      const other = fromHex(hash, "proof", 32);
      node = keccak256(position % 2 === 0 ? concat(node, other) : concat(other, node));
    }
    position >>= 1;
    count = Math.ceil(count / 2);
  }
  return used === row.proof.length && toHex(node) === String(root).toLowerCase();
}

/** `genex.anchors`. */
export class AnchorsApi {
  constructor(private readonly c: GenexClient) {}

  /** The latest final mapping root: its epoch (hours since the Unix epoch), root and row count. */
  async latestRoot(): Promise<{ epoch: bigint; root: `0x${string}`; leafCount: number } | undefined> {
    const root = await this.c.api.apis.MappingAnchorApi.latest_final_root();
    return root && { epoch: root.epoch, root: root.anchor.root as `0x${string}`, leafCount: root.anchor.leaf_count };
  }

  /**
   * An anchor party submits the table's `root` and `leafCount` for `epoch` (hours since the
   * Unix epoch); resolves with whether the epoch's root is now final (a second party agreed).
   */
  async submitRoot(signer: GenexSigner, args: { epoch: bigint; root: string; leafCount: number }, options?: SendOptions): Promise<{ receipt: Receipt; final: boolean }> {
    if (typeof args.epoch !== "bigint") throw new InvalidInputError("epoch", "an epoch is a bigint (hours since the Unix epoch)");
    if (!Number.isInteger(args.leafCount) || args.leafCount < 1) throw new InvalidInputError("leafCount", "a table has at least one row");
    const tx = this.c.api.tx.MappingAnchor.submit_root({ epoch: args.epoch, root: toHex(fromHex(args.root, "root", 32)), leaf_count: args.leafCount });
    const receipt = await this.c.send(tx, signer, options);
    return { receipt, final: findEvents(receipt, "MappingAnchor", "RootFinalized").length > 0 };
  }

  /**
   * Asks the chain whether `row` is in the table anchored for `epoch` (the latest final one by
   * default): `{ ok: true, epoch, root }` or `{ ok: false, reason }` (e.g. `RootMismatch`).
   */
  async verifyProof(row: RowProof, epoch?: bigint) {
    const answer = await this.c.api.apis.MappingAnchorApi.verify_proof(
      epoch,
      { salted_user: row.leaf.saltedUser, address: row.leaf.address },
      row.index,
      row.proof,
    );
    return answer.success
      ? { ok: true as const, epoch: answer.value.epoch, root: answer.value.anchor.root, leafCount: answer.value.anchor.leaf_count }
      : { ok: false as const, reason: answer.value.type };
  }
}
