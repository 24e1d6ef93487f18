#!/usr/bin/env bash
# Measures Caravan's end-to-end relay rate: smtp-source -> Caravan -> smtp-sink, with the CPU Caravan used.
# Usage: bench/pipeline-throughput.sh [messages] [sessions] [size-bytes]     (needs: apt-get install postfix)
# Not a test: never run by .ci/run. Prints one result line.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-2000}
SESSIONS=${2:-20}
SIZE=${3:-5120}
SMTP_PORT=${SMTP_PORT:-12525}
SINK_PORT=${SINK_PORT:-12526}
command -v smtp-source >/dev/null || { echo "smtp-source not found: apt-get install postfix" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -q -DskipTests package
WORK=$(mktemp -d)
trap 'kill $SINK_PID $CARAVAN_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

smtp-sink -u nobody 127.0.0.1:$SINK_PORT 1000 > "$WORK/sink.log" 2>&1 &
SINK_PID=$!
java ${JAVA_OPTS:-} -Dcaravan.data-dir="$WORK/data" -Dcaravan.hostname=bench.caravan.test \
     -Dcaravan.receive-connectors.default.port=$SMTP_PORT \
     -Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8 \
     -Dcaravan.receive-connectors.client.port=$((SMTP_PORT + 2)) \
     -Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:$SINK_PORT \
     -Dquarkus.http.port=0 \
     -jar target/quarkus-app/quarkus-run.jar > "$WORK/caravan.log" 2>&1 &
CARAVAN_PID=$!
for _ in $(seq 1 200); do
  (exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT) 2>/dev/null && break
  sleep 0.1
done
cpu() { awk '{print $14 + $15}' /proc/$CARAVAN_PID/stat; }
TICKS=$(getconf CLK_TCK)
# warm-up, not measured
smtp-source -s 4 -m 200 -l $SIZE -f bench@origin.test -t rcpt@remote.test 127.0.0.1:$SMTP_PORT
sleep 2
CPU0=$(cpu); T0=$(date +%s.%N)
smtp-source -s $SESSIONS -m $MESSAGES -l $SIZE -f bench@origin.test -t rcpt@remote.test 127.0.0.1:$SMTP_PORT
T1=$(date +%s.%N)
delivered() { local n; n=$(grep -c '"event":"DELIVERED"' "$WORK/data/tracking.log" 2>/dev/null) || true; echo "${n:-0}"; }
DEADLINE=$(( $(date +%s) + 600 ))
while [ "$(delivered)" -lt $((200 + MESSAGES)) ] && [ "$(date +%s)" -lt $DEADLINE ]; do sleep 0.05; done
T2=$(date +%s.%N)
CPU1=$(cpu)
echo "messages=$MESSAGES size=$SIZE sessions=$SESSIONS delivered=$(( $(delivered) - 200 ))"
echo "accept: $(echo "scale=1; $MESSAGES / ($T1 - $T0)" | bc) msgs/s; end to end: $(echo "scale=1; $MESSAGES / ($T2 - $T0)" | bc) msgs/s"
echo "Caravan CPU (user+sys): $(awk "{print \$14/$TICKS, \$15/$TICKS}" /proc/$CARAVAN_PID/stat) s total; $(echo "scale=2; ($CPU1 - $CPU0) / $TICKS" | bc) s, $(echo "scale=3; 1000 * ($CPU1 - $CPU0) / $TICKS / $MESSAGES" | bc) ms per message"
