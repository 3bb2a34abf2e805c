#!/usr/bin/env bash
# The project's one test command: builds every test once, then runs them all,
# doctests included. `bash scripts/test.sh` from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace --all-features --locked --no-run
cargo test --workspace --all-features --locked
