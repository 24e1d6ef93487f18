#!/usr/bin/env bash
# Caravan's memory: many idle SMTP sessions, and one large message streamed through.
#
# Usage: bench/memory-check.sh [--app DIR] [--sessions N] [--batch N] [--heap SIZE] [--size-mb N]
#                              [--small-heap SIZE] [--checks LIST] [--out FILE] [--keep]
#   --app DIR          the built application (DIR/quarkus-run.jar; default target/quarkus-app); copied before use
#   --sessions N       concurrent idle sessions in check 1 (default 10000)
#   --batch N          sessions opened at once; a batch is finished before the next starts (default 250)
#   --heap SIZE        -Xmx of Caravan's JVM (default 512m)
#   --size-mb N        size of the message in check 2, in MiB (default 50)
#   --small-heap SIZE  check 2 is run a second time with this -Xmx (default 128m; "none" skips that run)
#   --checks LIST      comma-separated, from: idle,large (default idle,large)
#   --out FILE         also append the report (markdown) to FILE
#   --keep             keep the temporary directory (Caravan's data, logs, GC logs) for inspection
# Environment: JAVA_OPTS (passed to Caravan's JVM after -Xmx, so an -Xmx in it wins; the report shows the heap the
# JVM really got), BENCH_TMPDIR (where the temporary directory goes, default /tmp).
#
# 1. idle: Caravan with the default connector on a loopback port, max-connections and max-connections-per-ip above
#    N, idle-timeout 10m. bench/memory_tool.py opens N sessions (220 banner, EHLO bench.test, the whole 250 reply)
#    and holds them idle. Live heap after a full GC (jcmd GC.run, GC.heap_info) and VmRSS are taken before, while
#    the N are held, and after they are closed; a fresh session is timed (banner, EHLO, NOOP) while they are held.
#    Target: N = 10,000 idle sessions within a 512 MB heap.
# 2. large: Caravan relays one message of --size-mb MiB (headers, base64 lines of 76 characters, CRLF) to a Postfix
#    smtp-sink, max-message-size raised to fit, GC log on (-Xlog:gc). After one small warm-up message, baseline =
#    live heap after a full GC; then the message is streamed from a file and the sink's -c counter is awaited.
#    Peak growth = the largest heap used after a young/mixed/full GC during the transfer (GC log) - baseline; also the
#    largest heap used as sampled every 100 ms by jstat -gc (before GC). Target: at most 16 MB of growth.
#    Repeated with --small-heap: does the message still go through, or does the JVM throw OutOfMemoryError?
#
# Everything listens on and talks to 127.0.0.1 only. Builds nothing. Never run by .ci/run. Needs a JDK (jcmd and
# jstat next to java), python3, ss, and for check 2 smtp-sink (Postfix; installed with apt-get if missing, as root).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$REPO/bench
TOOL=$BENCH/memory_tool.py

ORIG_ARGS=("$@")
APP=$REPO/target/quarkus-app; SESSIONS=10000; BATCH=250; HEAP=512m; SIZE_MB=50; SMALL_HEAP=128m
CHECKS=idle,large; OUT=; KEEP=0
IDLE_TIMEOUT=10m
OPEN_TIMEOUT=900      # seconds the client may take to open all the sessions
DELIVERY_TIMEOUT=600  # seconds for the large message to reach the sink
OOM_GRACE=60          # seconds the client still waits for a reply once Caravan has logged an OutOfMemoryError

while [ $# -gt 0 ]; do
  case $1 in
    --app) APP=$2; shift ;;
    --sessions) SESSIONS=$2; shift ;;
    --batch) BATCH=$2; shift ;;
    --heap) HEAP=$2; shift ;;
    --size-mb) SIZE_MB=$2; shift ;;
    --small-heap) SMALL_HEAP=$2; shift ;;
    --checks) CHECKS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
positive_numbers "$SESSIONS" "$BATCH" "$SIZE_MB"
for h in "$HEAP" "$SMALL_HEAP"; do
  [[ $h =~ ^[0-9]+[kKmMgG]?$ || $h = none ]] || { echo "not a heap size: $h" >&2; exit 2; }
