#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another,
# adding what each finds to its corpus under fuzz/corpus/.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (cargo install cargo-fuzz). cargo-fuzz asks for nightly
# Rust; RUSTC_BOOTSTRAP=1 lets the stable compiler take the same flags.
# A crash is saved under fuzz/artifacts/TARGET/ and stops the run: replay it
# with `cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-...`, then add
# the input to fuzz/corpus/TARGET/ so that `cargo test` guards against it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
if [ $# -gt 0 ]; then targets=("$@"); else targets=(front_matter expressions claims page raw_html); fi
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  echo "== $target for ${seconds}s"
  # Merge the new corpus into fewer files afterwards, so the repository
  # keeps only inputs that reach something new.
  cargo fuzz run -O "$target" "fuzz/corpus/$target" -- -max_total_time="$seconds" -max_len=8192 -print_final_stats=1
  cargo fuzz cmin -O "$target" "fuzz/corpus/$target" >/dev/null 2>&1 || true
done
