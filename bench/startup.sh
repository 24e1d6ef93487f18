#!/usr/bin/env bash
# Measures start to accepting mail: the time from launching Caravan's jar to its SMTP port answering
# connections, on the default java with and without an AppCDS archive, and on a JDK 25 or newer with and
# without an AOT cache.
#
# Usage: bench/startup.sh [--jar FILE] [--runs N] [--jdk25 JAVA_HOME] [--out FILE]
#   --jar FILE       the runnable jar (default target/quarkus-app/quarkus-run.jar, from mvn -DskipTests package;
#                    target/caravan-*-runner.jar after mvn -DskipTests package -Dquarkus.package.jar.type=legacy-jar)
#   --runs N         starts per variant, alternating the variants (default 7); the median is reported
#   --jdk25 DIR      a JDK 25+ home (default /usr/lib/jvm/temurin-25-jdk-amd64 if present; "none" skips it)
#   --out FILE       also append the report (markdown) to FILE
#
# Variants: java (the default java, plain); java-appcds (with a dynamic AppCDS archive, -XX:SharedArchiveFile);
# jdk25 (plain); jdk25-aot (-XX:AOTCache, JEP 483/514/515). Each archive or cache is made by one training run
# (start, one message through, stop) before the timed runs. Classes that Quarkus's fast-jar loader defines itself
# cannot be archived by the JDK; a legacy-jar build puts every class on the JVM's class path, where they can.
# Every run is a second start: data-dir (journal, TLS pair, DKIM keys) exists, as on a restarted server.
# Caravan runs on loopback with its demo profile (SMTP on a free port), in a scratch directory.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

JAR=target/quarkus-app/quarkus-run.jar
RUNS=7
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
OUT=
while [ $# -gt 0 ]; do
  case $1 in
    --jar) JAR=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --jdk25) JDK25=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
positive_numbers "$RUNS"
[ -f "$JAR" ] || die "$JAR not found: build with mvn -DskipTests package"
JAR=$(readlink -f "$JAR")
J25=
if [ "$JDK25" != none ] && [ -x "$JDK25/bin/java" ]; then
  J25=$JDK25/bin/java
fi

WORK=$(mktemp -d /tmp/caravan-startup.XXXXXX)
trap 'stop_pid "${PID:-}" 20; rm -rf "$WORK"' EXIT
cp -r routes "$WORK/"
PORT=$(python3 bench/memory_tool.py ports 1)
AOT=$WORK/caravan.aot
CDS=$WORK/caravan.jsa

start() {  # java [options...]: starts Caravan; returns once the SMTP port accepts, with PID and ELAPSED (seconds) set
  local t0
  t0=$(now)
  (cd "$WORK" && exec env QUARKUS_PROFILE=demo "$@" -Dcaravan.receive-connectors.default.port="$PORT" \
      -Dcaravan.receive-connectors.default.bind=127.0.0.1 -Dcaravan.receive-connectors.client.port=0 \
      -Dcaravan.receive-connectors.client.bind=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.http.host=127.0.0.1 \
      -jar "$JAR" >"$WORK/caravan.log" 2>&1) &
  PID=$!
  until (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; do
    kill -0 "$PID" 2>/dev/null || { tail -20 "$WORK/caravan.log" >&2; die "Caravan exited during start-up"; }
    sleep 0.01
  done
  ELAPSED=$(echo "$(now) - $t0" | bc)
}

send_one() {  # one message through, so the training run sees the mail path too
  python3 - "$PORT" <<'PY'
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30) as s:
    s.sendmail("bench@example.org", ["postmaster@example.com"], b"Subject: warm-up\r\n\r\nhello\r\n")
PY
}

log "first start (creates data-dir: journal, TLS pair, DKIM keys)"
start java; send_one; stop_pid "$PID" 30
log "AppCDS training run on $(command -v java)"
start java -XX:ArchiveClassesAtExit="$CDS"; send_one; stop_pid "$PID" 60
[ -s "$CDS" ] || die "no AppCDS archive written; see $WORK/caravan.log"
if [ -n "$J25" ]; then
  log "AOT training run on $J25"
  start "$J25" -XX:AOTCacheOutput="$AOT"; send_one; stop_pid "$PID" 60
  [ -s "$AOT" ] || die "no AOT cache written; see $WORK/caravan.log"
fi

declare -A TIMES
variants=(java java-appcds)
[ -n "$J25" ] && variants+=(jdk25 jdk25-aot)
for r in $(seq "$RUNS"); do
  for v in "${variants[@]}"; do
    case $v in
      java) start java ;;
      java-appcds) start java -XX:SharedArchiveFile="$CDS" ;;
      jdk25) start "$J25" ;;
      jdk25-aot) start "$J25" -XX:AOTCache="$AOT" ;;
    esac
    stop_pid "$PID" 30
    TIMES[$v]="${TIMES[$v]:-} $ELAPSED"
    log "run $r $v: $ELAPSED s"
  done
done

report() {
  echo "## Caravan start-up: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- command: \`bench/startup.sh --runs $RUNS --jar ${JAR#$PWD/}\`; tree at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MB", $2/1024}' /proc/meminfo) RAM; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- default java: $(java -version 2>&1 | head -1)${J25:+; JDK 25: $("$J25" -version 2>&1 | head -1)}"
  echo
  echo "| variant | median | min | max | all runs (s) | target ≤ 2 s |"
  echo "|---|---:|---:|---:|---|---|"
  for v in "${variants[@]}"; do
    python3 - "$v" ${TIMES[$v]} <<'PY'
import statistics, sys
v, xs = sys.argv[1], [float(x) for x in sys.argv[2:]]
m = statistics.median(xs)
print(f"| {v} | {m:.2f} s | {min(xs):.2f} s | {max(xs):.2f} s | {' '.join(f'{x:.2f}' for x in xs)} | {'met' if m <= 2 else 'not met'} |")
PY
  done
  echo
  echo "Time from launching \`java -jar\` to the SMTP port accepting a connection; second starts (data-dir exists)."
  echo "java-appcds and jdk25-aot run with an archive or cache made by one training run of this jar."
}
report | tee ${OUT:+-a "$OUT"}
