// Bundles the built SDK (dist/index.js, from `npx tsc -p .`) into one ES module for browsers:
// examples/exchange/sdk.js, which the example page imports. Prints its size raw and gzipped.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "examples", "exchange", "sdk.js");

// `GenexClient.connect` imports `ws` only where `globalThis.WebSocket` is missing (Node 20).
// Browsers always have one, so `ws` resolves to an empty stub: the bundle carries no Node code
// and no bare `import "ws"` a browser could not resolve.
const stubWs = {
  name: "stub-ws",
  setup(b) {
    b.onResolve({ filter: /^ws$/ }, () => ({ path: "ws", namespace: "stub-ws" }));
    b.onLoad({ filter: /.*/, namespace: "stub-ws" }, () => ({
      contents: "export const WebSocket = globalThis.WebSocket; export default WebSocket;",
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [join(root, "dist", "index.js")],
  outfile,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  // The SDK's errors take their `name` from their class (`new.target.name`): keep class names
  // through minification so that `error.name` still says `DispatchError`, `RefusedError`…
  keepNames: true,
  legalComments: "none",
  plugins: [stubWs],
  logLevel: "warning",
});

const bytes = readFileSync(outfile);
console.log(`bundle ${relative(root, outfile)}: ${bytes.length} bytes, ${gzipSync(bytes).length} gzip`);
