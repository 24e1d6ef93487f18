#!/usr/bin/env bash
# Caravan against Postfix, side by side, on the same machine, with the same load.
#
#   smtp-source / bench/smtp_latency.py  ->  Caravan (jar)           ->  one smtp-sink
#                                        ->  private Postfix relay   ->  (the same smtp-sink)
#
# Usage: bench/compare-postfix.sh [--dkim] [--pairs N] [--messages N] [--messages-100k N]
#                                 [--latency-messages N] [--sessions N] [--scenarios LIST] [--out FILE] [--keep]
#   --dkim              Caravan RSA-SHA256-signs every message (From: <x@bench.test>, caravan.dkim."bench.test");
#                       Postfix does not sign unless --postfix-dkim is given too
#   --postfix-dkim      with --dkim: Postfix signs as well, through an OpenDKIM milter (rsa-sha256, 2048-bit key,
#                       relaxed/relaxed), installed from Debian if missing; its CPU and memory count as Postfix's
#   --pairs N           runs per server and scenario, alternating Caravan, Postfix, Caravan, ... (default 3)
#   --messages N        messages per run in the 5 KB scenarios (default 2000)
#   --messages-100k N   messages per run in the 100 KB scenario (default 2000)
#   --latency-messages N  messages per run in the latency scenario (default 2000)
#   --sessions N        concurrent SMTP sessions (default 20)
#   --scenarios LIST    comma-separated, from: 5k-conn,5k-reuse,100k-conn,100k-reuse,latency-5k,latency-5k-paced
#                       (default 5k-conn,5k-reuse,100k-conn,latency-5k,latency-5k-paced)
#   --paced-rate N      offered load of latency-5k-paced in messages per second (default 200)
#   --out FILE          also append the report (markdown) to FILE
#   --keep              keep the temporary directory (logs, Postfix queue, Caravan data) for inspection
# Environment: JAVA_OPTS (passed to Caravan's JVM), WARMUP (messages per server before measuring, default 60000),
# SETTLE (seconds of quiet between runs, default 2), BENCH_TMPDIR (where the temporary directory goes; default
# $TMPDIR or /tmp; use a disk, not tmpfs, or the durable queues of both servers cost nothing to sync), PROFILER
# (async-profiler's libasyncProfiler.so: CPU-profiles Caravan's measured runs, one file of collapsed stacks per
# scenario, PROFILE_OUT.<scenario> (default $WORK/profile.collapsed); bench/profile_components.py reads them).
#
# Scenarios: 5k-conn = 5 KB, one message per connection (smtp-source -s S -m N -l 5120); 5k-reuse = 5 KB, every
# session sends its share of the messages on one connection (smtp-source -d); 100k-* the same with 100 KB;
# latency-5k = bench/smtp_latency.py, 5 KB, one message per connection, with accept latency percentiles, as fast as
# the server answers (so at each server's own saturation); latency-5k-paced = the same at a fixed offered load
# (--paced-rate, default 200 msgs/s), the same for both servers.
# Per run: accepted msgs/s (wall time of the load generator), delivered msgs/s (until the sink has counted them
# all), CPU ms per message of the server under test (all its processes, from /proc), peak RSS and PSS (PSS not in
# the latency scenarios: reading it stalls a large JVM for 10-16 ms, which showed in Caravan's p99).
#
# Everything listens on and talks to 127.0.0.1 only. Builds nothing. Never run by .ci/run. Needs root for the
# private Postfix instance (its daemons drop to the postfix user) and for smtp-sink -u nobody.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$REPO/bench
JAR=$REPO/target/quarkus-app/quarkus-run.jar

ORIG_ARGS=("$@")
DKIM=0; POSTFIX_DKIM=0; PAIRS=3; MESSAGES=2000; MESSAGES_100K=2000; LAT_MESSAGES=2000; SESSIONS=20
SCENARIOS=5k-conn,5k-reuse,100k-conn,latency-5k,latency-5k-paced; OUT=; KEEP=0; PACED_RATE=200
# Messages per server before measuring (JIT, Postfix process pools); not reported. Caravan's JIT needs this many on 2
# cores: CPU per 5 KB message falls from 8.9 ms in the first 5,000 to 1.9 ms by the 60,000th, then stays
# (bench/RESULTS.md, "JIT warm-up"); 5,000 measured Caravan while the C2 compiler still took a third of the CPU.
WARMUP=${WARMUP:-60000}
RUN_TIMEOUT=600        # seconds any one load generator may take
DELIVERY_TIMEOUT=300   # seconds to wait, after the load generator is done, for the sink to count everything
SETTLE=${SETTLE:-2}              # seconds of quiet between runs

