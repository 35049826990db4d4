// Starts real genex-node (and genex-gateway-sim) processes for the SDK's tests, on free ports,
// and stops them when the test process ends. The binaries come from $GENEX_NODE /
// $GENEX_GATEWAY_SIM, or else $CARGO_TARGET_DIR/release (default ~/.cache/genex-target), as
// scripts/test.sh builds them.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository (`sdk/js/test/../../..`). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache", "genex-target");
export const NODE_BINARY = process.env.GENEX_NODE ?? join(targetDir, "release", "genex-node");
export const GATEWAY_SIM_BINARY = process.env.GENEX_GATEWAY_SIM ?? join(targetDir, "release", "genex-gateway-sim");

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

async function rpc(url, method, params = []) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/**
 * Starts `command` with `args` (stdout and stderr to a log file in a fresh temporary
 * directory, which is also its working directory), killed when the test process ends, and
 * polls `ready()` every `pollMs` until it returns something other than `undefined` (a throw
 * counts as not ready). Fails with the log's tail when the process exits first or `what` is not
 * ready within `timeoutMs`. Resolves with `{ value, stop, log, child }`.
 */
export async function startProcess({ name, command, args, env = process.env, what, timeoutMs, pollMs, ready }) {
  const dir = mkdtempSync(join(tmpdir(), `genex-${name}-`));
  const log = join(dir, `${name}.log`);
  const fd = openSync(log, "w");
  const child = spawn(command, args, { cwd: dir, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  children.add(child);
  const stop = () => {
    children.delete(child);
    child.kill("SIGKILL");
  };
  const tail = () => readFileSync(log, "utf8").slice(-3000);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${tail()}`);
    try {
      const value = await ready();
      if (value !== undefined) return { value, stop, log, child };
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`${name}: ${what} within ${timeoutMs / 1000} s:\n${tail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Starts `genex-node --dev --tmp` (off-chain workers off unless `workers`), waits until block
 * 1 is finalized, and returns `{ url, httpUrl, rpc, stop, log }`.
 */
export async function startDevNode({ workers = false, extraArgs = [] } = {}) {
  const [rpcPort, p2pPort, prometheusPort] = [await freePort(), await freePort(), await freePort()];
  const args = ["--dev", "--tmp", "--rpc-port", String(rpcPort), "--port", String(p2pPort), "--prometheus-port", String(prometheusPort), "--no-telemetry", "--no-mdns", ...extraArgs];
  if (!workers) args.push("--offchain-worker", "never");
  const httpUrl = `http://127.0.0.1:${rpcPort}`;
  const { stop, log } = await startProcess({
    name: "genex-node",
    command: NODE_BINARY,
    args,
    what: "did not finalize block 1",
    timeoutMs: 180_000,
    pollMs: 500,
    ready: async () => {
      const header = await rpc(httpUrl, "chain_getHeader", [await rpc(httpUrl, "chain_getFinalizedHead")]);
      return parseInt(header.number, 16) >= 1 ? true : undefined;
    },
  });
  return { url: `ws://127.0.0.1:${rpcPort}`, httpUrl, rpc: (method, params) => rpc(httpUrl, method, params), stop, log };
}

/** The repository's OFAC test lists (`shared/testdata/ofac`, beside the repository). */
export const OFAC_LISTS = join(repoRoot, "..", "shared", "testdata", "ofac");

/**
 * Starts `genex-gateway-sim --listen 127.0.0.1:0 --lists <lists> [args]` as the Rust e2e tests
 * do: the OS picks the port and the simulator's first stdout line (`genex-gateway-sim listening
 * on http://…`) gives its URL. The banks' ledgers go to a fresh temporary `--data-dir` unless
 * `args` names one (the lists directory may be read-only). Returns `{ url, bank(name), stop }`.
 */
export async function startGatewaySim(args = [], { lists = OFAC_LISTS } = {}) {
  const extra = args.includes("--data-dir") ? [] : ["--data-dir", mkdtempSync(join(tmpdir(), "genex-sim-"))];
  const child = spawn(GATEWAY_SIM_BINARY, ["--listen", "127.0.0.1:0", "--lists", lists, ...extra, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const stop = () => (children.delete(child), child.kill("SIGKILL"));
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-3000)));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const fail = (why) => {
      clearTimeout(timer);
      stop();
      reject(new Error(`genex-gateway-sim ${why}:\n${out}${stderr}`));
    };
    const timer = setTimeout(() => fail("printed no address within 30 s"), 30_000);
    child.once("error", (error) => fail(`could not start (${error.message})`));
    child.once("exit", (code) => fail(`exited (${code})`));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const end = out.indexOf("\n");
      if (end < 0) return;
      const line = out.slice(0, end).trim();
      const prefix = "genex-gateway-sim listening on ";
      if (!line.startsWith(prefix)) return fail(`printed an unexpected first line: ${line}`);
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.removeAllListeners("error");
      child.stdout.resume();
      resolve(line.slice(prefix.length));
    });
  });
  return { url, bank: (name) => `${url}/banks/${name}`, stop };
}
