#!/bin/bash
# Instruction counts (valgrind callgrind, reproducible under load) of this build against another.
#
#   bench/instructions.sh <other-repo-root> [this-repo-root]
#
# Each root needs a built dist/ and node_modules/. Workloads: the engine no-op loop (300,000
# events), `run raft-kv --time 2m --seed 1`, and rpc-at-most-once seeds run as a fuzz worker runs
# them (1 seed, and seeds 1..60 for the cost per seed after warm-up: (I60 − I20) / 40). Node runs
# --single-threaded, so JIT compilation is counted too (a multi-threaded run does it on other cores,
# but it is still CPU time). Counts exclude the kernel (page faults, zeroing fresh memory).
set -euo pipefail
other=$(cd "$1" && pwd)
this=$(cd "${2:-$(dirname "$0")/..}" && pwd)
child="$this/dist/bench/instructions-child.js"
out=$(mktemp -d)

count() { # label root args...
  local label=$1 root=$2
  shift 2
  (cd "$root" && valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$out/$label.cg" "$@" >"$out/$label.log" 2>&1)
  grep -o 'Collected : [0-9]*' "$out/$label.log" | awk '{print $3}'
}

measure() { # side
  local side=$1 root=${!1}
  local noop raft mix one twenty sixty
  noop=$(count "$side-noop" "$root" node --single-threaded "$child" "$root/dist" noop 300000)
  raft=$(count "$side-raft" "$root" node --single-threaded dist/cli/main.js run raft-kv --time 2m --seed 1)
  mix=$([ -f "$root/dist/sim/search/strategies.js" ] && echo mix || true)
  one=$(count "$side-rpc1" "$root" node --single-threaded "$child" "$root/dist" seeds rpc-at-most-once 1 1 $mix)
  twenty=$(count "$side-rpc20" "$root" node --single-threaded "$child" "$root/dist" seeds rpc-at-most-once 1 20 $mix)
  sixty=$(count "$side-rpc60" "$root" node --single-threaded "$child" "$root/dist" seeds rpc-at-most-once 1 60 $mix)
  echo "$side ($root): noop-300k $noop · raft-kv-2m $raft · rpc-1-seed $one · rpc-per-seed $(((sixty - twenty) / 40))"
}

# The two sides run at once (the counts do not depend on load).
measure other > "$out/other.txt" &
measure this > "$out/this.txt"
wait
cat "$out/other.txt" "$out/this.txt"
rm -rf "$out"
