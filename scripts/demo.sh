#!/usr/bin/env bash
# Runs the demo end to end. It installs what is missing, builds, and starts
# the Lucca simulator with a few hundred employees over several months of
# entries. Then it syncs them into a SQLite file, changes and archives
# entries upstream, syncs again, and checks the table against the
# simulator's ground truth.
#
# Output goes to $LUCCA_DEMO_DIR (default demo-output/), which is emptied first.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${LUCCA_BUILD_DIR:-build}
export LUCCA_DEMO_DIR=$(realpath -m "${LUCCA_DEMO_DIR:-demo-output}")

step() { printf '\n== %s\n' "$*"; }

step "Installing dependencies and building"
scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target connector-host lucca-timeentries lucca-simulator

host="$build/bin/connector-host"
rm -rf "$LUCCA_DEMO_DIR"
mkdir -p "$LUCCA_DEMO_DIR"

step "Starting the Lucca simulator"
"$build/bin/lucca-simulator" --seed 2026 --owners 300 --legal-entities 3 --days 80 \
  --port 0 --port-file "$LUCCA_DEMO_DIR/simulator.port" >"$LUCCA_DEMO_DIR/simulator.log" 2>&1 &
simulator=$!
trap 'kill "$simulator" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  [[ -s "$LUCCA_DEMO_DIR/simulator.port" ]] && break
  kill -0 "$simulator" 2>/dev/null || { cat "$LUCCA_DEMO_DIR/simulator.log" >&2; exit 1; }
  sleep 0.1
done
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' \
  "$LUCCA_DEMO_DIR/simulator.port")
export LUCCA_BASE_URL="http://127.0.0.1:$port"
export LUCCA_API_KEY=lucca-simulator-demo-key
echo "simulator at $LUCCA_BASE_URL"

report() {
  python3 scripts/demo_report.py --base-url "$LUCCA_BASE_URL" \
    --database "$LUCCA_DEMO_DIR/lucca.db" --status "$LUCCA_DEMO_DIR/status-$1.json" --label "$1"
}

step "First run: initial load"
"$host" run config/demo.yaml
"$host" status config/demo.yaml --json >"$LUCCA_DEMO_DIR/status-first.json"
report first

step "Changing upstream: 2% of entries modified, 0.5% archived, 40 created"
curl -fsS -X POST "$LUCCA_BASE_URL/_sim/mutate" -H 'Content-Type: application/json' \
  -d '{"changeShare": 0.02, "archiveShare": 0.005, "create": 40, "seed": 7}' >/dev/null

step "Second run: incremental"
"$host" run config/demo.yaml
"$host" status config/demo.yaml --json >"$LUCCA_DEMO_DIR/status-second.json"
report second

step "Done"
echo "table: $LUCCA_DEMO_DIR/lucca.db (sqlite3 $LUCCA_DEMO_DIR/lucca.db 'SELECT count(*) FROM lucca_time_entries')"
