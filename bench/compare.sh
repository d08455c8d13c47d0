#!/usr/bin/env bash
# Times `verity build` (checker on), `verity check`, Hugo and Zola on the
# same generated content, the preview server's rebuilds, and the time from
# saving a page to its new words being served, on this machine.
#
#   bench/compare.sh [SIZES...]      sizes in pages, default: 1000 10000
#
# LEGACY=1 generates pages written as imported from an old site, whose
# long sentences leave tens of thousands of writing warnings. RUNS sets
# how many timed runs each tool gets (default 5).
#
# Zola is not on crates.io or in Debian. ZOLA names its binary, or `zola`
# on PATH is used; otherwise it is built once per machine from its source:
# cloned from ZOLA_GIT (default github.com/getzola/zola) at ZOLA_REF
# (default v0.22.1) into ZOLA_HOME (default ~/.cache/verity-bench/zola) and
# built with cargo. If none of that works, the Zola columns are left out.
#
# Corpora live in /dev/shm (memory) so that the disk, which on shared
# virtual machines varies by seconds from run to run, does not decide the
# result. Needs hyperfine and hugo (apt-get install hyperfine hugo).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1000 10000); fi
for tool in hyperfine hugo; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $tool" >&2; exit 2; }
done
# The Zola binary to time, built once from source if need be (see above);
# empty if there is none.
zola_binary() {
  if [ -n "${ZOLA:-}" ]; then echo "$ZOLA"; return; fi
  if command -v zola >/dev/null; then command -v zola; return; fi
  local home="${ZOLA_HOME:-$HOME/.cache/verity-bench/zola}"
  if [ ! -x "$home/target/release/zola" ]; then
    if [ ! -d "$home/.git" ]; then
      git clone --quiet "${ZOLA_GIT:-https://github.com/getzola/zola}" "$home" >&2 || return 0
      git -C "$home" checkout --quiet "${ZOLA_REF:-v0.22.1}" >&2 || return 0
    fi
    echo "building Zola once, in $home (a few minutes)" >&2
    (cd "$home" && cargo build --release --locked --quiet) >&2 || return 0
  fi
  echo "$home/target/release/zola"
}
zola="$(zola_binary)"
legacy=()
if [ "${LEGACY:-0}" = 1 ]; then legacy=(--legacy); fi
cargo build --release --quiet --examples
cargo build --release --quiet
verity="$PWD/target/release/verity"
work=/dev/shm/verity-bench
mkdir -p "$work"
as_of=2026-11-21

peak_mib() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'; }

printf "%-7s %12s %12s %12s %12s %10s %10s %10s %10s\n" \
  pages verity_build verity_check hugo zola of_zola verity_MiB hugo_MiB zola_MiB
for pages in "${sizes[@]}"; do
  trusts=$((pages / 100))
  corpus="$work/verity-$pages" hugo_site="$work/hugo-$pages" zola_site="$work/zola-$pages"
  rm -rf "$corpus" "$hugo_site" "$zola_site"
  ./target/release/examples/gen_corpus --trusts "$trusts" --pages 100 "${legacy[@]}" "$corpus" \
    --hugo "$hugo_site" --zola "$zola_site" >/dev/null
  json="$work/times-$pages.json"
  runs=(-n verity_build "$verity --root $corpus build --as-of $as_of --out $work/out-verity-$pages"
        -n verity_check "$verity --root $corpus check --as-of $as_of"
        -n hugo "cd $hugo_site && hugo --quiet -d $work/out-hugo-$pages")
  if [ -n "$zola" ]; then
    runs+=(-n zola "cd $zola_site && $zola build -o $work/out-zola-$pages --force")
  fi
  hyperfine --style none --warmup 1 --runs "${RUNS:-5}" --export-json "$json" "${runs[@]}" >/dev/null
  read -r vb vc hg zl < <(python3 -c "import json; r={x['command']:x['median'] for x in json.load(open('$json'))['results']}; print(r['verity_build'], r['verity_check'], r['hugo'], r.get('zola', 0))")
  vmem=$(peak_mib "$verity" --root "$corpus" build --as-of "$as_of" --out "$work/out-verity-$pages")
  hmem=$(cd "$hugo_site" && peak_mib hugo --quiet -d "$work/out-hugo-$pages")
  zmem=-
  if [ -n "$zola" ]; then
    zmem=$(cd "$zola_site" && peak_mib "$zola" build -o "$work/out-zola-$pages" --force)
  fi
  printf "%-7s %11.2fs %11.2fs %11.2fs %11.2fs %10s %10s %10s %10s\n" "$pages" "$vb" "$vc" "$hg" "$zl" \
    "$(python3 -c "print('-' if $zl == 0 else f'{$vb/$zl:.2f}')")" "$vmem" "$hmem" "$zmem"
done
echo
echo "Where the time goes in one build of the largest corpus:"
"$verity" --root "$work/verity-${sizes[-1]}" build --as-of "$as_of" --out "$work/out-verity-stages" --timings 2>&1 | grep -E "^ *[a-z]+:"
echo
echo "The preview server's rebuilds on the largest corpus:"
./target/release/examples/bench_rebuild "$work/verity-${sizes[-1]}" 2>/dev/null
echo
echo "From saving a page to its new words being served (verity serve):"
"$PWD/target/release/examples/bench_save" "$work/verity-${sizes[-1]}"
