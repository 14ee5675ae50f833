#!/usr/bin/env bash
# Run a command inside the Swift (Debian trixie) root made by scripts/toolchains.sh.
#
#   scripts/swift-run.sh [--bind DIR]... WORKDIR -- CMD [ARGS...]
#   e.g. scripts/swift-run.sh bindings/swift -- swift test --disable-swift-testing
#
# Bind-mounted at the SAME path inside the root (so absolute paths such as an
# -rpath to target/release keep working): the repo this script lives in, WORKDIR,
# each --bind DIR, every dir in $BURAO_SWIFT_BINDS (colon-separated) and
# $CARGO_TARGET_DIR if set. Nothing is hard-coded: a fresh clone elsewhere works.
#
# Safety (rm -rf through a bind mount deletes the bound tree): the mounts are made
# in a private mount namespace (unshare), so they vanish when the command ends,
# even on SIGKILL, and are never visible to the host; an EXIT trap unmounts too.
set -euo pipefail

die() { echo "[swift-run] ERROR: $*" >&2; exit 1; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ROOT=$(realpath -m "${BURAO_TOOLS:-/opt/burao-tools}/swift-root")

[ "$(id -u)" = 0 ] || die "needs root (mount, chroot)"
[ -x "$ROOT/usr/libexec/swift/bin/swift" ] || die "no Swift root at $ROOT: run scripts/toolchains.sh swift"

# Re-exec once inside a private mount namespace when the kernel allows it.
if [ -z "${BURAO_SWIFT_NS:-}" ]; then
  if unshare --mount --propagation private true 2>/dev/null; then
    BURAO_SWIFT_NS=1 exec unshare --mount --propagation private "$0" "$@"
  fi
  echo "[swift-run] warning: unshare unavailable, mounting in the host namespace" >&2
fi

# Shared lock: wait while scripts/toolchains.sh (exclusive lock) rebuilds the root.
exec 9>"$(dirname "$ROOT")/.lock"
flock -s -w 3600 9 || die "timed out waiting for the toolchains lock"

binds=("$REPO")
while [ "${1:-}" = --bind ]; do [ $# -ge 2 ] || die "--bind needs a DIR"; binds+=("$2"); shift 2; done
[ $# -ge 3 ] && [ "$2" = -- ] || die "usage: $0 [--bind DIR]... WORKDIR -- CMD [ARGS...]"
WORKDIR=$(realpath "$1") || die "no such dir: $1"; shift 2
binds+=("$WORKDIR")
[ -n "${CARGO_TARGET_DIR:-}" ] && binds+=("$CARGO_TARGET_DIR")
IFS=: read -r -a extra <<<"${BURAO_SWIFT_BINDS:-}"; binds+=("${extra[@]}")

mounted=()
cleanup() {  # unmount in reverse order; lazy so a busy mount never blocks exit
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

mount -t proc proc "$ROOT/proc" && mounted+=("$ROOT/proc") || die "cannot mount /proc in $ROOT"

# Bind parents before children (lexical order) and skip dirs inside a bound one.
real=()
for d in "${binds[@]}"; do
  [ -n "$d" ] || continue
  [ -d "$d" ] || die "cannot bind $d: not a directory"
  real+=("$(realpath "$d")")
done
done_dirs=()
while IFS= read -r d; do
  for b in "${done_dirs[@]}"; do case "$d/" in "$b"/*) continue 2 ;; esac; done
  case "$d/" in "$ROOT"/*) die "refusing to bind $d: inside the Swift root" ;; esac
  case "$ROOT/" in "$d"/*) die "refusing to bind $d: it contains the Swift root" ;; esac
  [ "$d" != / ] || die "refusing to bind /"
  mkdir -p "$ROOT$d"
  mount --bind "$d" "$ROOT$d" || die "cannot bind $d"
  mounted+=("$ROOT$d"); done_dirs+=("$d")
done < <(printf '%s\n' "${real[@]}" | sort -u)

set +e
chroot "$ROOT" /usr/bin/env -i -C "$WORKDIR" HOME=/root LANG=C.UTF-8 PATH=/usr/bin:/bin "$@"
rc=$?
set -e
exit "$rc"
