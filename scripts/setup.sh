#!/usr/bin/env bash
# Installs what Glossa's build and tests need, skipping what is already present at the
# right version. Safe to run again: a second run only checks versions (seconds).
# Everything comes from the package registries; no browser or binary is downloaded
# from anywhere else.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GLOSSA_ROOT"

say() { printf '[setup] %s\n' "$*"; }

# 1. The wasm32 target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32 target: present"
else
  say "installing the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Trunk, pinned (0.22 needs a newer rustc than this toolchain).
if trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen CLI (and its test runner) at exactly the version of Cargo.lock.
wb_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "[setup] error: no wasm-bindgen entry in Cargo.lock" >&2
  exit 1
fi
if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version" \
  && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $wb_version: present"
else
  say "installing wasm-bindgen-cli $wb_version (about 4 minutes)"
  # No --locked: the registry lacks a crate its own lockfile pins.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# 4. wasm-opt from the npm binaryen package (Debian's wasm-opt 108 breaks the app).
if wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "wasm-opt $BINARYEN_VERSION: present"
else
  say "installing wasm-opt $BINARYEN_VERSION into tools/"
  mkdir -p tools
  npm install --prefix tools --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# 5. Chromium and its WebDriver, from Debian.
if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
  say "chromium and chromedriver: present"
elif [ "$(id -u)" = 0 ]; then
  say "installing chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "[setup] error: Chromium is missing. Run as root, or install the Debian packages" >&2
  echo "        'chromium' and 'chromium-driver' (sudo apt-get install chromium chromium-driver)." >&2
  exit 1
fi

# 6. The end-to-end tests' npm packages (Playwright without its browser download).
stamp=tests/e2e/node_modules/.glossa-lock-stamp
if [ -f "$stamp" ] && cmp -s "$stamp" tests/e2e/package-lock.json; then
  say "end-to-end test packages: present"
else
  say "installing the end-to-end test packages"
  (cd tests/e2e && npm ci --no-audit --no-fund >/dev/null)
  cp tests/e2e/package-lock.json "$stamp"
fi
# 7. A Python venv with spaCy for the consumer checks of the exports.
if tools/venv/bin/python -c "import spacy, sys; sys.exit(spacy.__version__ != '$SPACY_VERSION')" 2>/dev/null; then
  say "spaCy $SPACY_VERSION (consumer checks): present"
else
  say "installing spaCy $SPACY_VERSION into tools/venv (about a minute)"
  python3 -m venv tools/venv
  tools/venv/bin/pip install --quiet --disable-pip-version-check "spacy==$SPACY_VERSION"
fi
say "done"
