#!/usr/bin/env bash
# What the filter stage costs: Caravan's relay rate and CPU per message with no agents, with the built-in agents,
# and with the built-in agents plus rspamd and ClamAV, at 5 KB and 100 KB (issue 12, "Measured").
#
#   smtp-source  ->  Caravan (jar, mail from the internet to an accepted domain)  ->  smtp-sink
#                         |-- DNS: bench/dns_nxdomain.py (every SPF, DMARC and DNS block list lookup answered at once)
#                         |-- rspamd (normal worker only, no internet modules)   [engines]
#                         '-- clamd (one EICAR signature)                        [engines]
#
# Usage: bench/filter-throughput.sh [--pairs N] [--messages N] [--messages-100k N] [--sessions N] [--variants LIST]
#                                   [--out FILE] [--keep]
#   --variants LIST   comma-separated, from: none,builtin,engines (default all three)
#   --pairs N         runs per variant and size (default 2)
#   --messages N      messages per 5 KB run (default 2000); --messages-100k N per 100 KB run (default 1000)
#   --sessions N      concurrent SMTP sessions (default 20)
# Variants: none = caravan.checks.enabled=false; builtin = SPF, DKIM, DMARC, connection filter (an IP block list and
# a DNS block list), sender filter, recipient filter (a recipients file), content filter (built-in rules), attachment
# filter; engines = builtin plus the content filter asking rspamd and the malware filter asking clamd.
# Environment: CARAVAN_APP (a quarkus-app directory to run instead of target/quarkus-app) and CARAVAN_ROUTES (its
# routes/), to measure an earlier build the same way; WARMUP (messages before measuring, default 3000); PROFILER
# (async-profiler's libasyncProfiler.so: profiles Caravan's CPU during the measured 5 KB runs only, loaded with jcmd
# after the warm-up; PROFILE_OUT, default $WORK/profile.collapsed, gets the collapsed stacks, one file per variant
# with the variant appended; bench/profile_components.py turns them into CPU per message by component; PROFILE_OPTS
# replaces the default "event=cpu,interval=1ms,threads", e.g. "event=jakarta.mail.Session.<init>" counts calls).
# Per run: accepted msgs/s (wall time of smtp-source), delivered msgs/s (until the sink counted them all), CPU ms per
# message of Caravan and, separately, of rspamd + clamd. Everything on 127.0.0.1. Never run by .ci/run. Needs root
# (smtp-sink -u nobody, rspamd's workers as _rspamd) and Debian's postfix (for smtp-source/smtp-sink), rspamd,
# clamav-daemon and python3-dnspython.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$REPO/bench
APP=${CARAVAN_APP:-$REPO/target/quarkus-app}   # CARAVAN_APP: another build's quarkus-app (e.g. the commit before a change)
JAR=$APP/quarkus-run.jar
ORIG_ARGS=("$@")
PAIRS=2; MESSAGES=2000; MESSAGES_100K=1000; SESSIONS=20; VARIANTS=none,builtin,engines; OUT=; KEEP=0
WARMUP=${WARMUP:-3000}
while [ $# -gt 0 ]; do
  case $1 in
    --pairs) PAIRS=$2; shift ;;
    --messages) MESSAGES=$2; shift ;;
    --messages-100k) MESSAGES_100K=$2; shift ;;
    --sessions) SESSIONS=$2; shift ;;
    --variants) VARIANTS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
positive_numbers "$PAIRS" "$MESSAGES" "$MESSAGES_100K" "$SESSIONS"

[ "$(id -u)" = 0 ] || die "run as root: smtp-sink -u nobody and rspamd's workers need it"
if ! command -v smtp-source >/dev/null || ! command -v smtp-sink >/dev/null; then
  command -v apt-get >/dev/null || die "smtp-source and smtp-sink are needed: install Postfix"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >&2