while [ $# -gt 0 ]; do
  case $1 in
    --dkim) DKIM=1 ;;
    --postfix-dkim) POSTFIX_DKIM=1 ;;
    --pairs) PAIRS=$2; shift ;;
    --messages) MESSAGES=$2; shift ;;
    --messages-100k) MESSAGES_100K=$2; shift ;;
    --latency-messages) LAT_MESSAGES=$2; shift ;;
    --sessions) SESSIONS=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --paced-rate) PACED_RATE=$2; shift ;;
    --out) OUT=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
positive_numbers "$PAIRS" "$MESSAGES" "$MESSAGES_100K" "$LAT_MESSAGES" "$SESSIONS" "$PACED_RATE"
[ "$POSTFIX_DKIM" = 0 ] || [ "$DKIM" = 1 ] || { echo "--postfix-dkim needs --dkim" >&2; exit 2; }


# ------------------------------------------------------------------------------------------- prerequisites
[ "$(id -u)" = 0 ] || die "run as root: the private Postfix instance and smtp-sink -u nobody need it"
if ! command -v smtp-source >/dev/null || ! command -v smtp-sink >/dev/null || ! command -v postfix >/dev/null; then
  command -v apt-get >/dev/null || die "smtp-source, smtp-sink and postfix are needed: install Postfix"
  log "installing postfix from Debian (\"No configuration\": the system instance is not configured or started)"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >&2
fi
if [ "$POSTFIX_DKIM" = 1 ] && { ! command -v opendkim >/dev/null || ! command -v opendkim-genkey >/dev/null; }; then
  log "installing opendkim and opendkim-tools from Debian (the system service is not used)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y opendkim opendkim-tools >&2
fi
for c in smtp-source smtp-sink postfix postconf java python3 awk ss timeout; do
  command -v $c >/dev/null || die "$c not found"
done
[ -f "$JAR" ] || die "$JAR is missing: build it first with (cd $REPO && mvn -q -DskipTests package)"

# Postfix's commands report errors to syslog unless stderr is a terminal; give them one when `script` is there.
pf() {
  if command -v script >/dev/null; then
    script -qec "$(printf '%q ' postfix -c "$PF_ETC" "$@")" /dev/null
  else
    postfix -c "$PF_ETC" "$@"
  fi
}

# --------------------------------------------------------------------------------------- state and cleanup
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/caravan-vs-postfix.XXXXXX")
chmod 755 "$WORK"   # the postfix user must reach its queue below it
SINK_PID=; CHECK_SINK_PID=; CARAVAN_PID=; PF_ETC=; PF_MASTER=; PEAK_PID=; PF_STARTED=0; OPENDKIM_PID=


