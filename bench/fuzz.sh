#!/usr/bin/env bash
# Fuzzes Caravan's parsers with Jazzer, one @FuzzTest at a time (src/test/java/io/caravan/fuzz/*Fuzzer.java).
# Usage: bench/fuzz.sh [seconds-per-target] [target-filter]     (from anywhere; needs mvn and a JDK 17)
#   bench/fuzz.sh                  every target for 60 s each
#   bench/fuzz.sh 600              every target for 10 minutes each
#   bench/fuzz.sh 120 smtpSession  only the targets whose Class#method contains the filter
# A crashing input lands in src/test/resources/io/caravan/fuzz/<Class>Inputs/<method>/crash-<sha1>, where
# mvn verify then runs it as a regression test: fix the defect, keep the file. Inputs that reached new
# code are kept (not committed) in .cifuzz-corpus/ and seed the next run. Exits 1 if any target failed.
# Not a test: never run by .ci/run. mvn verify runs the same methods over the committed corpus only
# (FuzzCorpusTest, without Jazzer's agent, in a second or two).
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
FILTER=${2:-}
CLASSPATH_FILE=$(mktemp)
trap 'rm -f "$CLASSPATH_FILE"' EXIT
mvn -o -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test || exit 2
CP="target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")"
TARGETS=$(grep -l "@FuzzTest$" src/test/java/io/caravan/fuzz/*Fuzzer.java | while read -r file; do
  class=$(basename "$file" .java)
  grep -A3 '@FuzzTest' "$file" | sed -n 's/^ *void \([A-Za-z0-9_]*\)(byte\[\] .*/\1/p' |
    while read -r method; do echo "io.caravan.fuzz.$class#$method"; done
done)
failed=()
for target in $TARGETS; do
  [[ -n $FILTER && $target != *"$FILTER"* ]] && continue
  echo "=== $target: fuzzing for ${SECONDS_PER_TARGET}s"
  if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${SECONDS_PER_TARGET}s" \
      java -XX:-OmitStackTraceInFastThrow -XX:+UseParallelGC ${JAVA_OPTS:-} \
      -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
      -cp "$CP" io.caravan.fuzz.FuzzLauncher "$target"; then
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]} (crashing inputs are under src/test/resources/io/caravan/fuzz/)"
  exit 1
fi
echo "All targets fuzzed for ${SECONDS_PER_TARGET}s each without a finding."