fi
for c in smtp-source smtp-sink java rspamd /usr/sbin/clamd /usr/bin/python3; do command -v $c >/dev/null || die "$c not found"; done
/usr/bin/python3 -c 'import dns.message' || die "python3-dnspython is needed (.ci/test-deps installs it)"
[ -f "$JAR" ] || die "$JAR is missing: build it first with (cd $REPO && mvn -q -DskipTests package)"

WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/caravan-filters.XXXXXX")
chmod 755 "$WORK"
SINK_PID=; DNS_PID=; CARAVAN_PID=; RSPAMD_PID=; CLAMD_PID=
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_pid "$CARAVAN_PID" 30; stop_pid "$RSPAMD_PID" 15; stop_pid "$CLAMD_PID" 10; stop_pid "$DNS_PID" 5; stop_pid "$SINK_PID" 5
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mapfile -t PORTS < <(python3 "$BENCH/compare_tool.py" ports 7)
SINK_PORT=${PORTS[0]} CARAVAN_PORT=${PORTS[1]} CLIENT_PORT=${PORTS[2]} DNS_PORT=${PORTS[3]} RSPAMD_PORT=${PORTS[4]} CLAMD_PORT=${PORTS[5]}
RSPAMD_DNS_PORT=${PORTS[6]}

SINK_OUT=$WORK/sink.out
smtp-sink -c -u nobody 127.0.0.1:$SINK_PORT 1000 > "$SINK_OUT" 2>&1 &
SINK_PID=$!
wait_port $SINK_PORT 10 $SINK_PID || die "smtp-sink did not start"
/usr/bin/python3 "$BENCH/dns_nxdomain.py" $DNS_PORT > "$WORK/dns.out" 2>&1 &
DNS_PID=$!

# ----------------------------------------------------------------------------------------- the engines
start_rspamd() {  # the same configuration as the tests' RspamdProcess: normal worker only, no internet modules
  local d=$WORK/rspamd
  mkdir -p "$d/local.d" "$d/override.d" "$d/db" "$d/run" "$d/log"
  echo "bind_socket = \"127.0.0.1:$RSPAMD_PORT\"; count = 1;" > "$d/override.d/worker-normal.inc"
  echo 'enabled = false;' > "$d/override.d/worker-controller.inc"
  echo 'enabled = false;' > "$d/override.d/worker-proxy.inc"
  printf 'type = "console";\nlevel = "warning";\n' > "$d/override.d/logging.inc"
  echo "dns { nameserver = [\"127.0.0.1:$RSPAMD_DNS_PORT\"]; timeout = 0.2s; retransmits = 1; }" > "$d/local.d/options.inc"
  for m in fuzzy_check rbl asn rspamd_update url_redirector; do echo 'enabled = false;' > "$d/local.d/$m.conf"; done
  chown -R _rspamd:_rspamd "$d"
  rspamd -f -c /etc/rspamd/rspamd.conf -u _rspamd -g _rspamd --var=LOCAL_CONFDIR="$d" --var=DBDIR="$d/db" \
    --var=RUNDIR="$d/run" --var=LOGDIR="$d/log" > "$d/output.log" 2>&1 &
  RSPAMD_PID=$!
  local deadline=$(( $(date +%s) + 180 ))
  until curl -sf "http://127.0.0.1:$RSPAMD_PORT/ping" 2>/dev/null | grep -q pong; do
    kill -0 $RSPAMD_PID 2>/dev/null || { cat "$d/output.log" >&2; die "rspamd exited"; }
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$d/output.log" >&2; die "rspamd did not answer /ping"; }
    sleep 0.5
  done
}

start_clamd() {
  local d=$WORK/clamd
  mkdir -p "$d/db"
  echo '44d88612fea8a8f36de82e1278abb02f:68:Eicar-Signature' > "$d/db/test.hdb"
  cat > "$d/clamd.conf" <<CONF
Foreground yes
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
DatabaseDirectory $d/db
StreamMaxLength 100M
User root
LogFile $d/clamd.log
CONF
  /usr/sbin/clamd -c "$d/clamd.conf" > "$d/output.log" 2>&1 &
  CLAMD_PID=$!
  wait_port $CLAMD_PORT 60 $CLAMD_PID || { cat "$d/output.log" "$d/clamd.log" >&2; die "clamd did not start"; }
}

