#!/usr/bin/env bash
# Scale figures (issue 17, point 5): end-to-end msgs/s and CPU per message of one Caravan instance on its embedded
# broker, and of two instances sharing one standalone Artemis broker, on this machine.
#
#   smtp-source -> Caravan (embedded broker)            -> smtp-sink        [embedded]
#   smtp-source -> Caravan a \
#                              Artemis 2.40 (tcp, NIO)  -> smtp-sink        [external]
#   smtp-source -> Caravan b /   (src/main/broker/caravan-broker.xml merged into its broker.xml)
#
# Usage: bench/scale.sh [--messages N] [--sessions N] [--size BYTES] [--pairs N] [--scenarios LIST] [--keep]
#   --messages N     messages per measured run (default 4000; split evenly between the instances)
#   --sessions N     concurrent SMTP sessions in all (default 20)
#   --size BYTES     message size (default 5120)
#   --pairs N        runs per scenario, alternating (default 2)
#   --scenarios LIST embedded,external (default both)
# Per run: delivered msgs/s (from the first message sent until smtp-sink counted them all), CPU ms per message of the
# Caravan instances and of the broker (user+sys from /proc), and the load average before and after (the machine is
# shared: CPU per message is the figure load skews less). Needs Debian's postfix (smtp-source, smtp-sink), root
# (smtp-sink -u nobody), the packaged jar (mvn package) and the Artemis distribution under target/artemis-dist
# (mvn generate-test-resources unpacks it). Never run by .ci/run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/target/quarkus-app/quarkus-run.jar
ARTEMIS_HOME=${ARTEMIS_HOME:-$REPO/target/artemis-dist/apache-artemis-2.40.0}
MESSAGES=4000; SESSIONS=20; SIZE=5120; PAIRS=2; SCENARIOS=embedded,external; KEEP=0
WARMUP=${WARMUP:-1000}
while [ $# -gt 0 ]; do
  case $1 in
    --messages) MESSAGES=$2; shift ;;
    --sessions) SESSIONS=$2; shift ;;
    --size) SIZE=$2; shift ;;
    --pairs) PAIRS=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