pgroup_pids() {  # processes whose process group is $1 (Postfix's master is a group leader; its daemons stay in it)
  local d pg
  for d in /proc/[0-9]*; do
    pg=$(awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[3] }' "$d/stat" 2>/dev/null) || continue
    [ "$pg" = "$1" ] && echo "${d#/proc/}"
  done
  return 0
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [ -n "$PEAK_PID" ] && stop_pid "$PEAK_PID" 5
  if [ "$PF_STARTED" = 1 ]; then
    pf stop >/dev/null 2>&1
    local deadline=$(( $(date +%s) + 20 ))
    while [ -n "$PF_MASTER" ] && kill -0 "$PF_MASTER" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
    if [ -n "$PF_MASTER" ]; then
      for p in $(pgroup_pids "$PF_MASTER"); do kill -KILL "$p" 2>/dev/null; done
    fi
  fi
  stop_pid "$CARAVAN_PID" 30
  stop_pid "$OPENDKIM_PID" 10
  stop_pid "$CHECK_SINK_PID" 5
  stop_pid "$SINK_PID" 5
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM


only_loopback() {  # name, pids...: fail if any of them listens on anything but 127.0.0.1
  local name=$1; shift
  local p bad
  for p in "$@"; do
    bad=$(ss -Hltnp | grep "pid=$p," | awk '{print $4}' | grep -v -E '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' || true)
    [ -z "$bad" ] || die "$name listens on $bad, not only on 127.0.0.1"
  done
}

# ------------------------------------------------------------------------------------------------- ports
mapfile -t PORTS < <(python3 "$BENCH/compare_tool.py" ports 7)
[ ${#PORTS[@]} = 7 ] || die "could not find free loopback ports"
SINK_PORT=${PORTS[0]} CHECK_PORT=${PORTS[1]} CARAVAN_PORT=${PORTS[2]} CARAVAN_CLIENT_PORT=${PORTS[3]} POSTFIX_PORT=${PORTS[4]} DNS_PORT=${PORTS[5]}
MILTER_PORT=${PORTS[6]}
for p in $SINK_PORT $CHECK_PORT $CARAVAN_PORT $CARAVAN_CLIENT_PORT $POSTFIX_PORT $DNS_PORT $MILTER_PORT; do
  [ "$p" != 25 ] || die "got port 25"
done

# -------------------------------------------------------------------------------------- the common sink
SINK_OUT=$WORK/sink.out
smtp-sink -c -u nobody 127.0.0.1:$SINK_PORT 1000 > "$SINK_OUT" 2>&1 &
SINK_PID=$!
wait_port $SINK_PORT 10 $SINK_PID || die "smtp-sink did not start: $(cat "$SINK_OUT")"


# ------------------------------------------------------------------ OpenDKIM for Postfix (--postfix-dkim)
if [ "$POSTFIX_DKIM" = 1 ]; then
  ODK=$WORK/opendkim
  mkdir -p "$ODK/key" "$ODK/sock"
  opendkim-genkey -b 2048 -d bench.test -s bench -D "$ODK/key" >&2
  chown -R opendkim "$ODK"; chmod 700 "$ODK/key"; chmod 600 "$ODK/key/bench.private"; chmod 755 "$ODK" "$ODK/sock"
  cat > "$ODK/opendkim.conf" <<EOF
Syslog no
Background no
Mode s
Domain bench.test
Selector bench
KeyFile $ODK/key/bench.private
# a Unix socket, as in Debian's own opendkim.conf (a TCP socket added ~40 ms delayed-ACK waits per message)
Socket local:$ODK/sock/milter
UMask 000
InternalHosts 127.0.0.0/8
Canonicalization relaxed/relaxed
SignatureAlgorithm rsa-sha256
UserID opendkim
PidFile $ODK/opendkim.pid
# a throw-away key in the benchmark's temp dir, whose parent /tmp any user may write
RequireSafeKeys no
EOF
  opendkim -f -x "$ODK/opendkim.conf" > "$ODK/opendkim.log" 2>&1 &
  OPENDKIM_PID=$!
  deadline=$(( $(date +%s) + 20 ))
  until [ -S "$ODK/sock/milter" ]; do
    kill -0 "$OPENDKIM_PID" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ] || { cat "$ODK/opendkim.log" >&2; die "opendkim did not start"; }
    sleep 0.1
  done
fi

# -------------------------------------------------------------------------- a private Postfix instance
PF=$WORK/postfix; PF_ETC=$PF/etc
mkdir -p "$PF_ETC" "$PF/queue" "$PF/data"
chown postfix "$PF/data"; chmod 700 "$PF/data"
cat > "$PF_ETC/main.cf" <<EOF
# A relay with Postfix's default durable queue; its own directories, loopback only, no local delivery.
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
maillog_file = $PF/maillog
maillog_file_prefixes = $PF
myhostname = bench-postfix.test
mydomain = bench-postfix.test
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relayhost = [127.0.0.1]:$SINK_PORT
default_destination_concurrency_limit = 20
smtp_connection_cache_on_demand = yes
local_transport = error:local delivery is disabled
local_recipient_maps =
alias_maps =
alias_database =
biff = no
# the DKIM check message goes to its own sink, as Caravan's does
transport_maps = inline:{ check.bench.test=smtp:[127.0.0.1]:$CHECK_PORT }
EOF
if [ "$POSTFIX_DKIM" = 1 ]; then
  cat >> "$PF_ETC/main.cf" <<EOF
smtpd_milters = unix:$ODK/sock/milter
milter_default_action = tempfail
EOF
fi
# Debian's master.cf services, not chrooted, with one SMTP listener on 127.0.0.1 only.
cat > "$PF_ETC/master.cf" <<EOF
127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
[ "$(postconf -c "$PF_ETC" -h inet_interfaces)" = 127.0.0.1 ] || die "Postfix inet_interfaces is not 127.0.0.1"
[ "$(postconf -c "$PF_ETC" -h queue_directory)" = "$PF/queue" ] || die "Postfix queue_directory is not private"
postconf -c "$PF_ETC" -M | awk '$2 == "inet" && $1 !~ /^127\.0\.0\.1:/ { bad = 1 } END { exit bad }' \
  || die "Postfix master.cf has a listener that is not on 127.0.0.1"
pf check >/dev/null 2>&1 || { pf check >&2 || true; die "postfix check failed"; }
PF_STARTED=1
pf start >/dev/null || { cat "$PF/maillog" >&2 2>/dev/null; die "postfix start failed"; }
wait_port $POSTFIX_PORT 30 || { cat "$PF/maillog" >&2; die "Postfix does not listen on 127.0.0.1:$POSTFIX_PORT"; }
PF_MASTER=$(tr -d ' \n' < "$PF/queue/pid/master.pid")
kill -0 "$PF_MASTER" 2>/dev/null || die "no Postfix master process"

# ------------------------------------------------------------------------------------------------ Caravan
# A copy of the app and the routes, so that a build or a route edit in the tree cannot change a running benchmark.
CV=$WORK/caravan
mkdir -p "$CV"
cp -r "$REPO/target/quarkus-app" "$CV/app"
cp -r "$REPO/routes" "$CV/routes"
CARAVAN_OPTS=(
  -Dcaravan.data-dir="$CV/data" -Dcaravan.routes-dir="$CV/routes" -Dcaravan.hostname=bench-caravan.test
  -Dcaravan.receive-connectors.default.bind=127.0.0.1 -Dcaravan.receive-connectors.default.port=$CARAVAN_PORT
  -Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8
  -Dcaravan.receive-connectors.client.bind=127.0.0.1 -Dcaravan.receive-connectors.client.port=$CARAVAN_CLIENT_PORT
  -Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:$SINK_PORT
  # the DKIM check below goes through its own connector to a second sink that keeps what it receives
  -Dcaravan.send-connectors.check.address-spaces=check.bench.test
  -Dcaravan.send-connectors.check.smarthosts=127.0.0.1:$CHECK_PORT
  # any DNS query (the start-up check of our own DKIM/SPF/DMARC records) goes to a closed loopback port
  -Dcaravan.dns.servers=127.0.0.1:$DNS_PORT -Dcaravan.dns.timeout=1s
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0
)
[ "$DKIM" = 1 ] && CARAVAN_OPTS+=('-Dcaravan.dkim."bench.test".algorithm=rsa-sha256')
# shellcheck disable=SC2086
(cd "$CV" && exec java ${JAVA_OPTS:-} "${CARAVAN_OPTS[@]}" -jar "$CV/app/quarkus-run.jar") > "$CV/caravan.log" 2>&1 &
CARAVAN_PID=$!
wait_port $CARAVAN_PORT 120 $CARAVAN_PID || { tail -30 "$CV/caravan.log" >&2; die "Caravan did not start"; }
only_loopback Caravan "$CARAVAN_PID"
only_loopback Postfix $(pgroup_pids "$PF_MASTER")
only_loopback smtp-sink "$SINK_PID"
[ -z "$OPENDKIM_PID" ] || only_loopback opendkim "$OPENDKIM_PID"

# ------------------------------------------------------------------------------- DKIM: really signing?
if [ "$DKIM" = 1 ]; then
  mkdir -p "$WORK/dump"; chown nobody "$WORK/dump"
  smtp-sink -u nobody -d "$WORK/dump/%H%M%S." 127.0.0.1:$CHECK_PORT 10 > "$WORK/check-sink.out" 2>&1 &
  CHECK_SINK_PID=$!
  wait_port $CHECK_PORT 10 $CHECK_SINK_PID || die "check smtp-sink did not start"
  check_signs() {  # name port: one message through the server to the dump sink must arrive signed
    rm -f "$WORK/dump"/*
    timeout 60 smtp-source -m 1 -l 200 -f x@bench.test -t rcpt@check.bench.test 127.0.0.1:$2
    local deadline=$(( $(date +%s) + 60 ))
    until [ -n "$(ls -A "$WORK/dump")" ] && sleep 0.5; do
      [ "$(date +%s)" -lt "$deadline" ] || die "the DKIM check message through $1 did not arrive within 60 s"
      sleep 0.2
    done
    grep -q '^DKIM-Signature:.*a=rsa-sha256' "$WORK/dump"/* || { head -20 "$WORK/dump"/* >&2; die "--dkim: $1 did not sign"; }
    log "DKIM: $1 signs (rsa-sha256, d=bench.test)"
  }
  check_signs Caravan $CARAVAN_PORT
  [ "$POSTFIX_DKIM" = 0 ] || check_signs "Postfix (OpenDKIM)" $POSTFIX_PORT
  stop_pid "$CHECK_SINK_PID" 5; CHECK_SINK_PID=
fi

# -------------------------------------------------------------------------------------------- one run
RESULTS=$WORK/results.tsv
: > "$RESULTS"
server_port() { if [ "$1" = caravan ]; then echo $CARAVAN_PORT; else echo $POSTFIX_PORT; fi; }
server_pid() {  # the process trees whose CPU and memory count for the server, comma-separated
  if [ "$1" = caravan ]; then echo $CARAVAN_PID; else echo "$PF_MASTER${OPENDKIM_PID:+,$OPENDKIM_PID}"; fi
}

wait_quiet() {  # until the sink count has not moved for 1 s (at most 60 s), then SETTLE more
  local last cur deadline=$(( $(date +%s) + 60 ))
  last=$(sink_count)
  while [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 1; cur=$(sink_count)
    [ "$cur" = "$last" ] && break
    last=$cur
  done
  sleep $SETTLE
}

wait_count() {  # target, seconds: until the sink has counted target messages
  local deadline
  deadline=$(awk -v n="$(now)" -v s="$2" 'BEGIN { printf "%d", n + s }')
  while [ "$(sink_count)" -lt "$1" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

# run SCENARIO PAIR SERVER TOOL SIZE PER_CONN MESSAGES [record]   (PER_CONN: 1, or 0 = all on one connection)
run() {
  local sc=$1 pair=$2 server=$3 tool=$4 size=$5 per_conn=$6 messages=$7 record=${8:-record}
  local port pid base target t0 t1 t2 cpu0 cpu1 rc=0 accepted p50=- p99=- delivered rss pss wall0 wall1 busy0 busy1 other0 other1
  port=$(server_port "$server"); pid=$(server_pid "$server")
  kill -0 "${pid%%,*}" 2>/dev/null || die "$server is not running"
  wait_quiet
  base=$(sink_count)
  rm -f "$WORK/peak.out"
  # where accept latency is measured, PSS is not: reading a JVM's smaps_rollup stalls it (compare_tool.py, "peak")
  local memory_opts=()
  [ "$tool" = smtp-source ] || memory_opts=(--rss-only)
  python3 "$BENCH/compare_tool.py" peak "$pid" "$WORK/peak.out" --interval 0.25 --max-seconds $((RUN_TIMEOUT + DELIVERY_TIMEOUT + 120)) "${memory_opts[@]}" &
  PEAK_PID=$!
  read -r wall0 busy0 other0 < <(python3 "$BENCH/compare_tool.py" machine $$ "$PF_MASTER")
  cpu0=$(python3 "$BENCH/compare_tool.py" cpu "$pid")
  t0=$(now)
  if [ "$tool" = smtp-source ]; then
    local opts=()
    [ "$per_conn" = 0 ] && opts=(-d)
    timeout $RUN_TIMEOUT smtp-source "${opts[@]}" -s "$SESSIONS" -m "$messages" -l "$size" \
      -f x@bench.test -t rcpt@remote.test 127.0.0.1:$port > "$WORK/gen.out" 2>&1 || rc=$?
    t1=$(now)
    accepted=$messages; [ $rc = 0 ] || accepted=
  else
    local rate=0
    [[ $tool == latency:* ]] && rate=${tool#latency:}
    timeout $RUN_TIMEOUT python3 "$BENCH/smtp_latency.py" --port "$port" --sessions "$SESSIONS" --messages "$messages" \
      --size "$size" --per-connection "$per_conn" --rate "$rate" --max-seconds $RUN_TIMEOUT > "$WORK/gen.out" 2> "$WORK/gen.err" || rc=$?
    t1=$(now)
    accepted=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["accepted"])' "$WORK/gen.out" 2>/dev/null) || accepted=
    p50=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["p50_ms"])' "$WORK/gen.out" 2>/dev/null) || p50=-
    p99=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["p99_ms"])' "$WORK/gen.out" 2>/dev/null) || p99=-
  fi
  if [ $rc != 0 ]; then
    log "  $server: load generator exit $rc: $(tail -c 300 "$WORK/gen.out" "$WORK/gen.err" 2>/dev/null | tr '\n' ' ')"
  fi
  if [ -n "$accepted" ]; then
    target=$((base + accepted))
    wait_count $target $DELIVERY_TIMEOUT || log "  $server: only $(( $(sink_count) - base )) of $accepted delivered after ${DELIVERY_TIMEOUT}s"
  else
    wait_quiet   # unknown how many were accepted: wait until the deliveries stop
  fi
  t2=$(now)
  cpu1=$(python3 "$BENCH/compare_tool.py" cpu "$pid")
  read -r wall1 busy1 other1 < <(python3 "$BENCH/compare_tool.py" machine $$ "$PF_MASTER")
  stop_pid "$PEAK_PID" 10; PEAK_PID=
  read -r rss pss < "$WORK/peak.out" 2>/dev/null || { rss=-; pss=-; }
  delivered=$(( $(sink_count) - base ))
  local acc_s del_s cpu_s
  acc_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  del_s=$(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.3f", b - a }')
  cpu_s=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')
  local busy_pct other_s
  busy_pct=$(awk -v a="$busy0" -v b="$busy1" -v s="$wall0" -v e="$wall1" -v n="$(nproc)" 'BEGIN { printf "%.0f", 100 * (b - a) / ((e - s) * n) }')
  other_s=$(awk -v a="$other0" -v b="$other1" 'BEGIN { d = b - a; printf "%.2f", d < 0 ? 0 : d }')
  if [ "$record" = record ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sc" "$pair" "$server" "$tool" "$size" \
      "$SESSIONS" "$per_conn" "$messages" "$rc" "$acc_s" "$del_s" "$delivered" "$cpu_s" "$rss" "$pss" "$p50" "$p99" "$busy_pct" "$other_s" >> "$RESULTS"
  fi
  log "  $sc #$pair $server: $messages msgs, load generator ${acc_s}s (exit $rc), all delivered after ${del_s}s ($delivered), CPU ${cpu_s}s, p50 $p50 ms, p99 $p99 ms; machine ${busy_pct}% busy, others ${other_s} CPU s"
}

scenario_args() {  # scenario -> tool size per_conn messages
  case $1 in
    5k-conn) echo smtp-source 5120 1 "$MESSAGES" ;;
    5k-reuse) echo smtp-source 5120 0 "$MESSAGES" ;;
    100k-conn) echo smtp-source 102400 1 "$MESSAGES_100K" ;;
    100k-reuse) echo smtp-source 102400 0 "$MESSAGES_100K" ;;
    latency-5k) echo latency 5120 1 "$LAT_MESSAGES" ;;
    latency-5k-paced) echo "latency:$PACED_RATE" 5120 1 "$LAT_MESSAGES" ;;
    *) die "unknown scenario: $1" ;;
  esac
}
IFS=, read -r -a SCENARIO_LIST <<< "$SCENARIOS"
for sc in "${SCENARIO_LIST[@]}"; do scenario_args "$sc" >/dev/null; done

# --------------------------------------------------------------------------------------------- machine
header() {
  echo "## Caravan vs Postfix: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- command: \`bench/compare-postfix.sh $*\`"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -m | awk '/^Mem:/ {print $2}') MB RAM, $(uname -sr), temp dir on $(df -T "$WORK" | awk 'NR == 2 {print $2}')"
  echo "- java: $(java -version 2>&1 | head -1); JAVA_OPTS: '${JAVA_OPTS:-}'"
  echo "- postfix: $(postconf -h mail_version); smtp-source/smtp-sink from the same package"
  local head_time jar_time stale=
  head_time=$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || echo 0)
  jar_time=$(stat -c %Y "$JAR")
  [ "$jar_time" -ge "$head_time" ] || stale=" (older than the HEAD commit: it may not contain the latest commits)"
  echo "- caravan: HEAD $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?') ($(git -C "$REPO" status --porcelain 2>/dev/null | wc -l) uncommitted paths in the tree); jar built $(date -u -d "@$jar_time" '+%Y-%m-%d %H:%M:%S UTC')$stale"
  echo "- DKIM: $([ "$DKIM" = 1 ] && echo 'Caravan signs every message (rsa-sha256, 2048-bit key)' || echo 'off')$([ "$DKIM" = 1 ] && { [ "$POSTFIX_DKIM" = 1 ] && echo '; Postfix signs every message through an OpenDKIM milter (rsa-sha256, 2048-bit key), whose CPU and memory count as Postfix'"'"'s' || echo '; Postfix does not sign'; })"
  echo "- load: $SESSIONS sessions; pairs: $PAIRS per scenario, Caravan first in each pair; warm-up $WARMUP messages per server, not counted"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
}
HEADER=$(header "${ORIG_ARGS[@]}")
printf '%s\n' "$HEADER" >&2

profile() {  # async-profiler command on Caravan: only with PROFILER set
  [ -n "${PROFILER:-}" ] || return 0
  # the inner quotes keep jcmd from splitting the agent's options at "="
  jcmd "$CARAVAN_PID" JVMTI.agent_load "$PROFILER" "\"$1\"" > "$WORK/profiler.out" 2>&1 && grep -q 'return code: 0' "$WORK/profiler.out" \
    || { cat "$WORK/profiler.out" >&2; die "async-profiler: $1 failed"; }
}

# ---------------------------------------------------------------------------------------------- warm-up
for server in caravan postfix; do
  log "warm-up: $server"
  run warmup 0 "$server" smtp-source 5120 1 "$WARMUP" skip
  run warmup 0 "$server" smtp-source 102400 1 $((WARMUP / 5)) skip
  run warmup 0 "$server" latency 5120 1 $((WARMUP / 5)) skip
done

# ------------------------------------------------------------------------------------------ measurement
for sc in "${SCENARIO_LIST[@]}"; do
  read -r tool size per_conn messages < <(scenario_args "$sc")
  log "scenario $sc: $tool, $size bytes, $SESSIONS sessions, $messages messages, $([ "$per_conn" = 0 ] && echo 'many per connection' || echo 'one per connection')"
  for pair in $(seq 1 "$PAIRS"); do
    for server in caravan postfix; do
      [ "$server" = caravan ] && profile "$([ "$pair" = 1 ] && echo start || echo resume),event=cpu,interval=1ms,threads"
      run "$sc" "$pair" "$server" "$tool" "$size" "$per_conn" "$messages"
      [ "$server" = caravan ] && profile "stop,file=${PROFILE_OUT:-$WORK/profile.collapsed}.$sc,collapsed"
    done
  done
done

# -------------------------------------------------------------------------------------------- report
NOTES=$( {
  echo
  echo "Server-side outcomes (should all be zero):"
  tracking() { cat "$CV/data"/tracking.log* 2>/dev/null | grep -c "\"event\":\"$1\"" || true; }   # with the rotated files; one JSON event per line
  echo "- Caravan tracking.log: $(tracking DEFERRED) DEFERRED, $(tracking FAILED) FAILED, $(tracking DELIVERED) DELIVERED"
  echo "- Postfix maillog: $(grep -c 'status=deferred' "$PF/maillog" || true) deferred, $(grep -c 'status=bounced' "$PF/maillog" || true) bounced, $(grep -c 'status=sent' "$PF/maillog" || true) sent"
  echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} )
{
  printf '%s\n' "$HEADER"
  python3 "$BENCH/compare_tool.py" report "$RESULTS"
  printf '%s\n' "$NOTES"
  echo
  echo "<details><summary>raw results (seconds; rss/pss in KB)</summary>"
  echo
  echo '```'
  echo "scenario pair server tool size sessions per_conn messages rc accept_s deliver_s delivered cpu_s rss_kb pss_kb p50_ms p99_ms busy_pct other_cpu_s" | tr ' ' '\t'
  cat "$RESULTS"
  echo '```'
  echo
  echo "</details>"
} > "$WORK/report.md"
cat "$WORK/report.md"
[ -z "$OUT" ] || cat "$WORK/report.md" >> "$OUT"