# ------------------------------------------------------------------------------------------- Caravan
CV=$WORK/caravan
mkdir -p "$CV"
cp -r "$APP" "$CV/app"
cp -r "${CARAVAN_ROUTES:-$REPO/routes}" "$CV/routes"
echo "rcpt@bench.test" > "$CV/recipients"
COMMON=(
  -Dcaravan.routes-dir="$CV/routes" -Dcaravan.hostname=bench-caravan.test
  -Dcaravan.accepted-domains=bench.test
  -Dcaravan.receive-connectors.default.bind=127.0.0.1 -Dcaravan.receive-connectors.default.port=$CARAVAN_PORT
  -Dcaravan.receive-connectors.client.bind=127.0.0.1 -Dcaravan.receive-connectors.client.port=$CLIENT_PORT
  -Dcaravan.send-connectors.internal.address-spaces=bench.test
  -Dcaravan.send-connectors.internal.smarthosts=127.0.0.1:$SINK_PORT
  -Dcaravan.dns.servers=127.0.0.1:$DNS_PORT -Dcaravan.dns.timeout=1s
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0
)
BUILTIN=(
  -Dcaravan.checks.connection-filter.block=192.0.2.0/24
  '-Dcaravan.checks.connection-filter.dns-block-lists[0].zone=zen.bench.test'
  -Dcaravan.checks.sender-filter.blocked-domains=spam.bench.test
  -Dcaravan.checks.recipient-filter.recipients-file="$CV/recipients"
  '-Dcaravan.checks.content-filter.blocked-phrases=viagra'
)
ENGINES=(
  -Dcaravan.checks.content-filter.rspamd.url=http://127.0.0.1:$RSPAMD_PORT
  -Dcaravan.checks.malware-filter.clamd.address=127.0.0.1:$CLAMD_PORT
)

start_caravan() {  # variant
  local opts=("${COMMON[@]}" -Dcaravan.data-dir="$CV/data-$1")
  case $1 in
    none) opts+=(-Dcaravan.checks.enabled=false) ;;
    builtin) opts+=("${BUILTIN[@]}") ;;
    engines) opts+=("${BUILTIN[@]}" "${ENGINES[@]}") ;;
    *) die "unknown variant $1" ;;
  esac
  # shellcheck disable=SC2086
  (cd "$CV" && exec java ${JAVA_OPTS:-} "${opts[@]}" -jar "$CV/app/quarkus-run.jar") > "$CV/caravan-$1.log" 2>&1 &
  CARAVAN_PID=$!
  wait_port $CARAVAN_PORT 120 $CARAVAN_PID || { tail -40 "$CV/caravan-$1.log" >&2; die "Caravan ($1) did not start"; }
}

