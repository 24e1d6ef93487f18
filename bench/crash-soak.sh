#!/usr/bin/env bash
# Crash soak: messages sent over SMTP to Caravan (the packaged jar) while it is killed with SIGKILL at random points
# and restarted each time; at the end every message accepted with 250 must be delivered or reported (DSN), none lost,
# and the duplicates are counted in two kinds:
#   (a) a 250 the client never saw (the connection died after the final dot, the client sent the message again):
#       one Message-ID delivered under two queue ids; SMTP cannot avoid these (RFC 1047)
#   (b) Caravan's own: one queue id delivered twice (delivered, then delivered again after a kill)
#
#   bench/crash_soak_tool.py send  ->  Caravan (jar, killed and restarted)  ->  bench/crash_soak_tool.py sink
#
# Usage: bench/crash-soak.sh [--messages N] [--kills K] [--sessions S] [--seed N] [--out FILE] [--keep]
#   --messages N   messages to send (default 10000); Message-ID <soak-I@bench.test>, one recipient each
#   --kills K      SIGKILLs (default 5): the messages are cut into K equal stretches and Caravan is killed once in
#                  each, when a random number of them has been accepted, after a further random 0-500 ms; it is
#                  started again on the same data directory at once
#   --sessions S   concurrent SMTP sessions of the sender (default 10)
#   --seed N       seed of the random kill points (default: random)
#   --out FILE     also append the report (markdown) to FILE, e.g. bench/RESULTS.md
#   --keep         keep the temporary directory (client and sink records, Caravan's logs and data)
# Every 100th message goes to an address the sink refuses (550), so reports are exercised too.
# Environment: JAVA_OPTS (Caravan's JVM), SMTP_PORT (default 12545), SINK_PORT (default 12546), DRAIN_SECONDS (how
# long to wait for the queue to drain after the last message, default 600), BENCH_TMPDIR (default $TMPDIR or /tmp),
# CARAVAN_JAR (default target/quarkus-app/quarkus-run.jar; point it at a copy of target/quarkus-app to build meanwhile).
# Needs only Java and Python 3; builds the jar (mvn -q -DskipTests package) if target/quarkus-app is missing.
# Not a test: never run by .ci/run. Exit status 1 if a message was lost.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

MESSAGES=10000 KILLS=5 SESSIONS=10 SEED=$RANDOM OUT="" KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --messages) MESSAGES=$2; shift 2 ;;
    --kills) KILLS=$2; shift 2 ;;
    --sessions) SESSIONS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
