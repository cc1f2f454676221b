#!/usr/bin/env bash
# The unit tests and a CLI smoke test on Node 24, which our users run (Node 20 left support in April
# 2026; package.json's engines stays at the oldest version that passes). The npm package node@24 ships
# the binary: it goes into the per-user cache, never into the project. Run after `npm test` (which builds).
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/regshift/node24"
node24="$cache/node_modules/node/bin/node"
if [[ ! -x "$node24" ]]; then
  echo "scripts/test-node24.sh: installing node@24 into $cache" >&2
  mkdir -p "$cache"
  npm install --no-audit --no-fund --no-save --prefix "$cache" node@24 >&2
fi
echo "scripts/test-node24.sh: $("$node24" --version)" >&2
"$node24" node_modules/vitest/vitest.mjs run --project unit
out="$("$node24" bin/regshift.js scan examples/ -o json)" || [[ $? -eq 1 ]]
"$node24" -e 'const r = JSON.parse(process.argv[1]); if (!(r.findings.length > 0)) process.exit(1)' "$out"
echo "scripts/test-node24.sh: unit tests and the CLI pass on $("$node24" --version)" >&2
