# Sourced by the other scripts: paths and settings shared by setup, serve, test and bench.
# shellcheck shell=bash
GLOSSA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GLOSSA_ROOT
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$GLOSSA_ROOT/tools/node_modules/.bin:$PATH"
# Trunk must never download wasm-bindgen or wasm-opt, nor check for updates.
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Playwright uses the system Chromium; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export TRUNK_VERSION=0.21.14
export BINARYEN_VERSION=132
export SPACY_VERSION=3.8.18
