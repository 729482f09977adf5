#!/usr/bin/env bash
# Sets up the toolchain (first run only), then serves Glossa on http://127.0.0.1:8080
# with live reload. The app opens on its built-in sample articles.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GLOSSA_ROOT/scripts/setup.sh"
cd "$GLOSSA_ROOT"
exec trunk serve --offline --address 127.0.0.1 --port 8080 "$@"
