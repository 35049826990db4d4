/** Hex and hashing helpers shared by the modules. */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { blake2b } from "@noble/hashes/blake2.js";
import { InvalidInputError } from "./errors.js";

/** `0x`-prefixed lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): `0x${string}` {
  let out = "0x";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out as `0x${string}`;
}

/**
 * The bytes of `0x`-prefixed hex; `length` (in bytes) is checked when given. `field` names the
 * argument in the error.
 */
export function fromHex(text: string, field: string, length?: number): Uint8Array {
  if (typeof text !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(text)) {
    throw new InvalidInputError(field, "expected 0x-prefixed hex with an even number of digits");
  }
  const bytes = new Uint8Array((text.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 + 2 * i, 4 + 2 * i), 16);
  if (length !== undefined && bytes.length !== length) {
    throw new InvalidInputError(field, `expected ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** keccak-256, as Ethereum and our signatures use it. */
export function keccak256(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}

/** BLAKE2b-256, the chain's hash (`sp_crypto_hashing::blake2_256`). */
export function blake2_256(bytes: Uint8Array): Uint8Array {
  return blake2b(bytes, { dkLen: 32 });
}

/** The UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `a ‖ b ‖ …`. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * A 32-byte hash argument: `0x` and 64 hex digits is the hash itself; any other text is hashed
 * here with BLAKE2-256 of its UTF-8 bytes (as the `genex` CLI does for company names, licences,
 * store locations and bank account details, which never leave the caller in clear).
 */
export function hashArgument(value: string, field: string): `0x${string}` {
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidInputError(field, "expected a 0x hash or a non-empty text to hash");
  }
  if (value.startsWith("0x") || value.startsWith("0X")) {
    return toHex(fromHex("0x" + value.slice(2), field, 32));
  }
  return toHex(blake2_256(utf8(value)));
}
