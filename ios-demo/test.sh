#!/usr/bin/env bash
# Runs the BuraoDemoKit XCTests (all decision logic of the iOS demo app and its
# extensions) on Linux, inside the Swift root of scripts/toolchains.sh, against a
# host-built libburao:
#
#   cargo build -p burao --features testing
#   ios-demo/test.sh target/debug
#
# Generates the Swift bindings from the library into bindings/swift (as
# bindings/swift/test.sh does; the generated files are not committed), builds the
# two round-trip bundles with the CLI, then `swift test`. A missing toolchain or
# library is an error, never a skip. Output ends with XCTest's "Executed N tests"
# line and "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
die() { echo "[ios-demo] ERROR: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: $0 LIB_DIR (the dir holding libburao.so, e.g. target/debug)"
libdir=$(realpath "$1") || die "no such dir: $1"
lib="$libdir/libburao.so"
[ -f "$lib" ] || die "no libburao.so in $libdir: cargo build -p burao --features testing"
command -v cargo >/dev/null || die "cargo not found"
[ -x "${BURAO_TOOLS:-/opt/burao-tools}/swift-root/usr/libexec/swift/bin/swift" ] \
  || die "no Swift root: run scripts/toolchains.sh swift"
kit="$here/BuraoDemoKit"
swiftpkg="$repo/bindings/swift"

# 1. Swift bindings from the library (inside the workspace: bindgen reads uniffi.toml).
gen="$kit/.build/generated"
rm -rf "$gen"
(cd "$repo" && cargo run --quiet -p uniffi-bindgen -- generate --library "$lib" \
  --language swift --out-dir "$gen" --no-format)
for f in Burao.swift BuraoFFI.h BuraoFFI.modulemap; do [ -f "$gen/$f" ] || die "uniffi-bindgen made no $f"; done
mkdir -p "$swiftpkg/Sources/BuraoFFI"
cp "$gen/Burao.swift" "$swiftpkg/Sources/Burao/Burao.swift"
cp "$gen/BuraoFFI.h" "$swiftpkg/Sources/BuraoFFI/BuraoFFI.h"
sed '$ s/^}$/    link "burao"\n}/' "$gen/BuraoFFI.modulemap" >"$swiftpkg/Sources/BuraoFFI/module.modulemap"
grep -q 'link "burao"' "$swiftpkg/Sources/BuraoFFI/module.modulemap" || die "could not add link \"burao\" to the module map"

# 2. The two bundles of the Call Directory round trip, reproducibly.
bundles="$kit/.build/bundles"
mkdir -p "$bundles"
for v in 1 2; do
  (cd "$repo" && cargo run --quiet -p burao-cli -- build \
    --blocklist "$kit/Tests/lists/demo-v$v.csv" --region CN \
    --name "demo-v$v" --bundle-version "$v" --sequence "$v" --created-unix 1795824000 \
    --out "$bundles/demo-v$v.burao") || die "burao build failed for demo-v$v"
done

# 3. The Apple-only files cannot be compiled here (no iOS SDK); parse them at least,
#    inactive `#if canImport(...)` blocks included, so a syntax slip fails here.
apple_files=("$here"/App/*.swift "$here"/MessageFilter/*.swift "$here"/CallDirectory/*.swift "$here"/Shared/*.swift)
"$repo/scripts/swift-run.sh" "$here" -- swiftc -parse "${apple_files[@]}" \
  || die "the Apple-only Swift files do not parse"
echo "[ios-demo] parsed (not compiled) ${#apple_files[@]} Apple-only files"

# 4. The tests, in the Swift root.
"$repo/scripts/swift-test.sh" "$kit/.build/test.log" --bind "$libdir" "$kit" -- \
  env BURAO_REPO="$repo" BURAO_DEMO_BUNDLES="$bundles" \
  swift test --disable-swift-testing \
    -Xlinker -L"$libdir" -Xlinker -rpath -Xlinker "$libdir"
