#!/usr/bin/env bash
# Runs every test of Glossa: formatting, lints (native and wasm32), native tests,
# browser tests in headless Chromium, the release build, and end-to-end tests against it.
# Prints a summary and exits non-zero on any failure.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$GLOSSA_ROOT"

"$GLOSSA_ROOT/scripts/setup.sh" || { echo "setup failed" >&2; exit 1; }

logs=target/test-logs
mkdir -p "$logs"
E2E_DIST="$GLOSSA_ROOT/target/e2e-dist"
export E2E_DIST
declare -a summary=()
total_passed=0

# Sums "N passed" from cargo's "test result:" lines of a log.
cargo_passed() { grep -E '^test result:' "$1" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}'; }

step() {
  local name=$1; shift
  local log="$logs/$(echo "$name" | tr ' /' '__').log"
  local t0=$SECONDS
  printf '\n== %s\n' "$name"
  if "$@" 2>&1 | tee "$log"; then
    summary+=("ok    $name ($((SECONDS - t0)) s)")
    return 0
  fi
  summary+=("FAIL  $name ($((SECONDS - t0)) s) — see $log")
  finish 1
}

finish() {
  printf '\n== Summary\n'
  printf '%s\n' "${summary[@]}"
  if [ "$1" = 0 ]; then
    printf 'total: %d passed, 0 failed\n' "$total_passed"
  else
    echo "FAILED"
  fi
  exit "$1"
}

step "cargo fmt" cargo fmt --all -- --check
step "clippy native" cargo clippy --all-targets --locked -- -D warnings
step "clippy wasm32" cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
step "native tests" cargo test --locked
n=$(cargo_passed "$logs/native_tests.log"); total_passed=$((total_passed + n))
summary+=("      native tests passed: $n")

step "consumer checks" tests/consumers/run.sh
n=$(grep -E '^consumers: ' "$logs/consumer_checks.log" | sed -E 's/^consumers: ([0-9]+) passed.*/\1/')
scripts=$(grep -c '^-- ' "$logs/consumer_checks.log")
total_passed=$((total_passed + scripts))
summary+=("      consumer checks passed: $scripts scripts ($n assertions)")

step "browser tests" cargo test --locked --target wasm32-unknown-unknown
n=$(cargo_passed "$logs/browser_tests.log"); total_passed=$((total_passed + n))
summary+=("      browser tests passed: $n")

step "release build" trunk build --release --offline --dist "$E2E_DIST"
wasm=$(ls "$E2E_DIST"/*.wasm | head -n 1)
js=$(ls "$E2E_DIST"/*.js | head -n 1)
raw=$(stat -c %s "$wasm"); gz=$(gzip -9 -c "$wasm" | wc -c)
jsraw=$(stat -c %s "$js"); jsgz=$(gzip -9 -c "$js" | wc -c)
summary+=("      wasm: $((raw / 1024)) KiB raw, $((gz / 1024)) KiB gzip; js: $((jsraw / 1024)) KiB raw, $((jsgz / 1024)) KiB gzip")

step "end-to-end tests" bash -c 'cd tests/e2e && npx playwright test'
n=$(grep -E '^\s+[0-9]+ passed' "$logs/end-to-end_tests.log" | tail -n 1 | sed -E 's/^ *([0-9]+) passed.*/\1/')
total_passed=$((total_passed + ${n:-0}))
summary+=("      end-to-end tests passed: ${n:-0}")

finish 0
