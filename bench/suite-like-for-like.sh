#!/usr/bin/env bash
# The test suite like for like across a change: `npm test` at BASE, then `npm test` at HEAD with only the spec files
# BASE had (each in a fresh clone, CI=true as .ci/run sets it, one after the other on this machine). HEAD's specs
# hold whatever tests they gained since BASE, so HEAD does at least BASE's work. Prints each side's wall seconds and
# its mocha summary. Not part of `npm run bench`: the two clean runs take 30 minutes or more.
#
#   bench/suite-like-for-like.sh BASE [HEAD [SIDES]]
#
# SIDES is "base head" (the default), or one of them, to measure the two halves at different times.
# MOCHA_PROCESSES sets HEAD's mocha processes (scripts/mocha-shards.ts; default 2). A BASE from before mocha-shards ran one
# mocha process: give MOCHA_PROCESSES=1 to compare the code alone, without the second process.
# The clones are made under a temporary folder beside a link to ../shared, as a CI checkout has it.
set -euo pipefail
base=${1:?usage: bench/suite-like-for-like.sh BASE [HEAD [SIDES]]}
head=${2:-HEAD}
sides=${3:-base head}
repo=$(git rev-parse --show-toplevel)
shared=$(cd "$repo/.." && pwd)/shared
base_rev=$(git -C "$repo" rev-parse --verify "$base^{commit}")
head_rev=$(git -C "$repo" rev-parse --verify "$head^{commit}")
work=$(mktemp -d "${TMPDIR:-/tmp}/suite-like-for-like.XXXXXX")
ln -s "$shared" "$work/shared"
echo "Clones under $work; BASE $base_rev, HEAD $head_rev; $(nproc) cores, $(uname -sr)"

clone() {
  git clone --quiet "$repo" "$work/$1"
  git -C "$work/$1" checkout --quiet "$2"
}

# Runs `npm test` in $work/$1, printing its wall seconds and mocha's summary lines; the whole log is $work/$1.log.
timed_test() {
  local started ended status=0
  started=$(date +%s)
  (cd "$work/$1" && CI=true npm test) >"$work/$1.log" 2>&1 </dev/null || status=$?
  ended=$(date +%s)
  echo "$1: npm test exited $status after $((ended - started)) s (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
  grep -E '^(\[[0-9/]+\] )?\s+[0-9]+ (passing|failing|pending)|: (passed|FAILED) in [0-9]+ s$' "$work/$1.log" || true
}

clone base "$base_rev"
clone head "$head_rev"
# HEAD keeps the spec files BASE had; its support files, fixtures and tools stay as they are at HEAD.
comm -13 \
  <(git -C "$work/base" ls-tree -r --name-only HEAD tests | grep '\.spec\.ts$' | sort) \
  <(git -C "$work/head" ls-tree -r --name-only HEAD tests | grep '\.spec\.ts$' | sort) \
  | while read -r spec; do rm "$work/head/$spec"; done
echo "HEAD runs $(find "$work/head/tests" -name '*.spec.ts' | wc -l) spec files, BASE's"

for side in $sides; do timed_test "$side"; done
