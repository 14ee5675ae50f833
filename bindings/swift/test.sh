#!/usr/bin/env bash
# Generates the Swift bindings from a built libburao into this package (the FFI
# header, a module map with `link "burao"`, Burao.swift) and runs the XCTest suite
# with `swift test` inside the Swift root of scripts/toolchains.sh.
#
#   bindings/swift/test.sh path/to/libburao.so      (env: BURAO_TEST_BUNDLE)
#
# The library is built on the host (a bookworm-built .so loads in trixie, not the
# reverse) and found at run time through an rpath. Output ends "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
die() { echo "[swift] ERROR: $*" >&2; exit 1; }
lib=$(realpath "${1:?usage: $0 path/to/libburao.so}")
[ -f "$lib" ] || die "no library at $lib"
bundle=$(realpath "${BURAO_TEST_BUNDLE:-}") && [ -f "$bundle" ] || die "BURAO_TEST_BUNDLE must name a bundle file"
libdir=$(dirname "$lib")

gen="$here/.build/generated"
# A delta patch from the default bundle to the test bundle, for the applyUpdate test.
mkdir -p "$here/.build"
patch="$here/.build/default-to-test.patch"
(cd "$repo" && cargo run --quiet -p burao-cli -- diff core/data/default.bundle "$bundle" --out "$patch")
rm -rf "$gen"
# Inside the workspace: uniffi-bindgen reads bindings/uniffi.toml through cargo metadata.
(cd "$repo" && cargo run --quiet -p uniffi-bindgen -- generate --library "$lib" \
  --language swift --out-dir "$gen" --no-format)
for f in Burao.swift BuraoFFI.h BuraoFFI.modulemap; do [ -f "$gen/$f" ] || die "uniffi-bindgen made no $f"; done
mkdir -p "$here/Sources/BuraoFFI"
# SwiftPM wants module.modulemap in the systemLibrary folder, linking the library.
sed '$ s/^}$/    link "burao"\n}/' "$gen/BuraoFFI.modulemap" >"$gen/module.modulemap"
# Copied only when changed, so SwiftPM's incremental build stays warm.
install_if_changed() { cmp -s "$1" "$2" || cp "$1" "$2"; }
install_if_changed "$gen/Burao.swift" "$here/Sources/Burao/Burao.swift"
install_if_changed "$gen/BuraoFFI.h" "$here/Sources/BuraoFFI/BuraoFFI.h"
install_if_changed "$gen/module.modulemap" "$here/Sources/BuraoFFI/module.modulemap"
grep -q 'link "burao"' "$here/Sources/BuraoFFI/module.modulemap" || die "could not add link \"burao\" to the module map"

# The README's Swift blocks marked `<!-- compiled -->` join the test target.
"$repo/scripts/readme-snippets.sh" swift "$here/../README.md" "$here/Tests/BuraoTests/Readme" swift

"$repo/scripts/swift-test.sh" "$here/.build/test.log" \
  --bind "$libdir" --bind "$(dirname "$bundle")" "$here" -- \
  env BURAO_REPO="$repo" BURAO_TEST_BUNDLE="$bundle" BURAO_TEST_PATCH="$patch" \
  swift test --disable-swift-testing \
    -Xlinker -L"$libdir" -Xlinker -rpath -Xlinker "$libdir"
