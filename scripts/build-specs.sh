#!/usr/bin/env bash
# Writes the chain specs into chain-spec/: genex-dev.json, genex-local.json (human-readable,
# genesis from the runtime presets) and genex-local-raw.json (raw genesis storage, what the
# nodes of a network share). They embed this build's runtime, so they are not committed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GENEX_ROOT"
[ -x "$GENEX_NODE" ] || cargo build --release --locked -p genex-node
"$GENEX_NODE" build-spec --chain dev --disable-default-bootnode > chain-spec/genex-dev.json
"$GENEX_NODE" build-spec --chain local --disable-default-bootnode > chain-spec/genex-local.json
"$GENEX_NODE" build-spec --chain local --raw --disable-default-bootnode > chain-spec/genex-local-raw.json
ls -l chain-spec/genex-*.json