wait_count() {  # target, seconds
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(sink_count)" -lt "$1" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

profile() {  # async-profiler command: only with PROFILER set
  [ -n "${PROFILER:-}" ] || return 0
  # the inner quotes keep jcmd from splitting the agent's options at "="
  jcmd "$CARAVAN_PID" JVMTI.agent_load "$PROFILER" "\"$1\"" > "$WORK/profiler.out" 2>&1 && grep -q 'return code: 0' "$WORK/profiler.out" \
    || { cat "$WORK/profiler.out" >&2; die "async-profiler: $1 failed"; }
}

RESULTS=$WORK/results.tsv
: > "$RESULTS"
run() {  # variant size messages pair [skip]
  local variant=$1 size=$2 messages=$3 pair=$4 record=${5:-record} base t0 t1 t2 cpu0 cpu1 eng0=0 eng1=0 rc=0
  base=$(sink_count)
  cpu0=$(python3 "$BENCH/compare_tool.py" cpu "$CARAVAN_PID")
  [ -z "$RSPAMD_PID" ] || eng0=$(python3 "$BENCH/compare_tool.py" cpu "$RSPAMD_PID,$CLAMD_PID")
  t0=$(now)
  timeout 900 smtp-source -s "$SESSIONS" -m "$messages" -l "$size" -f sender@example.org -t rcpt@bench.test \
    127.0.0.1:$CARAVAN_PORT > "$WORK/gen.out" 2>&1 || rc=$?
  t1=$(now)
  [ $rc = 0 ] || log "  smtp-source exit $rc: $(tail -c 300 "$WORK/gen.out")"
  wait_count $((base + messages)) 600 || log "  only $(( $(sink_count) - base )) of $messages delivered"
  t2=$(now)
  cpu1=$(python3 "$BENCH/compare_tool.py" cpu "$CARAVAN_PID")
  [ -z "$RSPAMD_PID" ] || eng1=$(python3 "$BENCH/compare_tool.py" cpu "$RSPAMD_PID,$CLAMD_PID")
  local delivered=$(( $(sink_count) - base ))
  local line
  line=$(awk -v v="$variant" -v s="$size" -v m="$messages" -v p="$pair" -v a="$t0" -v b="$t1" -v c="$t2" -v c0="$cpu0" -v c1="$cpu1" \
    -v e0="$eng0" -v e1="$eng1" -v d="$delivered" -v rc="$rc" 'BEGIN {
      printf "%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%.2f\t%.2f\t%s", v, s, p, m, d, m / (b - a), d / (c - a), 1000 * (c1 - c0) / m, 1000 * (e1 - e0) / m, rc }')
  [ "$record" = skip ] || echo "$line" >> "$RESULTS"
  log "  $line"
}

IFS=, read -r -a VARIANT_LIST <<< "$VARIANTS"
for v in "${VARIANT_LIST[@]}"; do
  if [ "$v" = engines ] && [ -z "$RSPAMD_PID" ]; then
    log "starting rspamd and clamd"
    start_rspamd
    start_clamd
  fi
  log "variant $v: starting Caravan"
  start_caravan "$v"
  run "$v" 5120 "$WARMUP" 0 skip
  run "$v" 102400 $((WARMUP / 5)) 0 skip
  for pair in $(seq 1 "$PAIRS"); do
    profile "$([ "$pair" = 1 ] && echo start || echo resume),${PROFILE_OPTS:-event=cpu,interval=1ms,threads}"
    run "$v" 5120 "$MESSAGES" "$pair"
    profile "stop,file=${PROFILE_OUT:-$WORK/profile.collapsed}.$v,collapsed"
    run "$v" 102400 "$MESSAGES_100K" "$pair"
  done
  grep -c '"event":"INSPECTED"' "$CV/data-$v/tracking.log" > "$WORK/inspected-$v" 2>/dev/null || echo 0 > "$WORK/inspected-$v"
  stop_pid "$CARAVAN_PID" 30; CARAVAN_PID=
done

{
  echo "## Filter stage cost: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- command: \`bench/filter-throughput.sh ${ORIG_ARGS[*]}\`"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- java: $(java -version 2>&1 | head -1); caravan HEAD $(git -C "$REPO" rev-parse --short HEAD); $SESSIONS sessions, one message per connection"
  for v in "${VARIANT_LIST[@]}"; do echo "- $v: $(cat "$WORK/inspected-$v") INSPECTED tracking lines"; done
  echo
  echo "| variant | size | run | messages | delivered | accepted msgs/s | delivered msgs/s | Caravan CPU ms/msg | rspamd+clamd CPU ms/msg |"
  echo "|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, ($2 == 5120 ? "5 KB" : "100 KB"), $3, $4, $5, $6, $7, $8, ($9 == "0.00" ? "-" : $9) }' "$RESULTS"
} > "$WORK/report.md"
cat "$WORK/report.md"
[ -z "$OUT" ] || cat "$WORK/report.md" >> "$OUT"
