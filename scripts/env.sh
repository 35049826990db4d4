# Shared settings for the scripts; source it, don't run it.
# One cargo target directory outside the checkout, shared by every checkout and CI on this
# machine, so that builds after the first are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/genex-target}"
GENEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GENEX_ROOT
GENEX_NODE="$CARGO_TARGET_DIR/release/genex-node"
export GENEX_NODE
