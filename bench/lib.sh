# Shell helpers shared by the bench scripts (sourced, not run).

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
now() { date +%s.%N; }
positive_numbers() {  # values...: exit 2 unless every one is a positive whole number (for option checks)
  local n
  for n in "$@"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "not a positive number: $n" >&2; exit 2; }
  done
}

stop_pid() {  # pid, seconds: SIGTERM, wait with a deadline, then SIGKILL
  local pid=$1 deadline=$(( $(date +%s) + $2 ))
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

wait_port() {  # port, seconds, pid that must stay alive
  local deadline=$(( $(date +%s) + $2 ))
  until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do
    [ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || return 1
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

sink_count() {  # messages smtp-sink has received so far (its -c counter: "sess=N quit=N mesg=N" records ending in CR in $SINK_OUT)
  local n
  n=$(tail -c 400 "$SINK_OUT" 2>/dev/null | tr '\r' '\n' | grep -o 'mesg=[0-9]*' | tail -1 | cut -d= -f2) || true
  echo "${n:-0}"
}
