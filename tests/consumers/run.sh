#!/usr/bin/env bash
# Consumer checks: every export of the fixture corpus is read by a real consumer
# (spaCy for JSONL; Python slicing by code points for the others). Each check_*.py
# prints "N passed, 0 failed" and exits non-zero on a failure.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
cd "$GLOSSA_ROOT"
out="$GLOSSA_ROOT/target/consumer-exports"
rm -rf "$out"
cargo run --quiet --locked --example export_fixture -- "$out"
py="$GLOSSA_ROOT/tools/venv/bin/python"
passed=0
for check in tests/consumers/check_*.py; do
  echo "-- $check"
  result=$("$py" "$check" "$out")
  echo "$result"
  n=$(echo "$result" | sed -nE 's/^([0-9]+) passed, 0 failed$/\1/p' | tail -n 1)
  passed=$((passed + ${n:-0}))
done
echo "consumers: $passed passed, 0 failed"
