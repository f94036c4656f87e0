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

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
if ! npx cdk synth --quiet -o "$workdir/cdk.out" >"$workdir/synth.log" 2>&1; then
  cat "$workdir/synth.log" >&2
  exit 1
fi
# Leave out the individual alarms, because dozens of boxes would crowd out the tiers. The
# dashboard, the alarm topic and the composite alarm still represent the observability tier.
node -e '
const fs = require("fs");
const file = process.argv[1];
const tree = JSON.parse(fs.readFileSync(file, "utf8"));
const prune = (node) => {
  for (const [id, child] of Object.entries(node.children ?? {})) {
    if (/\/Observability\/(Alarms|BurnRateAlarms)$/.test(child.path ?? "")) {
      delete node.children[id];
    } else {
      prune(child);
    }
  }
};
prune(tree.tree);
fs.writeFileSync(file, JSON.stringify(tree));
' "$workdir/cdk.out/tree.json"

# cdk-dia writes the Graphviz source beside its picture. Rendering that source again at a lower
# resolution keeps the picture readable at a fraction of the size.
npx cdk-dia --tree "$workdir/cdk.out/tree.json" --target "$workdir/architecture.png" >/dev/null
mkdir -p "$(dirname "$target")"
dot -Gdpi=48 -Tpng "$workdir/architecture.dot" -o "$target" 2>"$workdir/dot.log"
echo "wrote $target"
