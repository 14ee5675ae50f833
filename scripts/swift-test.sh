#!/usr/bin/env bash
# Runs `swift test` through scripts/swift-run.sh and restates XCTest's closing line
# as "N passed, N failed" (the form CI reads). Fails when the run failed, when a
# test failed, or when no XCTest suite ran at all.
#
#   scripts/swift-test.sh LOG [swift-run.sh arguments: --bind DIR… WORKDIR -- CMD…]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log=${1:?usage: $0 LOG swift-run-arguments...}
shift
mkdir -p "$(dirname "$log")"
die() { echo "[swift-test] ERROR: $*" >&2; exit 1; }
set +e
"$here/swift-run.sh" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
summary=$(grep -Eo 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$log" | tail -n1 || true)
[ -n "$summary" ] || die "swift test ran no XCTest suite (exit $rc)"
total=$(awk '{print $2}' <<<"$summary"); failed=$(awk '{print $5}' <<<"$summary")
echo "$((total - failed)) passed, $failed failed"
[ "$rc" = 0 ] && [ "$failed" = 0 ] && [ "$total" -gt 0 ] || die "swift test failed (exit $rc)"