done
DO_IDLE=0; DO_LARGE=0
IFS=, read -r -a CHECK_LIST <<< "$CHECKS"
for c in "${CHECK_LIST[@]}"; do
  case $c in idle) DO_IDLE=1 ;; large) DO_LARGE=1 ;; *) echo "unknown check: $c" >&2; exit 2 ;; esac
done
APP=$(cd "$APP" 2>/dev/null && pwd) || { echo "no such directory: $APP" >&2; exit 2; }

since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
mb() { [ "$1" = - ] && echo - || awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }   # KB -> MB, 1 decimal

# ------------------------------------------------------------------------------------------- prerequisites
[ -f "$APP/quarkus-run.jar" ] || die "$APP/quarkus-run.jar is missing: build it first (mvn -q -DskipTests package) or pass --app"
JAVA=$(command -v java) || die "java not found"
JDK_BIN=$(dirname "$(readlink -f "$JAVA")")
JCMD=$JDK_BIN/jcmd; JSTAT=$JDK_BIN/jstat
[ -x "$JCMD" ] && [ -x "$JSTAT" ] || die "jcmd/jstat not found next to $(readlink -f "$JAVA"): a JDK is needed, not a JRE"
for c in python3 ss awk; do command -v $c >/dev/null || die "$c not found"; done
if [ "$DO_LARGE" = 1 ] && ! command -v smtp-sink >/dev/null; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || die "smtp-sink not found: install Postfix"
  log "installing postfix from Debian (\"No configuration\": the system instance is not configured or started)"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >&2
  command -v smtp-sink >/dev/null || die "smtp-sink still not found"
fi

# Each of Caravan and the client needs a descriptor per session, plus Caravan's jars, journal and sockets.
NEED_FDS=$(( SESSIONS + 4096 ))
if [ "$DO_IDLE" = 1 ] && [ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt $NEED_FDS ]; then
  ulimit -n $NEED_FDS 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"
  [ "$(ulimit -Sn)" = unlimited ] || [ "$(ulimit -Sn)" -ge $(( SESSIONS + 1024 )) ] \
    || die "open files limit $(ulimit -Sn) (hard $(ulimit -Hn)) is too low for $SESSIONS sessions; raise it or lower --sessions"
fi

# --------------------------------------------------------------------------------------- state and cleanup
WORK=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/caravan-memory.XXXXXX")
CARAVAN_PID=; SINK_PID=; HOLD_PID=; JSTAT_PID=; SEND_PID=


cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_pid "$JSTAT_PID" 5
  stop_pid "$SEND_PID" 5
  stop_pid "$HOLD_PID" 10
  stop_pid "$CARAVAN_PID" 30
  stop_pid "$SINK_PID" 5
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM


only_loopback() {  # name pid: fail if it listens on anything but 127.0.0.1
  local bad
  bad=$(ss -Hltnp | grep "pid=$2," | awk '{print $4}' | grep -v -E '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' || true)
  [ -z "$bad" ] || die "$1 listens on $bad, not only on 127.0.0.1"
}

json() {  # file key: one field of a JSON object (nested keys with dots), "-" when missing or null
  python3 -c '
import json, sys
try:
    v = json.load(open(sys.argv[1]))
    for k in sys.argv[2].split("."):
        v = v[k]
except Exception:
    v = None
print("-" if v is None else (json.dumps(v) if isinstance(v, (dict, list)) else v))' "$1" "$2"
}

