#!/usr/bin/env bash
# Measures a local run as a user starts it: the time from `./xc run` to the ready banner (every
# resource healthy), the memory of every process it started added up (PSS, so shared pages count
# once), and the time SIGTERM takes to stop it all, then checks nothing is left running.
#
#   scripts/measure-run.sh [--silos N]
#
# Run from the repository root, with no other `./xc run` in this checkout. Prints one line per figure.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp "${TMPDIR:-/tmp}/xc-measure-run.XXXXXX")
trap 'rm -f "$log"' EXIT

started=$(date +%s%N)
setsid ./xc run "$@" >"$log" 2>&1 &
launcher=$!

elapsed() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

deadline=$((SECONDS + 600))
apphost_ms=
until grep -q "XcAspire is running" "$log"; do
  [[ -z $apphost_ms ]] && grep -q "Aspire AppHost version" "$log" && apphost_ms=$(elapsed "$started")
  if ! kill -0 "$launcher" 2>/dev/null || (( SECONDS > deadline )); then
    echo "measure-run: ./xc run did not become ready; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.2
done
ready_ms=$(elapsed "$started")

# The AppHost (./xc run exec's it, so it keeps the launcher's pid), DCP (started detached, found by
# the pid it monitors) and every descendant of either: the services, their launchers, PostgreSQL.
roots=("$launcher")
while read -r pid; do roots+=("$pid"); done < <(pgrep -f "dcp .*--monitor $launcher" || true)
kubeconfig=$(pgrep -af "dcp .*--monitor $launcher" | grep -o -- '--kubeconfig [^ ]*' | head -1 | cut -d' ' -f2 | tr -d '"' || true)
if [[ -n $kubeconfig ]]; then
  while read -r pid; do roots+=("$pid"); done < <(pgrep -f -- "$kubeconfig" || true)
fi

descendants() {
  local pid=$1 child
  echo "$pid"
  for child in $(pgrep -P "$pid" || true); do descendants "$child"; done
}

# What a process is, for the breakdown: a service, the launcher DCP runs it through, DCP, PostgreSQL, the dashboard.
process_name() {
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true)
  case $cmd in
    "dotnet run "*) echo "dotnet run (service launchers)" ;;
    *XcAspire.AppHost*) echo "AppHost" ;;
    *Aspire.Dashboard*) echo "Aspire dashboard" ;;
    *XcAspire.Silo*) echo "silos" ;;
    *XcAspire.Api*) echo "API" ;;
    *XcAspire.SampleSource*) echo "sample source" ;;
    *"/dcp "*) echo "DCP" ;;
    *postgres*) echo "PostgreSQL" ;;
    *) echo "other" ;;
  esac
}

mapfile -t pids < <(for r in "${roots[@]}"; do descendants "$r"; done | sort -un)
total_kb=0
declare -A by_name=()
for pid in "${pids[@]}"; do
  [[ -r /proc/$pid/smaps_rollup ]] || continue
  kb=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
  name=$(process_name "$pid")
  total_kb=$((total_kb + ${kb:-0}))
  by_name[${name:-other}]=$(( ${by_name[${name:-other}]:-0} + ${kb:-0} ))
done

seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
echo "ready: $(seconds "$ready_ms") s from ./xc run to every resource healthy, of which $(seconds "$((ready_ms - ${apphost_ms:-0}))") s from the AppHost's start (the rest is the build)"
printf 'memory: %d MiB PSS over %d processes\n' $((total_kb / 1024)) "${#pids[@]}"
for name in "${!by_name[@]}"; do printf '  %-32s %6d MiB\n' "$name" $((by_name[$name] / 1024)); done | sort -t$'\t' -k1,1

stop_started=$(date +%s%N)
kill -TERM "$launcher"
deadline=$((SECONDS + 120))
while :; do
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
  (( alive == 0 )) && break
  if (( SECONDS > deadline )); then
    echo "measure-run: $alive processes still running 120 s after SIGTERM" >&2
    exit 1
  fi
  sleep 0.2
done
echo "stop: $(seconds "$(elapsed "$stop_started")") s from SIGTERM to no process left"
