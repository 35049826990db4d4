/**
 * {@link GenexClient}: a connection to a Genex node over PAPI v2, the typed API generated from
 * this repository's runtime metadata, and transaction submission with progress, fees and typed
 * errors.
 */
import { genex, type GenexEvents } from "@polkadot-api/descriptors";
import { decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";
import { createClient, type PolkadotClient, type Transaction, type TxEvent, type TypedApi } from "polkadot-api";
import { getWsProvider } from "polkadot-api/ws";
import { parseAddress } from "./address.js";
import { DispatchError, GenexError, InvalidInputError, NotIncludedError, RefusedError, REFUSALS } from "./errors.js";
import type { GenexSigner } from "./signer.js";

/** The typed API of the Genex runtime (PAPI descriptors of `client/metadata/genex.scale`). */
export type GenexApi = TypedApi<typeof genex>;

/** An event as PAPI decodes it: `{ type: pallet, value: { type: event, value: fields } }`. */
export interface ChainEvent {
  type: string;
  value: { type: string; value: any };
}

/** A transaction's stages, reported to {@link SendOptions.onProgress}. */
export type Progress =
  | { stage: "signed"; txHash: string }
  | { stage: "broadcast"; txHash: string }
  | { stage: "inBlock"; txHash: string; block: BlockRef }
  | { stage: "finalized"; txHash: string; block: BlockRef };

/** Where a transaction landed. */
export interface BlockRef {
  hash: string;
  number: number;
  /** The transaction's index among the block's extrinsics. */
  index: number;
}

/** What happened to an included transaction. */
export interface Receipt {
  txHash: string;
  block: BlockRef;
  /** Whether the block that holds it is finalized (`waitFor: "finalized"`, the default). */
  finalized: boolean;
  /** GNX base units paid for inclusion: by the sender, or by the paymaster when `sponsored`. */
  fee: bigint;
  /** The paymaster paid the fee (`Paymaster.FeeSponsored`), not the sender. */
  sponsored: boolean;
  /** The transaction's events. */
  events: ChainEvent[];
}

/** Options of {@link GenexClient.send} and of every helper that sends a transaction. */
export interface SendOptions {
  /** Called at each stage: signed, broadcast, in a block, finalized. */
  onProgress?: (progress: Progress) => void;
  /** Resolve once the transaction is in a best block, or (default) once it is finalized. */
  waitFor?: "inBlock" | "finalized";
  /** A nonce of the caller's choosing; by default the node's next index for the signer (pending transactions included). */
  nonce?: number;
  /** Wrap the call in `Sudo.sudo` (governance calls on dev chains; the signer must be the sudo key). */
  sudo?: boolean;
}

/** The fields of event `E` of pallet `P`, as the descriptors type them. */
export type EventFields<P extends keyof GenexEvents, E extends keyof GenexEvents[P]> = GenexEvents[P][E];

/** The events of `pallet`.`name` in a receipt, their fields (typed from the runtime's metadata). */
export function findEvents<P extends keyof GenexEvents, E extends keyof GenexEvents[P] & string>(
  receipt: Pick<Receipt, "events">,
  pallet: P,
  name: E,
): EventFields<P, E>[] {
  return receipt.events.filter((e) => e.type === pallet && e.value.type === name).map((e) => e.value.value);
}

/** The first `pallet`.`name` event of a receipt, or an error saying it is missing. */
export function findEvent<P extends keyof GenexEvents, E extends keyof GenexEvents[P] & string>(
  receipt: Pick<Receipt, "events">,
  pallet: P,
  name: E,
): EventFields<P, E> {
  const [event] = findEvents(receipt, pallet, name);
  if (event === undefined) throw new GenexError(`the transaction emitted no ${pallet}.${name} event`);
  return event;
}

/** A connection to a Genex node. */
export class GenexClient {
  private errorDocs: Map<string, string> | undefined;

  private constructor(
    /** PAPI's client, for anything this SDK does not wrap. */
    readonly client: PolkadotClient,
    /** The typed API (`api.tx`, `api.query`, `api.apis`, `api.event`, `api.constants`). */
    readonly api: GenexApi,
  ) {}

  /**
   * Connects to a node's JSON-RPC WebSocket (`ws://127.0.0.1:9944` for a dev node). Browsers
   * and Node 22 have a `WebSocket`; on Node 20 the `ws` package stands in.
   */
  static async connect(url: string, options: { websocketClass?: unknown } = {}): Promise<GenexClient> {
    if (typeof url !== "string" || !/^wss?:\/\//.test(url)) throw new InvalidInputError("url", `'${url}' is not a ws:// or wss:// address`);
    const websocketClass = options.websocketClass ?? (globalThis as any).WebSocket ?? (await import("ws")).WebSocket;
    const client = createClient(getWsProvider(url, { websocketClass } as any));
    const typed = client.getTypedApi(genex);
    const connected = new GenexClient(client, typed);
    // Fail here, not at the first call, when the node is not there.
    await connected.client.getFinalizedBlock();
    return connected;
  }

  /** Closes the connection. */
  destroy(): void {
    this.client.destroy();
  }

  /** The chain's genesis hash (what vouchers are signed against). */
  async genesisHash(): Promise<`0x${string}`> {
    return (await this.client._request<string>("chain_getBlockHash", [0])) as `0x${string}`;
  }

  /** The latest finalized block's number and hash. */
  async finalized(): Promise<{ number: number; hash: string }> {
    const block = await this.client.getFinalizedBlock();
    return { number: block.number, hash: block.hash };
  }

  /** The chain's time (ms since the epoch) at the latest finalized block. */
  async chainTime(): Promise<bigint> {
    return await this.api.query.Timestamp.Now.getValue();
  }

  /** The node's next nonce for `who`, counting its transactions waiting in the pool (`system_accountNextIndex`). */
  async nextNonce(who: string): Promise<number> {
    return await this.client._request<number>("system_accountNextIndex", [parseAddress(who, "who")]);
  }

  /**
   * Signs `tx` with `signer`, submits it and follows it until it is in a block or finalized
   * (`options.waitFor`). Resolves with the {@link Receipt}; throws {@link RefusedError} when the
   * node refuses it at validation, {@link DispatchError} when its call fails on chain (the fee is
   * paid), {@link NotIncludedError} when it is dropped.
   */
  async send(tx: Transaction<any, any>, signer: GenexSigner, options: SendOptions = {}): Promise<Receipt> {
    const call = options.sudo ? this.api.tx.Sudo.sudo({ call: tx.decodedCall }) : tx;
    const nonce = options.nonce ?? (await this.nextNonce(signer.address));
    const waitFor = options.waitFor ?? "finalized";
    const report = options.onProgress ?? (() => {});
    const payload = await new Promise<{ event: TxEvent & { block: BlockRef }; finalized: boolean }>((resolve, reject) => {
      let done = false;
      const subscription = call
        .signSubmitAndWatch(signer.polkadotSigner, { nonce, mortality: { mortal: true, period: 256 } })
        .subscribe({
          next: (event: TxEvent) => {
            if (done) return;
            switch (event.type) {
              case "signed":
                report({ stage: "signed", txHash: event.txHash });
                break;
              case "broadcasted":
                report({ stage: "broadcast", txHash: event.txHash });
                break;
              case "txBestBlocksState":
                if (event.found) {
                  report({ stage: "inBlock", txHash: event.txHash, block: event.block });
                  if (waitFor === "inBlock") {
                    done = true;
                    resolve({ event: event as any, finalized: false });
                  }
                }
                break;
              case "finalized":
                report({ stage: "finalized", txHash: event.txHash, block: event.block });
                done = true;
                resolve({ event: event as any, finalized: true });
                break;
            }
            if (done) queueMicrotask(() => subscription.unsubscribe());
          },
          error: (error: unknown) => {
            done = true;
            reject(refusal(error));
          },
          complete: () => {
            if (!done) reject(new NotIncludedError("the node ended the transaction's status stream before it was included"));
          },
        });
    });
    const { event } = payload;
    const ev = event as any;
    const events = ev.events as ChainEvent[];
    const sponsoredFee = findEvents({ events }, "Paymaster", "FeeSponsored")[0]?.fee;
    const paidFee = findEvents({ events }, "TransactionPayment", "TransactionFeePaid")[0]?.actual_fee;
    const receipt: Receipt = {
      txHash: ev.txHash,
      block: { hash: ev.block.hash, number: ev.block.number, index: ev.block.index },
      finalized: payload.finalized,
      fee: sponsoredFee ?? paidFee ?? 0n,
      sponsored: sponsoredFee !== undefined,
      events,
    };
    const failure = ev.ok ? sudoFailure(events) : ev.dispatchError;
    if (failure) throw await this.dispatchError(failure, receipt);
    return receipt;
  }

  /** A runtime `DispatchError` as PAPI decodes it, named and documented from the node's metadata. */
  async dispatchError(error: { type: string; value: any }, receipt: Receipt): Promise<DispatchError> {
    if (error.type === "Module" && error.value?.type) {
      const pallet = String(error.value.type);
      const variant = String(error.value.value?.type ?? "");
      const docs = (await this.docsOfErrors(receipt.block.hash)).get(`${pallet}.${variant}`) ?? "";
      return new DispatchError(`${pallet}.${variant}`, pallet, docs, receipt);
    }
    const detail = error.value && typeof error.value === "object" && "type" in error.value ? `.${error.value.type}` : "";
    return new DispatchError(`${error.type}${detail}`, undefined, "", receipt);
  }

  private async docsOfErrors(blockHash: string): Promise<Map<string, string>> {
    if (this.errorDocs) return this.errorDocs;
    let bytes: Uint8Array;
    try {
      bytes = await this.client.getMetadata(blockHash);
    } catch {
      bytes = await genex.getMetadata();
    }
    const metadata = unifyMetadata(decAnyMetadata(bytes));
    const docs = new Map<string, string>();
    for (const pallet of metadata.pallets) {
      if (!pallet.errors) continue;
      const type = metadata.lookup[pallet.errors.type];
      if (type?.def.tag !== "variant") continue;
      for (const variant of type.def.value) docs.set(`${pallet.name}.${variant.name}`, variant.docs.join(" ").trim());
    }
    this.errorDocs = docs;
    return docs;
  }
}

/** The error of a call dispatched by `Sudo.sudo` that failed inside a successful extrinsic. */
function sudoFailure(events: ChainEvent[]): { type: string; value: any } | undefined {
  const failed = findEvents({ events }, "Sudo", "Sudid").find(({ sudo_result }) => !sudo_result.success);
  return failed?.sudo_result.value as { type: string; value: any } | undefined;
}

/** A submission failure as a {@link RefusedError} when the node refused the transaction at validation. */
function refusal(error: unknown): Error {
  const validity = (error as any)?.error;
  if (validity && typeof validity === "object" && "type" in validity) {
    const kind = validity.value?.type;
    if (kind === "Custom") {
      const code = Number(validity.value.value);
      const reason = REFUSALS[code];
      if (reason) return new RefusedError(`${reason} (invalid transaction, custom error ${code})`, code, validity);
    }
    return new RefusedError(`the node refused the transaction: ${validity.type}${kind ? "." + kind : ""}`, undefined, validity);
  }
  if (error instanceof Error) return error;
  return new GenexError(String(error));
}