positive_numbers "$MESSAGES" "$SESSIONS" "$SIZE" "$PAIRS"
[ "$(id -u)" = 0 ] || die "run as root: smtp-sink -u nobody needs it"
for c in smtp-source smtp-sink java python3; do command -v $c >/dev/null || die "$c not found (smtp-source/smtp-sink: apt-get install postfix)"; done
[ -f "$JAR" ] || die "$JAR is missing: (cd $REPO && mvn -q -DskipTests package)"
[ -x "$ARTEMIS_HOME/bin/artemis" ] || die "no Artemis at $ARTEMIS_HOME: (cd $REPO && mvn -q generate-test-resources)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/caravan-scale.XXXXXX")
chmod 755 "$WORK"
SINK_PID=; BROKER_PID=; PIDS=()
cleanup() {
  local rc=$? p
  set +e
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do stop_pid "$p" 30; done
  stop_pid "$BROKER_PID" 30; stop_pid "$SINK_PID" 5
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user+sys clock ticks of a process
TCK=$(getconf CLK_TCK)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

SINK_PORT=$(free_port)
SINK_OUT=$WORK/sink.out
smtp-sink -c -u nobody 127.0.0.1:$SINK_PORT 1000 > "$SINK_OUT" 2>&1 &
SINK_PID=$!
wait_port $SINK_PORT 10 $SINK_PID || die "smtp-sink did not start"

start_broker() {  # a standalone Artemis with Caravan's broker.xml settings, as it/ExternalArtemis makes it
  BROKER_PORT=$(free_port)
  "$ARTEMIS_HOME/bin/artemis" create "$WORK/broker" --silent --force --host 127.0.0.1 --default-port $BROKER_PORT \
    --no-web --no-amqp-acceptor --no-hornetq-acceptor --no-mqtt-acceptor --no-stomp-acceptor \
    --require-login --user caravan --password bench --nio --no-autotune --java-memory 1G > "$WORK/broker-create.log" 2>&1
  python3 - "$WORK/broker/etc/broker.xml" "$REPO/src/main/broker/caravan-broker.xml" <<'PY'
import re, sys
xml, snippet = open(sys.argv[1]).read(), open(sys.argv[2]).read()
snippet = snippet[snippet.index("<core "):]
for element in ("address-settings", "addresses"):
    inner = re.search(r"<%s>(.*)</%s>" % (element, element), snippet, re.S).group(1)
    at = xml.rindex("</%s>" % element)
    xml = xml[:at] + inner + xml[at:]
open(sys.argv[1], "w").write(re.sub(r"protocols=[A-Z,]+", "protocols=CORE", xml, count=1))
PY
  "$WORK/broker/bin/artemis" run > "$WORK/broker.log" 2>&1 &
  BROKER_PID=$!
  wait_port $BROKER_PORT 120 $BROKER_PID || die "the broker did not start: $WORK/broker.log"
}

start_instance() {  # name, smtp port, [extra -D options...]
  local name=$1 port=$2; shift 2
  java ${JAVA_OPTS:-} -Dcaravan.data-dir="$WORK/$name" -Dcaravan.hostname=$name.bench.test \
    -Dcaravan.receive-connectors.default.port=$port -Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8 \
    -Dcaravan.receive-connectors.client.port=$(free_port) -Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:$SINK_PORT \
    -Dquarkus.http.port=0 "$@" -jar "$JAR" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  wait_port $port 120 $! || die "Caravan $name did not start: $WORK/$name.log"
}

send() {  # messages, sessions, ports...: smtp-source to each port at once, the messages and sessions split evenly
  local n=$1 s=$2; shift 2
  local per=$(( n / $# )) sper=$(( s / $# )) port pids=()
  [ $sper -ge 1 ] || sper=1
  for port in "$@"; do
    smtp-source -s $sper -m $per -l $SIZE -f bench@origin.test -t rcpt@remote.test 127.0.0.1:$port &
    pids+=($!)
  done
  wait "${pids[@]}"
}

await_sink() {  # count: until smtp-sink has counted that many messages in all
  local deadline=$(( $(date +%s) + 900 ))
  while [ "$(sink_count)" -lt "$1" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "only $(sink_count) of $1 messages reached the sink"
    sleep 0.05
  done
}

run() {  # scenario, run number
  local scenario=$1 i=$2 ports=() p
  PIDS=(); BROKER_PID=
  rm -rf "$WORK/a" "$WORK/b" "$WORK/broker"
  if [ "$scenario" = embedded ]; then
    ports=($(free_port)); start_instance a ${ports[0]}
  else
    start_broker
    ports=($(free_port) $(free_port))
    local broker=(-Dcaravan.broker.url=tcp://127.0.0.1:$BROKER_PORT -Dquarkus.artemis.username=caravan -Dquarkus.artemis.password=bench)
    start_instance a ${ports[0]} "${broker[@]}"
    start_instance b ${ports[1]} "${broker[@]}"
  fi
  local base; base=$(sink_count)
  send $WARMUP $SESSIONS "${ports[@]}"; await_sink $(( base + WARMUP ))
  local load0 load1 c0=0 c1=0 b0=0 b1=0 t0 t2
  load0=$(loadavg)
  for p in "${PIDS[@]}"; do c0=$(( c0 + $(ticks $p) )); done
  [ -z "$BROKER_PID" ] || b0=$(ticks $(pgrep -P $BROKER_PID java || echo $BROKER_PID))
  t0=$(now)
  send $MESSAGES $SESSIONS "${ports[@]}"; await_sink $(( base + WARMUP + MESSAGES ))
  t2=$(now)
  for p in "${PIDS[@]}"; do c1=$(( c1 + $(ticks $p) )); done
  [ -z "$BROKER_PID" ] || b1=$(ticks $(pgrep -P $BROKER_PID java || echo $BROKER_PID))
  load1=$(loadavg)
  printf '%s run %d: %d msgs of %d B, %d sessions: %.1f msgs/s delivered; Caravan CPU %.3f ms/msg (%d instance(s)); broker CPU %.3f ms/msg; load %s -> %s\n' \
    "$scenario" "$i" "$MESSAGES" "$SIZE" "$SESSIONS" "$(echo "$MESSAGES / ($t2 - $t0)" | bc -l)" \
    "$(echo "1000 * ($c1 - $c0) / $TCK / $MESSAGES" | bc -l)" "${#PIDS[@]}" \
    "$(echo "1000 * ($b1 - $b0) / $TCK / $MESSAGES" | bc -l)" "$load0" "$load1"
  for p in "${PIDS[@]}"; do stop_pid "$p" 30; done
  PIDS=()
  stop_pid "$BROKER_PID" 30; BROKER_PID=
}

log "scale: $MESSAGES messages of $SIZE bytes, $SESSIONS sessions, $PAIRS pair(s), scenarios $SCENARIOS; $(nproc) cores; load $(loadavg)"
for i in $(seq 1 "$PAIRS"); do
  for scenario in ${SCENARIOS//,/ }; do
    run "$scenario" "$i"
  done
done
