/**
 * The standard Ethereum dev accounts of the dev and local chains (mnemonic `bottom drive obey
 * lake curtain smoke basket hold race lonely fit walk`, `m/44'/60'/0'/0/i`). Their keys are
 * public: never use them anywhere else.
 */
import { signerFromPrivateKey, type GenexSigner } from "./signer.js";
import type { Address } from "./address.js";

/** The dev phrase. */
export const DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/** A dev account: its address and private key. */
export interface DevAccount {
  readonly name: string;
  readonly address: Address;
  readonly privateKey: `0x${string}`;
}

const account = (name: string, address: string, privateKey: string): DevAccount => ({
  name,
  address: address as Address,
  privateKey: privateKey as `0x${string}`,
});

/** Alith (sudo) to Ida, as the README's table lists them. */
export const DEV_ACCOUNTS = {
  alith: account("alith", "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac", "0x5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133"),
  baltathar: account("baltathar", "0x3Cd0A705a2DC65e5b1E1205896BaA2be8A07c6e0", "0x8075991ce870b93a8870eca0c0f91913d12f47948ca0fd25b49c6fa7cdbeee8b"),
  charleth: account("charleth", "0x798d4Ba9baf0064Ec19eB4F0a1a45785ae9D6DFc", "0x0b6e18cafb6ed99687ec547bd28139cafdd2bffe70e6b688025de6b445aa5c5b"),
  dorothy: account("dorothy", "0x773539d4Ac0e786233D90A233654ccEE26a613D9", "0x39539ab1876910bbf3a223d84a29e28f1cb4e2e456503e7e91ed39b2e7223d68"),
  ethan: account("ethan", "0xFf64d3F6efE2317EE2807d223a0Bdc4c0c49dfDB", "0x7dce9bc8babb68fec1409be38c8e1a52650206a7ed90ff956ae8a6d15eeaaef4"),
  faith: account("faith", "0xC0F0f4ab324C46e55D02D0033343B4Be8A55532d", "0xb9d2ea9a615f3165812e8d44de0d24da9bbd164b65c4f0573e1ce2c8dbd9c8df"),
  gareth: account("gareth", "0x7BF369283338E12C90514468aa3868A551AB2929", "0x96b8a38e12e1a31dee1eab2fffdf9d9990045f5b37e44d8cc27766ef294acf18"),
  heath: account("heath", "0x931f3600a299fd9B24cEfB3BfF79388D19804BeA", "0x0d6dcaaef49272a5411896be8ad16c01c35d6f8c18873387b71fbc734759b0ab"),
  ida: account("ida", "0xC41C5F1123ECCd5ce233578B2e7ebd5693869d73", "0x4c42532034540267bf568198ccec4cb822a025da542861fcb146a5fab6433ff8"),
} as const;

/** The signer of a dev account by name (`alith`, `baltathar`, …). */
export function devSigner(name: keyof typeof DEV_ACCOUNTS): GenexSigner {
  return signerFromPrivateKey(DEV_ACCOUNTS[name].privateKey);
}
