#!/bin/bash
# Instructions (valgrind callgrind, the same under any load) of one raft-kv run of each build, with
# every checker and with none, after the warm-up order of the `--vs` raft rows:
#
#   bench/raft-instructions.sh <other-repo-root> [this-repo-root] [virtualMs, default 300000]
#
# Counted only inside the measured run (see `raft` in instructions-child.ts): V8's compilation and
# garbage collection in it are counted (Node runs --single-threaded), start-up and warm-up are not.
# Each root needs a built dist/ and node_modules/.
set -euo pipefail
other=$(cd "$1" && pwd)
this=$(cd "${2:-$(dirname "$0")/..}" && pwd)
virtualMs=${3:-300000}
child="$this/dist/bench/instructions-child.js"
out=$(mktemp -d)

count() { # label root checkers
  (cd "$2" && valgrind --tool=callgrind --dump-instr=no --collect-atstart=no --toggle-collect=Builtins_ArrayReduceRight \
    --callgrind-out-file="$out/$1.cg" node --single-threaded "$child" "$2/dist" raft "$3" "$virtualMs" >"$out/$1.log" 2>&1)
  echo "$1 $(grep -o 'Collected : [0-9]*' "$out/$1.log" | awk '{print $3}')"
}

# Two at a time (the counts do not depend on load).
count other-all "$other" all > "$out/a.txt" &
count this-all "$this" all > "$out/b.txt"
wait
count other-none "$other" none > "$out/c.txt" &
count this-none "$this" none > "$out/d.txt"
wait
echo "other: $other; this: $this; $virtualMs virtual ms of raft-kv seed 1, instructions in the measured run"
cat "$out/a.txt" "$out/b.txt" "$out/c.txt" "$out/d.txt"
rm -rf "$out"
