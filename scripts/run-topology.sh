#!/usr/bin/env bash
# Shopstream's distributed topology (docker-compose.yml) as separate local processes on real
# services, behind the same nginx gateway config: two write APIs, one read API, projections, the
# relay and two process managers. README.md, "Run the distributed topology locally", documents
# every setting below.
#
#   scripts/run-topology.sh            starts it and stays in the foreground; Ctrl-C stops it
#   scripts/run-topology.sh stop DIR   stops the one whose run directory is DIR
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The helpers are TypeScript, shared with the tests; transpiling them alone takes well under 1 s.
ts_node=(env TS_NODE_TRANSPILE_ONLY=true node --require "$root/node_modules/ts-node/register")

fail() {
  printf 'run-topology: %s\n' "$*" >&2
  exit 1
}

# A setting that must be a whole number in a range, or the one line naming it.
whole_number() {
  local variable=$1 value=$2 min=$3 max=$4
  if ! [[ $value =~ ^[0-9]{1,6}$ ]] || ((10#$value < min || 10#$value > max)); then
    fail "$variable must be a whole number from $min to $max, got \"$value\""
  fi
}

stop_running() {
  local dir=${1:-} pid
  [[ -n $dir ]] || fail 'usage: scripts/run-topology.sh stop <run directory>'
  [[ -f $dir/topology.pid ]] || fail "$dir/topology.pid is missing: no topology runs from $dir"
  pid=$(<"$dir/topology.pid")
  # The pid file outlives a SIGKILLed script; never signal whatever reused its pid.
  if ! grep -q run-topology "/proc/$pid/cmdline" 2>/dev/null; then
    rm -f "$dir/topology.pid"
    echo "run-topology: nothing runs from $dir"
    return
  fi
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  echo "run-topology: stopped $dir"
}

if [[ ${1:-} == stop ]]; then
  stop_running "${2:-}"
  exit 0
fi
[[ $# -eq 0 ]] || fail "unknown argument \"$1\" (usage: scripts/run-topology.sh [stop <run directory>])"

# --- configuration: every problem is one line naming its variable --------------------------------

for variable in DATABASE_URL KAFKA_BROKERS REDIS_URL SMTP_URL; do
  [[ -n ${!variable:-} ]] || fail "$variable is not set: the topology runs on real services (README.md, \"Run the distributed topology locally\")"
done
rate=${TOPOLOGY_GATEWAY_RATE:-20}
burst=${TOPOLOGY_GATEWAY_BURST:-40}
ready_timeout=${TOPOLOGY_READY_TIMEOUT:-180}
whole_number TOPOLOGY_GATEWAY_RATE "$rate" 1 1000000
whole_number TOPOLOGY_GATEWAY_BURST "$burst" 0 1000000
whole_number TOPOLOGY_READY_TIMEOUT "$ready_timeout" 1 3600
if [[ -n ${TOPOLOGY_BASE_PORT:-} ]]; then
  whole_number TOPOLOGY_BASE_PORT "$TOPOLOGY_BASE_PORT" 1 65528
fi
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[[ -x $nginx ]] || fail "NGINX: no nginx at \"$nginx\" (apt-get install nginx-light, or set NGINX to its path)"
command -v curl >/dev/null || fail 'curl is not installed (apt-get install curl): it checks /health/ready'

if [[ -n ${TOPOLOGY_RUN_DIR:-} ]]; then
  mkdir -p "$TOPOLOGY_RUN_DIR" || fail "TOPOLOGY_RUN_DIR: cannot create \"$TOPOLOGY_RUN_DIR\""
  run_dir=$(cd "$TOPOLOGY_RUN_DIR" && pwd)
else
  run_dir=$(mktemp -d "${TMPDIR:-/tmp}/shopstream-topology.XXXXXX")
fi

# --- build: dist/ as npm start uses it, rebuilt only when a source is newer than the last build ---

if [[ -n ${TOPOLOGY_BUILD_DIR:-} ]]; then
  # Absolute, since node resolves a bare relative path in require() as a package name.
  build=$(cd "$TOPOLOGY_BUILD_DIR" 2>/dev/null && pwd) || fail "TOPOLOGY_BUILD_DIR: no folder \"$TOPOLOGY_BUILD_DIR\""
else
  build=$root/dist
  stamp=$build/.topology-build
  sources=(cli domain platform process-managers projections read-api relay write-side
    tsconfig.json tsconfig.build.json package.json)
  if [[ ! -f $stamp || -n $(cd "$root" && find "${sources[@]}" -newer "$stamp" -print -quit) ]]; then
    echo 'run-topology: building (tsc -p tsconfig.build.json)'
    mkdir -p "$build"
    # Stamped with the time the build started, so an edit made during it still counts as newer.
    touch "$stamp.next"
    (cd "$root" && node node_modules/typescript/bin/tsc -p tsconfig.build.json) || fail 'the build failed (npm run build shows why)'
    mv "$stamp.next" "$stamp"
  fi
fi
[[ -f $build/cli/main.js ]] || fail "TOPOLOGY_BUILD_DIR: \"$build\" holds no cli/main.js"
shopstream=(node -e 'require(process.argv[1]).run(process.argv)' "$build/cli/main.js")

# --- ports: TOPOLOGY_BASE_PORT and the seven after it, or eight free ones -------------------------

if [[ -n ${TOPOLOGY_BASE_PORT:-} ]]; then
  mapfile -t ports < <(seq "$TOPOLOGY_BASE_PORT" $((TOPOLOGY_BASE_PORT + 7)))
else
  mapfile -t ports < <("${ts_node[@]}" "$root/scripts/topology/free-ports.ts" 8)
fi
[[ ${#ports[@]} -eq 8 ]] || fail 'could not choose ports (set TOPOLOGY_BASE_PORT)'
gateway_port=${ports[0]}

# Every process reads the same settings; each instance below overrides only its own port.
export DATA_DIR=${DATA_DIR:-$run_dir/data}
export WRITE_API_PORT=${ports[1]} READ_API_PORT=${ports[3]} PROJECTIONS_PORT=${ports[4]}
export RELAY_PORT=${ports[5]} PROCESS_MANAGERS_PORT=${ports[6]}
# Behind the gateway, a client's address is the one nginx forwards (as in docker-compose.yml).
export TRUST_PROXY=${TRUST_PROXY:-1}
if [[ -z ${JWT_SECRET:-} ]]; then
  # Every API instance must verify the others' tokens, so they share one secret for this run.
  JWT_SECRET=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))')
  export JWT_SECRET
fi

# A process that stops names its problem on its log's last line (a config error is one line).
last_words() {
  local log=$run_dir/$1.log line
  line=$(grep -v '^[[:space:]]*$' "$log" | tail -n 1 || true)
  echo "${line:-its log is empty} (log: $log)"
}

"${shopstream[@]}" migrate >"$run_dir/migrate.log" 2>&1 ||
  fail "shopstream migrate failed: $(last_words migrate)"

# --- processes ------------------------------------------------------------------------------------

names=()
pids=()
listens=()

stop_all() {
  local pid deadline
  rm -f "$run_dir/topology.pid"
  [[ ${#pids[@]} -gt 0 ]] || return 0
  echo 'run-topology: stopping'
  kill -TERM "${pids[@]}" 2>/dev/null || true
  # bash reaps its children as they exit, so `kill -0` fails once each is gone.
  deadline=$((SECONDS + 30))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
  echo 'run-topology: stopped'
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
echo "$$" >"$run_dir/topology.pid"

# start <name> <port> <command...>: one OS process, its output in <run dir>/<name>.log.
start() {
  local name=$1 port=$2
  shift 2
  "$@" >"$run_dir/$name.log" 2>&1 &
  names+=("$name")
  pids+=("$!")
  listens+=("$port")
  echo "$!" >"$run_dir/$name.pid"
}

start write-api-1 "${ports[1]}" env WRITE_API_PORT="${ports[1]}" "${shopstream[@]}" write-api
start write-api-2 "${ports[2]}" env WRITE_API_PORT="${ports[2]}" "${shopstream[@]}" write-api
start read-api "${ports[3]}" "${shopstream[@]}" read-api
start projections "${ports[4]}" "${shopstream[@]}" projections run
start relay "${ports[5]}" "${shopstream[@]}" relay run
start process-managers-1 "${ports[6]}" env PROCESS_MANAGERS_PORT="${ports[6]}" "${shopstream[@]}" process-managers run
start process-managers-2 "${ports[7]}" env PROCESS_MANAGERS_PORT="${ports[7]}" "${shopstream[@]}" process-managers run

gateway_setup=$("${ts_node[@]}" "$root/scripts/topology/gateway-config.ts" "$run_dir/gateway" \
  --port "$gateway_port" --write-api "${ports[1]},${ports[2]}" --read-api "${ports[3]}" \
  --rate "$rate" --burst "$burst" --access-log "$run_dir/gateway-access.log")
mapfile -t nginx_args <<<"$gateway_setup"
start gateway "$gateway_port" "$nginx" "${nginx_args[@]}" -g 'daemon off;'

exited_early() {
  local i
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      fail "${names[$i]} stopped at start: $(last_words "${names[$i]}")"
    fi
  done
}

deadline=$((SECONDS + ready_timeout))
for i in "${!names[@]}"; do
  url=http://127.0.0.1:${listens[$i]}/health/ready
  [[ ${names[$i]} == gateway ]] && url=http://127.0.0.1:$gateway_port/gateway/health
  until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
    exited_early
    ((SECONDS < deadline)) ||
      fail "TOPOLOGY_READY_TIMEOUT: ${names[$i]} did not answer $url within ${ready_timeout}s (log: $run_dir/${names[$i]}.log)"
    sleep 0.5
  done
done

{
  printf 'name\tport\tpid\tlog\n'
  for i in "${!names[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "${names[$i]}" "${listens[$i]}" "${pids[$i]}" "$run_dir/${names[$i]}.log"
  done
} >"$run_dir/processes.tsv"
column -t -s $'\t' "$run_dir/processes.tsv" 2>/dev/null || cat "$run_dir/processes.tsv"
echo "Mail goes to SMTP_URL; the gateway's requests are logged in $run_dir/gateway-access.log."
echo "Stop with Ctrl-C, or: scripts/run-topology.sh stop $run_dir"
echo "run-topology: ready at http://127.0.0.1:$gateway_port (API docs: /docs)"

# Runs until a signal (the traps stop everything) or until one process dies on its own. bash's
# own "Killed" notice for a child goes to /dev/null: the line below says it.
status=0
wait -n -p ended "${pids[@]}" 2>/dev/null || status=$?
for i in "${!pids[@]}"; do
  if [[ ${pids[$i]} == "${ended:-}" ]]; then
    how="status $status"
    ((status > 128)) && how="signal $(kill -l $((status - 128)))"
    fail "${names[$i]} exited ($how), so the rest stop too: $(last_words "${names[$i]}")"
  fi
done
