/**
 * Addresses: 20 bytes, the last 20 bytes of keccak-256 of the uncompressed secp256k1 public
 * key, exactly as on Ethereum. The SDK returns them EIP-55 checksummed and accepts them
 * checksummed, all lower-case or all upper-case; mixed case that does not match the checksum
 * is refused as a probable typo (as the chain's CLI does).
 */
import { InvalidInputError } from "./errors.js";
import { fromHex, keccak256, toHex, utf8 } from "./bytes.js";

/** An EIP-55 checksummed `0x` address. */
export type Address = `0x${string}`;

/** The EIP-55 spelling of 20 address bytes. */
export function checksumAddress(bytes: Uint8Array): Address {
  if (bytes.length !== 20) throw new InvalidInputError("address", `expected 20 bytes, got ${bytes.length}`);
  const lower = toHex(bytes).slice(2);
  const hash = keccak256(utf8(lower));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    out += nibble >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out as Address;
}

/**
 * Reads an address given by a caller: `0x` and 40 hex digits, checksummed or in one case.
 * Returns its EIP-55 spelling; `field` names the argument in the error.
 */
export function parseAddress(text: string, field = "address"): Address {
  if (typeof text !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw new InvalidInputError(field, `'${String(text)}' is not an address (0x and 40 hex digits)`);
  }
  const digits = text.slice(2);
  const checksummed = checksumAddress(fromHex(text, field, 20));
  const oneCase = digits === digits.toLowerCase() || digits === digits.toUpperCase();
  if (!oneCase && checksummed !== text) {
    throw new InvalidInputError(field, `'${text}' has a wrong EIP-55 checksum (a typo?); expected ${checksummed}`);
  }
  return checksummed;
}

/** The 20 bytes of an address. */
export function addressBytes(address: string, field = "address"): Uint8Array {
  return fromHex(parseAddress(address, field), field, 20);
}

/** The address of an uncompressed (65-byte, `0x04…`) secp256k1 public key. */
export function addressOfPublicKey(uncompressed: Uint8Array): Address {
  if (uncompressed.length !== 65 || uncompressed[0] !== 4) {
    throw new InvalidInputError("publicKey", "expected an uncompressed 65-byte secp256k1 public key");
  }
  return checksumAddress(keccak256(uncompressed.subarray(1)).subarray(12));
}
