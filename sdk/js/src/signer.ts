/**
 * Signers: every Genex transaction and voucher is signed with secp256k1 ECDSA over the
 * keccak-256 hash of the message, as a 65-byte r ‖ s ‖ v signature with low s (the runtime
 * refuses high-s signatures, EIP-2).
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { HDKey } from "@scure/bip32";
import { mnemonicToSeedSync, validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { getPolkadotSigner, type PolkadotSigner } from "polkadot-api/signer";
import { addressBytes, addressOfPublicKey, parseAddress, type Address } from "./address.js";
import { concat, fromHex, keccak256 } from "./bytes.js";
import { InvalidInputError, SignatureError } from "./errors.js";

/** Who signs: an address, a PAPI signer for transactions, and raw message signing. */
export interface GenexSigner {
  /** The signer's address (EIP-55). */
  readonly address: Address;
  /** What PAPI signs transactions with. */
  readonly polkadotSigner: PolkadotSigner;
  /** The 65-byte r ‖ s ‖ v signature of keccak-256(`message`), as the runtime checks it. */
  signMessage(message: Uint8Array): Promise<Uint8Array>;
}

/** r ‖ s ‖ v (v = 0 or 1) of keccak-256(`message`) under `secretKey`, with low s. */
export function signKeccak(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  // noble's "recovered" format is v ‖ r ‖ s.
  const signature = secp256k1.sign(keccak256(message), secretKey, {
    prehash: false,
    lowS: true,
    format: "recovered",
  });
  return concat(signature.subarray(1, 65), signature.subarray(0, 1));
}

/**
 * The address whose key made `signature` (r ‖ s ‖ v, v = 0/1 or 27/28) over keccak-256(`message`),
 * or `undefined` when it is not a valid low-s signature.
 */
export function recoverSigner(message: Uint8Array, signature: Uint8Array): Address | undefined {
  if (signature.length !== 65) return undefined;
  let v = signature[64];
  if (v >= 27) v -= 27;
  if (v > 1) return undefined;
  try {
    const recovered = concat(Uint8Array.of(v), signature.subarray(0, 64));
    const sig = secp256k1.Signature.fromBytes(recovered, "recovered");
    if (sig.hasHighS()) return undefined;
    const point = sig.recoverPublicKey(keccak256(message));
    return addressOfPublicKey(point.toBytes(false));
  } catch {
    return undefined;
  }
}

/** A signer holding the 32-byte secp256k1 secret key `privateKey` (`0x` and 64 hex digits). */
export function signerFromPrivateKey(privateKey: string): GenexSigner {
  const secretKey = fromHex(privateKey, "privateKey", 32);
  if (!secp256k1.utils.isValidSecretKey(secretKey)) {
    throw new InvalidInputError("privateKey", "not a valid secp256k1 private key");
  }
  return keySigner(secretKey);
}

/**
 * A signer from a BIP-39 phrase, derived at `m/44'/60'/0'/0/index` as MetaMask does (index 0
 * is the first account).
 */
export function signerFromMnemonic(phrase: string, index = 0): GenexSigner {
  const words = String(phrase).trim().split(/\s+/).join(" ");
  if (!validateMnemonic(words, wordlist)) {
    throw new InvalidInputError("phrase", "not a valid BIP-39 phrase (English word list)");
  }
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** 31) {
    throw new InvalidInputError("index", "an account index is an integer from 0 to 2^31 - 1");
  }
  const key = HDKey.fromMasterSeed(mnemonicToSeedSync(words)).derive(`m/44'/60'/0'/0/${index}`);
  if (!key.privateKey) throw new InvalidInputError("phrase", "the phrase gave no private key");
  return keySigner(key.privateKey);
}

function keySigner(secretKey: Uint8Array): GenexSigner {
  const address = addressOfPublicKey(secp256k1.getPublicKey(secretKey, false));
  const sign = (message: Uint8Array) => signKeccak(secretKey, message);
  return {
    address,
    // An Ethereum-account chain: PAPI puts the 20 address bytes where the public key goes.
    polkadotSigner: getPolkadotSigner(addressBytes(address), "Ecdsa", sign),
    signMessage: async (message) => sign(message),
  };
}

/**
 * An account of a browser wallet extension (polkadot-js' injection protocol,
 * `window.injectedWeb3`) of type `ethereum`.
 */
export interface InjectedAccount {
  readonly address: string;
  readonly type?: string;
  readonly name?: string;
  readonly polkadotSigner: PolkadotSigner;
}

/**
 * Signers for the `ethereum` accounts of an injected wallet extension: connect with PAPI's
 * `connectInjectedExtension(name)` (from `polkadot-api/pjs-signer`) and pass its
 * `getAccounts()`. Transactions are signed by the wallet. `signMessage` asks the wallet to
 * sign raw bytes and checks the signature recovers to the account: a wallet that wraps the
 * message (as polkadot-js' `<Bytes>` does) produces a signature the chain would refuse, and
 * gets a {@link SignatureError} here instead.
 */
export function signersFromInjected(accounts: readonly InjectedAccount[]): GenexSigner[] {
  return accounts
    .filter((account) => account.type === "ethereum")
    .map((account) => {
      const address = parseAddress(account.address, "account.address");
      return {
        address,
        polkadotSigner: account.polkadotSigner,
        async signMessage(message: Uint8Array) {
          const signature = await account.polkadotSigner.signBytes(message);
          if (recoverSigner(message, signature) !== address) {
            throw new SignatureError(
              `the wallet's signature of the message does not recover to ${address}: it signs something other than the raw message`,
            );
          }
          return signature;
        },
      };
    });
}
