#!/usr/bin/env bash
# Rebuild docs/report-screenshot.png: the HTML report for seeds/, drawn by headless Chromium.
#   scripts/screenshot_report.sh                    # ingest seeds/ into a temporary data dir first
#   DATA_DIR=/tmp/rep-data scripts/screenshot_report.sh   # or use an existing warehouse
# VENV (default .venv) holds newsflow; needs the Debian package chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
OUT=$(realpath -m "${OUT:-docs/report-screenshot.png}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

data=${DATA_DIR:-$tmp/data}
if [ ! -f "$data/warehouse.duckdb" ]; then
    "$VENV/bin/newsflow" run seeds --data-dir "$data"
fi
"$VENV/bin/newsflow" report --data-dir "$data" --out "$tmp/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars \
    --virtual-time-budget=10000 --window-size=1280,2000 --screenshot="$OUT" "file://$tmp/report.html" 2>/dev/null
echo "wrote $OUT ($(du -k "$OUT" | cut -f1) KB)"
