#!/usr/bin/env bash
# Regenerates client/metadata/genex.scale, the runtime metadata genex-client's typed API is
# generated from. Run after any runtime change; client/tests/metadata.rs fails until you do.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GENEX_ROOT"
cargo run --release --locked -p genex-runtime --example export_metadata -- client/metadata/genex.scale
