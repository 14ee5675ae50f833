#!/usr/bin/env bash
# Runs the test binaries of burao-core and burao-cli under strace and fails if
# any of them (or anything they start) opens a network socket: the SDK must
# work with no network at all. AF_UNIX sockets are local IPC and allowed.
# Installs strace with apt-get when missing; fails loudly when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v strace >/dev/null; then
  echo "strace missing: installing it with apt-get" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  # A fresh machine has no package lists yet: update once if the first try fails.
  $sudo apt-get install -y -qq strace >/dev/null 2>&1 ||
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq strace >/dev/null; }
fi
command -v strace >/dev/null || { echo "FAIL: strace is not available" >&2; exit 1; }

# Test harnesses only (the `burao` binary itself is started by the CLI tests).
mapfile -t bins < <(cargo test -p burao-core -p burao-cli --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(m["executable"])')
[ "${#bins[@]}" -gt 0 ] || { echo "FAIL: no test binaries were built" >&2; exit 1; }

log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT
status=0
for bin in "${bins[@]}"; do
  name="$(basename "$bin")"
  # --seccomp-bpf stops only on the traced calls, so the tests run at full speed.
  if ! strace -f --seccomp-bpf -qq -e trace=socket,socketpair,connect -o "$log/$name" \
      "$bin" --test-threads=2 -q >"$log/$name.out" 2>&1; then
    echo "FAIL: $name failed under strace:" >&2
    tail -20 "$log/$name.out" >&2
    status=1
    continue
  fi
  calls=$(grep -cE 'socket|connect' "$log/$name" || true)
  net=$(grep -E 'socket(pair)?\(|connect\(' "$log/$name" | grep -vE 'AF_UNIX|AF_LOCAL' || true)
  if [ -n "$net" ]; then
    echo "FAIL: $name opened a network socket:" >&2
    echo "$net" >&2
    status=1
  else
    echo "ok: $name ($calls local socket calls)"
  fi
done
# The check itself must be able to fail: a process that does open a socket is caught.
strace -f --seccomp-bpf -qq -e trace=socket,connect -o "$log/probe" \
  bash -c 'exec 3<>/dev/tcp/127.0.0.1/9 || true' 2>/dev/null || true
if ! grep -E 'socket\(' "$log/probe" | grep -qvE 'AF_UNIX|AF_LOCAL'; then
  echo "FAIL: the strace probe did not see a known TCP socket; the check is blind" >&2
  status=1
fi
exit "$status"