positive_numbers "$MESSAGES" "$SESSIONS"
[[ $KILLS =~ ^[0-9]+$ ]] || { echo "not a number: $KILLS" >&2; exit 2; }
SMTP_PORT=${SMTP_PORT:-12545}
SINK_PORT=${SINK_PORT:-12546}
DRAIN_SECONDS=${DRAIN_SECONDS:-600}
CARAVAN_JAR=${CARAVAN_JAR:-target/quarkus-app/quarkus-run.jar}
[ -f "$CARAVAN_JAR" ] || mvn -q -DskipTests package
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src routes 2>/dev/null || COMMIT="$COMMIT (with uncommitted changes)"
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/crash-soak.XXXXXX")
SINK_PID="" CARAVAN_PID="" SENDER_PID=""
cleanup() {
  stop_pid "$SENDER_PID" 2; stop_pid "$CARAVAN_PID" 30; stop_pid "$SINK_PID" 5
  if [ $KEEP = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
TOOL=bench/crash_soak_tool.py
CLIENT=$WORK/client.jsonl SINK=$WORK/sink.jsonl
touch "$CLIENT" "$SINK"

python3 $TOOL sink --port $SINK_PORT --out "$SINK" > "$WORK/sink.log" 2>&1 &
SINK_PID=$!
wait_port $SINK_PORT 10 $SINK_PID || die "the sink did not start (see $WORK/sink.log)"

STARTS=0
start_caravan() {
  STARTS=$((STARTS + 1))
  java ${JAVA_OPTS:-} -Dcaravan.data-dir="$WORK/data" -Dcaravan.hostname=bench.caravan.test \
       -Dcaravan.receive-connectors.default.port=$SMTP_PORT \
       -Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8 \
       -Dcaravan.receive-connectors.client.port=$((SMTP_PORT + 2)) \
       -Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:$SINK_PORT \
       -Dcaravan.delivery.retry=5s \
       -Dquarkus.http.port=0 \
       -jar "$CARAVAN_JAR" > "$WORK/caravan-$STARTS.log" 2>&1 &
  CARAVAN_PID=$!
  wait_port $SMTP_PORT 120 $CARAVAN_PID || die "Caravan did not start (see $WORK/caravan-$STARTS.log)"
}

accepted() { grep -c '"queue_id": "' "$CLIENT" || true; }

kill_caravan() {  # $1: what was going on
  sleep "0.$(printf '%03d' $((RANDOM % 500)))"
  kill -KILL "$CARAVAN_PID" 2>/dev/null || true
  date +%s.%N >> "$WORK/kills.txt"
  wait "$CARAVAN_PID" 2>/dev/null || true
  KILLED=$((KILLED + 1))
  log "kill $KILLED of $KILLS ($1, $(accepted) accepted so far); restarting"
  start_caravan
}

# The kill points: the messages cut into K equal stretches, one kill at a random place in each (reproducible with --seed).
RANDOM=$SEED
POINTS=""
for i in $(seq 1 "$KILLS"); do POINTS+="$(( MESSAGES * (100 * (i - 1) + 10 + RANDOM % 80) / (100 * KILLS) )) "; done
log "crash soak: $MESSAGES messages, $SESSIONS sessions, $KILLS kills at accepted counts: ${POINTS:-none} (seed $SEED); work dir $WORK"

start_caravan
T0=$(now)
python3 $TOOL send --port $SMTP_PORT --messages "$MESSAGES" --sessions "$SESSIONS" --out "$CLIENT" > "$WORK/sender.json" 2> "$WORK/sender.log" &
SENDER_PID=$!
KILLED=0
for point in $POINTS; do
  while [ "$(accepted)" -lt "$point" ] && kill -0 $SENDER_PID 2>/dev/null; do sleep 0.1; done
  if kill -0 $SENDER_PID 2>/dev/null; then
    kill_caravan "while sending"
  else
    kill_caravan "while the queue drains"  # the sender finished before this point: kill during delivery instead
    sleep "$((RANDOM % 3)).$((RANDOM % 10))"
  fi
done
wait $SENDER_PID || die "the sender failed (see $WORK/sender.log)"
SENDER_PID=""
log "sender done: $(cat "$WORK/sender.json")"

DEADLINE=$(( $(date +%s) + DRAIN_SECONDS ))
while :; do
  LEFT=$(python3 $TOOL pending --client "$CLIENT" --sink "$SINK")
  [ "$LEFT" -eq 0 ] && break
  [ "$(date +%s)" -lt $DEADLINE ] || { log "queue not drained after ${DRAIN_SECONDS}s: $LEFT accepted queue ids not delivered nor reported"; break; }
  sleep 1
done
T1=$(now)
sleep 3  # late duplicates and reports still in flight
stop_pid "$CARAVAN_PID" 30
CARAVAN_PID=""
SECONDS_TAKEN=$(printf '%.0f' "$(echo "$T1 - $T0" | bc)")

REPORT=$WORK/report.md
{
  echo "#### Crash soak: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "\`bench/crash-soak.sh --messages $MESSAGES --kills $KILLS --sessions $SESSIONS --seed $SEED\`; kill points" \
       "(accepted counts): ${POINTS:-none}; $(nproc) CPUs; $(java -version 2>&1 | head -1)"
  echo
  echo "| figure | value |"
  echo "|---|---|"
} > "$REPORT"
STATUS=0
touch "$WORK/kills.txt"
python3 $TOOL report --client "$CLIENT" --sink "$SINK" --kills "$KILLED" --kill-times "$WORK/kills.txt" --seconds "$SECONDS_TAKEN" \
        --commit "$COMMIT" --messages "$MESSAGES" >> "$REPORT" || STATUS=$?
cat "$REPORT"
[ -z "$OUT" ] || { echo; cat "$REPORT"; } >> "$OUT"
exit $STATUS
