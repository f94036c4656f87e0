#!/usr/bin/env bash
# Regenerates the architecture picture from the synthesized default app (dev profile) with
# cdk-dia, which renders through Graphviz's `dot` (Debian package graphviz).
#
# Usage: scripts/architecture.sh [TARGET_PNG]   (default: docs/architecture.png)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-docs/architecture.png}"

if ! command -v dot >/dev/null 2>&1; then
  echo "error: Graphviz 'dot' not found; install it with: apt-get install graphviz" >&2
  exit 1
fi

outdir="$(mktemp -d)"
trap 'rm -rf "$outdir"' EXIT
npx cdk synth --quiet -o "$outdir" >/dev/null
npx cdk-dia --tree "$outdir/tree.json" --target "$target" >/dev/null
echo "wrote $target"
