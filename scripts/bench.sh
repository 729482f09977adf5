#!/usr/bin/env bash
# Browser benchmark: builds the release app into target/bench-dist, then measures it in
# headless Chromium against a plain-text baseline (scripts/bench.mjs) and prints a
# markdown table. Env: REPS (5), SIZES (s30k,s300k,s1500k), OPS (20), CHROMIUM.
# Keep the latest full run in docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GLOSSA_ROOT"

# The README's set-up (toolchain, Chromium, Playwright), if something is missing.
if ! command -v trunk >/dev/null || ! command -v wasm-opt >/dev/null \
  || [ ! -x "$CHROMIUM" ] || [ ! -d tests/e2e/node_modules/playwright-core ]; then
  scripts/setup.sh >&2
fi
trunk build --release --offline --dist target/bench-dist >&2
node scripts/bench.mjs target/bench-dist