# ------------------------------------------------------------------------------------------------ ports
mapfile -t PORTS < <(python3 "$TOOL" ports 4)
[ ${#PORTS[@]} = 4 ] || die "could not find free loopback ports"
SMTP_PORT=${PORTS[0]} CLIENT_PORT=${PORTS[1]} SINK_PORT=${PORTS[2]} DNS_PORT=${PORTS[3]}

# ------------------------------------------------------------------------------------------------ Caravan
# A copy of the app and the routes, so that a build or a route edit in the tree cannot change a running check.
cp -r "$APP" "$WORK/app"
cp -r "$REPO/routes" "$WORK/routes"

# start_caravan NAME XMX [-Dkey=value ...]: starts Caravan in $WORK/NAME (data/, caravan.log); sets CARAVAN_PID, RUN
start_caravan() {
  local name=$1 xmx=$2; shift 2
  RUN=$WORK/$name
  mkdir -p "$RUN"
  local opts=(
    -Dcaravan.data-dir="$RUN/data" -Dcaravan.routes-dir="$WORK/routes" -Dcaravan.hostname=bench-caravan.test
    -Dcaravan.receive-connectors.default.bind=127.0.0.1 -Dcaravan.receive-connectors.default.port=$SMTP_PORT
    -Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8
    -Dcaravan.receive-connectors.client.bind=127.0.0.1 -Dcaravan.receive-connectors.client.port=$CLIENT_PORT
    -Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:$SINK_PORT
    # any DNS query (the start-up check of our own DKIM/SPF/DMARC records) goes to a closed loopback port
    -Dcaravan.dns.servers=127.0.0.1:$DNS_PORT -Dcaravan.dns.timeout=1s
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0
    "$@"
  )
  # shellcheck disable=SC2086
  (cd "$RUN" && exec "$JAVA" -Xmx$xmx ${JAVA_OPTS:-} "${opts[@]}" -jar "$WORK/app/quarkus-run.jar") > "$RUN/caravan.log" 2>&1 &
  CARAVAN_PID=$!
  local t0; t0=$(now)
  wait_port $SMTP_PORT 120 $CARAVAN_PID || { tail -30 "$RUN/caravan.log" >&2; die "Caravan ($name) did not start"; }
  only_loopback Caravan $CARAVAN_PID
  LOG_FROM=$(( $(wc -l < "$RUN/caravan.log") + 1 ))   # start-up messages end here
  log "Caravan ($name, pid $CARAVAN_PID, max heap $(max_heap_mb) MB) listens on 127.0.0.1:$SMTP_PORT after $(since "$t0") s"
}

stop_caravan() {  # also cuts the log to what was written between start-up and the stop: $RUN/check.log
  sed -n "${LOG_FROM},\$p" "$RUN/caravan.log" > "$RUN/check.log"
  stop_pid "$CARAVAN_PID" 30; CARAVAN_PID=
}

max_heap_mb() { "$JCMD" "$CARAVAN_PID" VM.flags 2>/dev/null | grep -o 'MaxHeapSize=[0-9]*' | head -1 | awk -F= '{ printf "%d", $2 / 1048576 }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$CARAVAN_PID/status" 2>/dev/null || echo -; }
live_heap() {  # "used_kb committed_kb" after a full GC
  "$JCMD" "$CARAVAN_PID" GC.run >/dev/null 2>&1 || { echo "- -"; return; }
  "$JCMD" "$CARAVAN_PID" GC.heap_info 2>/dev/null | python3 "$TOOL" heap || true
}
established() {  # server-side established connections on the SMTP port
  ss -Htn state established "( sport = :$SMTP_PORT )" 2>/dev/null | wc -l
}
log_summary() {  # log file -> "N ERROR, N WARN, N OutOfMemoryError lines"
  local f=$1 e w o
  e=$(grep -c -E '^[0-9-]+ [0-9:,.]+ ERROR' "$f" || true)
  w=$(grep -c -E '^[0-9-]+ [0-9:,.]+ WARN' "$f" || true)
  o=$(grep -c 'OutOfMemoryError' "$f" || true)
  echo "${e:-0} ERROR, ${w:-0} WARN, ${o:-0} OutOfMemoryError lines"
}
log_excerpt() {  # file: the first distinct ERROR/WARN/OOM lines, to stderr
  grep -E '(ERROR|WARN|OutOfMemoryError|Exception)' "$1" | cut -c1-300 | awk '!seen[substr($0, 25)]++' | head -8 >&2 || true
}

REPORT=$WORK/report.md
: > "$REPORT"

{
  echo "## Caravan memory check: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- command: \`bench/memory-check.sh ${ORIG_ARGS[*]}\`"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -m | awk '/^Mem:/ {print $2}') MB RAM, $(uname -sr); open files limit $(ulimit -Sn)"
  echo "- java: $("$JAVA" -version 2>&1 | head -1); -Xmx as below, JAVA_OPTS: '${JAVA_OPTS:-}'"
  head_time=$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || echo 0)
  jar_time=$(stat -c %Y "$APP/quarkus-run.jar")
  stale=; [ "$jar_time" -ge "$head_time" ] || stale=" (older than the HEAD commit)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (anything else running on the machine shows in the timings, not in the memory figures)"
  echo "- caravan: $APP, built $(date -u -d "@$jar_time" '+%Y-%m-%d %H:%M:%S UTC')$stale; tree at HEAD $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
} >> "$REPORT"

# ================================================================================ 1. idle sessions
idle_check() {
  local limit=$(( SESSIONS + 100 ))
  log "check 1: $SESSIONS idle sessions, -Xmx$HEAP"
  start_caravan idle "$HEAP" \
    -Dcaravan.receive-connectors.default.max-connections=$limit \
    -Dcaravan.receive-connectors.default.max-connections-per-ip=$limit \
    -Dcaravan.receive-connectors.default.idle-timeout=$IDLE_TIMEOUT
  local maxheap; maxheap=$(max_heap_mb)
  # warm-up: a few sessions, so that one-time class loading and JIT are not counted per session
  for _ in 1 2 3 4 5; do python3 "$TOOL" probe --port $SMTP_PORT > /dev/null; done
  sleep 1
  local base_heap base_rss
  base_heap=$(live_heap); base_rss=$(rss_kb)
  log "  baseline: live heap $(mb "${base_heap% *}") MB, RSS $(mb "$base_rss") MB"

  python3 "$TOOL" hold --port $SMTP_PORT --sessions "$SESSIONS" --batch "$BATCH" --status "$RUN/hold.json" \
    > "$RUN/hold.out" 2> "$RUN/hold.err" &
  HOLD_PID=$!
  local t0 deadline; t0=$(now); deadline=$(( $(date +%s) + OPEN_TIMEOUT ))
  until [ -f "$RUN/hold.json" ]; do
    kill -0 $HOLD_PID 2>/dev/null || { cat "$RUN/hold.err" >&2; die "the session client exited early"; }
    kill -0 $CARAVAN_PID 2>/dev/null || { tail -30 "$RUN/caravan.log" >&2; die "Caravan exited while the sessions were opened"; }
    [ "$(date +%s)" -lt $deadline ] || die "the sessions were not open after ${OPEN_TIMEOUT}s"
    sleep 0.5
  done
  local ok; ok=$(json "$RUN/hold.json" ehlo_250)
  log "  $ok of $SESSIONS sessions got their 250 in $(json "$RUN/hold.json" open_seconds) s (failures: $(json "$RUN/hold.json" errors))"
  # let the server settle, then count what it holds
  local est est_deadline=$(( $(date +%s) + 30 ))
  while est=$(established); [ "$est" -lt "$ok" ] && [ "$(date +%s)" -lt $est_deadline ]; do sleep 0.5; done
  sleep 2
  est=$(established)
  local probe="$RUN/probe.json"
  python3 "$TOOL" probe --port $SMTP_PORT > "$probe"
  local held_heap held_rss
  held_heap=$(live_heap); held_rss=$(rss_kb)
  log "  held: $est established on the server; live heap $(mb "${held_heap% *}") MB, RSS $(mb "$held_rss") MB; fresh session: NOOP $(json "$probe" noop_ms) ms, total $(json "$probe" total_ms) ms"
  local alive=yes; kill -0 $CARAVAN_PID 2>/dev/null || alive=no

  # close them all
  local tc; tc=$(now)
  stop_pid "$HOLD_PID" 60; HOLD_PID=
  local close_deadline=$(( $(date +%s) + 120 ))
  while [ "$(established)" -gt 0 ] && [ "$(date +%s)" -lt $close_deadline ]; do sleep 0.2; done
  local close_s left; close_s=$(since "$tc"); left=$(established)
  sleep 2
  local after_heap after_rss
  after_heap=$(live_heap); after_rss=$(rss_kb)
  log "  closed in $close_s s ($left still established); live heap $(mb "${after_heap% *}") MB, RSS $(mb "$after_rss") MB"
  stop_caravan
  local logsum; logsum=$(log_summary "$RUN/check.log")
  log "  Caravan log after start-up: $logsum"; log_excerpt "$RUN/check.log"

  local bu=${base_heap% *} bc=${base_heap#* } hu=${held_heap% *} hc=${held_heap#* } au=${after_heap% *} ac=${after_heap#* }
  local per_heap=- per_rss=- verdict
  if [ "$ok" != - ] && [ "$ok" -gt 0 ] && [ "$hu" != - ] && [ "$bu" != - ]; then
    per_heap=$(awk -v a="$bu" -v b="$hu" -v n="$ok" 'BEGIN { printf "%.1f", (b - a) / n }')
    per_rss=$(awk -v a="$base_rss" -v b="$held_rss" -v n="$ok" 'BEGIN { printf "%.1f", (b - a) / n }')
  fi
  if [ "$ok" = "$SESSIONS" ] && [ "$est" -ge "$SESSIONS" ] && [ "$alive" = yes ] && [ "$hu" != - ] \
     && [ "$(grep -c OutOfMemoryError "$RUN/caravan.log" || true)" = 0 ] && [ "${maxheap:-999999}" -le 512 ]; then
    verdict="met: $SESSIONS sessions held with a ${maxheap} MB max heap, $(mb "$hu") MB live"
  elif [ "${maxheap:-0}" -gt 512 ]; then
    verdict="not judged: the max heap is ${maxheap} MB, above 512 MB"
  else
    verdict="NOT met"
  fi
  {
    echo "### 1. $SESSIONS concurrent idle SMTP sessions (max heap ${maxheap} MB, -Xmx$HEAP)"
    echo
    echo "| state | live heap after full GC | heap committed | RSS |"
    echo "|---|---:|---:|---:|"
    echo "| baseline (after 5 warm-up sessions) | $(mb "$bu") MB | $(mb "$bc") MB | $(mb "$base_rss") MB |"
    echo "| $ok sessions held | $(mb "$hu") MB | $(mb "$hc") MB | $(mb "$held_rss") MB |"
    echo "| after closing them | $(mb "$au") MB | $(mb "$ac") MB | $(mb "$after_rss") MB |"
    echo
    echo "- sessions: $SESSIONS requested, **$ok got the 250 EHLO reply**, $(json "$RUN/hold.json" failed) failed $(json "$RUN/hold.json" errors); $est established on the server side while held"
    echo "- opening: $(json "$RUN/hold.json" open_seconds) s in batches of $BATCH (slowest batch $(json "$RUN/hold.json" slowest_batch_s) s); connect to 250: p50 $(json "$RUN/hold.json" to_250_p50_ms) ms, p99 $(json "$RUN/hold.json" to_250_p99_ms) ms, max $(json "$RUN/hold.json" to_250_max_ms) ms"
    echo "- per session: **$per_heap KB of live heap**, $per_rss KB of RSS"
    echo "- a fresh session while they were held: banner $(json "$probe" banner_ms) ms, EHLO $(json "$probe" ehlo_ms) ms, **NOOP $(json "$probe" noop_ms) ms**, whole session $(json "$probe" total_ms) ms ($( [ "$(json "$probe" ok)" = True ] && echo ok || echo "FAILED: $(json "$probe" error)"))"
    echo "- held $(json "$RUN/hold.out" held_seconds) s; still open at the end: $(json "$RUN/hold.out" still_open_at_end) (ended by the server: $(json "$RUN/hold.out" ended_by_server)); closing all: $close_s s until the server held none ($left left)"
    echo "- Caravan log after start-up: $logsum"
    echo "- target (10,000 idle sessions in at most 512 MB of heap): **$verdict**"
    echo
  } >> "$REPORT"
}

# ================================================================================== 2. large message
SINK_OUT=$WORK/sink.out
wait_count() {  # target seconds pid: until the sink has counted target messages, while pid lives
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(sink_count)" -lt "$1" ]; do
    [ "$(date +%s)" -lt $deadline ] || return 1
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.05
  done
}

start_sink() {
  local user=(); [ "$(id -u)" = 0 ] && user=(-u nobody)
  smtp-sink -c "${user[@]}" 127.0.0.1:$SINK_PORT 100 > "$SINK_OUT" 2>&1 &
  SINK_PID=$!
  wait_port $SINK_PORT 10 $SINK_PID || die "smtp-sink did not start: $(cat "$SINK_OUT")"
  only_loopback smtp-sink $SINK_PID
}

LARGE_ROWS=()
LARGE_NOTES=()
large_run() {  # name xmx
  local name=$1 xmx=$2
  local size=$(( SIZE_MB * 1048576 ))
  local max_size=$(( size + 16 * 1048576 )); [ $max_size -ge 67108864 ] || max_size=67108864
  log "check 2 ($name): one $SIZE_MB MiB message, -Xmx$xmx"
  start_caravan "$name" "$xmx" \
    -Dcaravan.receive-connectors.default.max-message-size=$max_size \
    "-Xlog:gc:file=$WORK/$name/gc.log"
  local maxheap; maxheap=$(max_heap_mb)
  # warm-up: one small message through the whole pipeline, so that the delivery path is loaded before the baseline
  local base0; base0=$(sink_count)
  python3 "$TOOL" send --port $SMTP_PORT --file "$WORK/small.eml" > "$RUN/warmup.json"
  [ "$(json "$RUN/warmup.json" code)" = 250 ] || { cat "$RUN/warmup.json" >&2; tail -20 "$RUN/caravan.log" >&2; die "the warm-up message was refused"; }
  wait_count $(( base0 + 1 )) 120 $CARAVAN_PID || { tail -20 "$RUN/caravan.log" >&2; die "the warm-up message did not reach the sink"; }
  sleep 1
  local base_heap base_rss gc_first
  base_heap=$(live_heap); base_rss=$(rss_kb)
  gc_first=$(( $(wc -l < "$RUN/gc.log") + 1 ))
  log "  baseline: live heap $(mb "${base_heap% *}") MB, RSS $(mb "$base_rss") MB"
  "$JSTAT" -gc "$CARAVAN_PID" 100 > "$RUN/jstat.out" 2>&1 &
  JSTAT_PID=$!
  local base1 t0 accept_s delivered=no deliver_s=-
  base1=$(sink_count); t0=$(now)
  python3 "$TOOL" send --port $SMTP_PORT --file "$WORK/large.eml" --timeout 600 > "$RUN/send.json" &
  SEND_PID=$!
  local oom_at= gave_up=
  while kill -0 $SEND_PID 2>/dev/null; do   # the client has its own 600 s timeout per read
    if [ -z "$oom_at" ] && grep -q OutOfMemoryError "$RUN/caravan.log"; then
      oom_at=$(date +%s); log "  OutOfMemoryError in Caravan's log; waiting at most ${OOM_GRACE}s more for the reply"
    fi
    if [ -n "$oom_at" ] && [ $(( $(date +%s) - oom_at )) -ge $OOM_GRACE ]; then
      gave_up="the client gave up ${OOM_GRACE}s after the first OutOfMemoryError"
      stop_pid $SEND_PID 5; break
    fi
    sleep 0.2
  done
  wait $SEND_PID 2>/dev/null || true
  SEND_PID=
  accept_s=$(since "$t0")
  local code reply_text accepted_after
  code=$(json "$RUN/send.json" code)
  if [ "$code" != - ]; then reply_text="$code $(json "$RUN/send.json" reply | cut -c1-120)"
  elif [ "$(json "$RUN/send.json" error)" != - ]; then reply_text="no reply: $(json "$RUN/send.json" error | cut -c1-120)"
  else reply_text="no reply${gave_up:+ ($gave_up)}"
  fi
  accepted_after="$accept_s s"; [ "$code" = 250 ] || accepted_after="not accepted ($accept_s s)"
  log "  after $accept_s s: $reply_text"
  if [ "$code" = 250 ]; then
    if wait_count $(( base1 + 1 )) $DELIVERY_TIMEOUT $CARAVAN_PID; then delivered=yes; deliver_s=$(since "$t0"); fi
  fi
  sleep 0.3   # one more jstat sample
  stop_pid "$JSTAT_PID" 5; JSTAT_PID=
  local gc_last; gc_last=$(wc -l < "$RUN/gc.log")
  local pauses before_kb after_kb sampled_kb
  read -r pauses before_kb after_kb < <(python3 "$TOOL" gclog "$RUN/gc.log" "$gc_first" "$gc_last")
  sampled_kb=$(python3 "$TOOL" jstat "$RUN/jstat.out")
  local alive=yes; kill -0 "$CARAVAN_PID" 2>/dev/null || alive=no
  local end_heap="- -" end_rss=-
  if [ $alive = yes ]; then end_heap=$(live_heap); end_rss=$(rss_kb); fi
  local tracked; tracked=$(grep -c '"event":"DELIVERED"' "$RUN/data/tracking.log" 2>/dev/null || true)
  stop_caravan
  local oom; oom=$(grep -c 'OutOfMemoryError' "$RUN/caravan.log" || true)
  local logsum; logsum=$(log_summary "$RUN/check.log")
  log "  delivered: $delivered ($deliver_s s); $pauses GC pauses (lines $gc_first-$gc_last), max before $(mb "$before_kb") MB, max after $(mb "$after_kb") MB; jstat max $(mb "$sampled_kb") MB; Caravan log: $logsum"
  log_excerpt "$RUN/check.log"

  local bu=${base_heap% *} growth=- sampled_growth=- verdict
  [ "$after_kb" != - ] && [ "$bu" != - ] && growth=$(awk -v a="$after_kb" -v b="$bu" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
  [ "$sampled_kb" != - ] && [ "$bu" != - ] && sampled_growth=$(awk -v a="$sampled_kb" -v b="$bu" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
  if [ "$delivered" != yes ]; then verdict="not delivered"
  elif [ "$growth" = - ]; then verdict="no GC during the transfer"
  elif awk -v g="$growth" 'BEGIN { exit !(g <= 16) }'; then verdict="met"
  else verdict="NOT met"
  fi
  LARGE_ROWS+=("| -Xmx$xmx ($maxheap MB) | $(mb "$bu") MB | $pauses | $(mb "$after_kb") MB | **$growth MB** | $(mb "$sampled_kb") MB (+$sampled_growth) | $(mb "$before_kb") MB | $code | $accepted_after | $deliver_s s | $delivered | $(mb "${end_heap% *}") MB | ${oom:-0} | $verdict |")
  LARGE_NOTES+=("- -Xmx$xmx: reply to the final dot: $reply_text; the client sent the data in $(json "$RUN/send.json" data_sent_s) s; tracking.log DELIVERED lines (warm-up included): ${tracked:-0}; JVM alive afterwards: $alive; afterwards (delivered or not, after a full GC) live heap $(mb "${end_heap% *}") MB, RSS $(mb "$end_rss") MB (baseline RSS $(mb "$base_rss") MB); Caravan log after start-up: $logsum")
}

large_check() {
  local size=$(( SIZE_MB * 1048576 ))
  python3 "$TOOL" gen --out "$WORK/large.eml" --size $size > /dev/null
  python3 "$TOOL" gen --out "$WORK/small.eml" --size 10240 > /dev/null
  log "generated $(stat -c %s "$WORK/large.eml") bytes"
  start_sink
  large_run large "$HEAP"
  [ "$SMALL_HEAP" = none ] || large_run large-small "$SMALL_HEAP"
  {
    echo "### 2. One $SIZE_MB MiB message streamed through Caravan to smtp-sink ($(stat -c %s "$WORK/large.eml") bytes, base64 lines)"
    echo
    echo "| heap | baseline live heap | GC pauses during transfer | max heap after a GC | **peak growth** | max heap sampled (jstat, 100 ms) | max heap before a GC (GC log) | reply | accepted after | at the sink after | delivered | live heap afterwards | OOM lines | target ≤ 16 MB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---|"
    printf '%s\n' "${LARGE_ROWS[@]}"
    echo
    echo "- peak growth = the largest heap used after a young, mixed or full GC between the baseline and the sink's receipt (-Xlog:gc) minus the baseline (live heap after a full GC, after one 10 KB warm-up message); \"live heap afterwards\" is after another full GC once it was delivered (or given up)"
    printf '%s\n' "${LARGE_NOTES[@]}"
    echo
  } >> "$REPORT"
}

[ "$DO_IDLE" = 1 ] && idle_check
[ "$DO_LARGE" = 1 ] && large_check

cat "$REPORT"
if [ -n "$OUT" ]; then cat "$REPORT" >> "$OUT"; log "report appended to $OUT"; fi
