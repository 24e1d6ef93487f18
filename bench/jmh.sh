#!/usr/bin/env bash
# Runs Caravan's JMH micro-benchmarks (src/test/java/io/caravan/**/*Benchmark.java) against the real production classes.
# Usage: bench/jmh.sh [JMH arguments]     (from anywhere; needs mvn and a JDK 17)
#   bench/jmh.sh                      all benchmarks, short settings, results in target/jmh-result.json
#   bench/jmh.sh -l                   list the benchmarks
#   bench/jmh.sh 'Dkim|DataReader'    a subset, same short settings: regexes select benchmarks by full name
#   bench/jmh.sh -f 3 -i 10 Dkim      your own JMH options: when the first argument is an option, the
#                                     defaults below are not added (JMH's own are 5 forks of 5x10 s, throughput)
# Not a test: never run by .ci/run. Single-threaded figures; keep the machine otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."
CLASSPATH_FILE=$(mktemp)
trap 'rm -f "$CLASSPATH_FILE"' EXIT
mvn -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test
if [ $# -eq 0 ] || [[ $1 != -* ]]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt -rf json -rff target/jmh-result.json "$@"
fi
java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" org.openjdk.jmh.Main "$@"
