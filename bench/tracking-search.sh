#!/usr/bin/env bash
# Times the message tracking search: fills a store with realistic events, then searches it as an operator would.
# Usage: bench/tracking-search.sh [EVENTS] [RUNS] [DIR]     (from anywhere; needs mvn and a JDK 17)
#   bench/tracking-search.sh                  1,000,000 events, 21 runs of each search, store in target/tracking-bench
#   bench/tracking-search.sh 100000 11        a quick look
# Prints the insert rate (wall and per CPU second), the store's size, and median / worst milliseconds per search
# (recipient, sender, message id, queue id, client ip, event, time range, a message's timeline).
# Target (issue 14): a recipient search over one million events answers in at most 1 s.
# Not a test: never run by .ci/run. Keep the machine otherwise idle; the store is the real TrackingStore (H2).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
EVENTS=${1:-1000000}
RUNS=${2:-21}
DIR=${3:-target/tracking-bench}
positive_numbers "$EVENTS" "$RUNS"
CLASSPATH_FILE=$(mktemp)
trap 'rm -f "$CLASSPATH_FILE"' EXIT
log "building"
mvn -q -o -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test
echo "#### Tracking search: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "Machine: $(nproc) CPUs, load average at start $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" \
    io.caravan.bench.TrackingSearchBench "$EVENTS" "$RUNS" "$DIR"
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
