/** {@link Genex}: one connection and a typed helper for each capability of the chain. */
import { AnchorsApi } from "./anchor.js";
import { BalancesApi } from "./balances.js";
import { BridgeApi } from "./bridge.js";
import { GenexClient, type GenexApi } from "./client.js";
import { ComplianceApi } from "./compliance.js";
import { CouponsApi } from "./coupons.js";
import { MarketApi } from "./market.js";
import { PaymasterApi } from "./paymaster.js";
import { RedemptionApi } from "./redemption.js";

/**
 * A connection to a Genex node with the SDK's helpers:
 *
 * ```ts
 * const genex = await Genex.connect("ws://127.0.0.1:9944");
 * const alith = devSigner("alith");
 * await genex.balances.transfer(alith, { to: "0x3Cd0…e0", amount: "12.5", asset: "USDC" });
 * ```
 */
export class Genex {
  readonly balances: BalancesApi;
  readonly coupons: CouponsApi;
  readonly market: MarketApi;
  readonly redemption: RedemptionApi;
  readonly compliance: ComplianceApi;
  readonly anchors: AnchorsApi;
  readonly bridge: BridgeApi;
  readonly paymaster: PaymasterApi;

  constructor(
    /** The connection: `send`, `nextNonce`, `genesisHash`, PAPI's client and typed API. */
    readonly client: GenexClient,
  ) {
    this.balances = new BalancesApi(client);
    this.coupons = new CouponsApi(client);
    this.market = new MarketApi(client);
    this.redemption = new RedemptionApi(client);
    this.compliance = new ComplianceApi(client);
    this.anchors = new AnchorsApi(client);
    this.bridge = new BridgeApi(client);
    this.paymaster = new PaymasterApi(client);
  }

  /** Connects to a node's JSON-RPC WebSocket. */
  static async connect(url: string): Promise<Genex> {
    return new Genex(await GenexClient.connect(url));
  }

  /** The typed PAPI API, for anything the helpers do not cover. */
  get api(): GenexApi {
    return this.client.api;
  }

  /** Closes the connection. */
  destroy(): void {
    this.client.destroy();
  }
}
