#!/usr/bin/env bash
# CPU each given process used over a window, as a share of one core, from /proc/<pid>/stat
# (user + system time, all threads). Usage: sample-cpu.sh SECONDS NAME=PID [NAME=PID ...]
set -euo pipefail
seconds=${1:?usage: sample-cpu.sh SECONDS NAME=PID [NAME=PID ...]}
shift
ticks_per_second=$(getconf CLK_TCK)

cpu_ticks() {
  # Fields 14 and 15 (utime, stime) counted after the command name, which may hold spaces.
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  read -r -a fields <<<"$stat"
  echo $((fields[11] + fields[12]))
}

declare -A before
for entry in "$@"; do before[$entry]=$(cpu_ticks "${entry#*=}"); done
start=$(date +%s.%N)
sleep "$seconds"
elapsed=$(echo "$(date +%s.%N) - $start" | bc -l)
for entry in "$@"; do
  used=$(( $(cpu_ticks "${entry#*=}") - before[$entry] ))
  printf '%-22s %6.2f %% of a core over %.0f s\n' "${entry%%=*}" "$(echo "100 * $used / $ticks_per_second / $elapsed" | bc -l)" "$elapsed"
done
