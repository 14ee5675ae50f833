#!/usr/bin/env bash
# Builds BuraoFFI.xcframework (static libburao for iOS devices, the iOS simulator
# and macOS) plus the generated Swift sources for apple/Package.swift. Needs macOS
# with Xcode; it cannot run in this project's CI (Linux), where test.sh tests the
# same generated Swift against the host library instead.
#
#   bindings/swift/build-xcframework.sh   -> bindings/swift/apple/BuraoFFI.xcframework
#                                            bindings/swift/apple/build/BuraoFFI.xcframework.zip (+ checksum)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
apple="$here/apple"
die() { echo "[xcframework] ERROR: $*" >&2; exit 1; }

[ "$(uname -s)" = Darwin ] || die "needs macOS with Xcode (xcodebuild, lipo)"
for tool in xcodebuild lipo swift; do command -v "$tool" >/dev/null || die "$tool not found"; done
targets="aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin"
# shellcheck disable=SC2086
rustup target add $targets

cd "$repo"
target_dir=${CARGO_TARGET_DIR:-$repo/target}
for t in $targets; do
  # Only the static library: `cargo build` would also link the cdylib, which
  # needs more linker setup for iOS and is not shipped.
  cargo rustc --release -p burao --lib --target "$t" --crate-type staticlib
done
lib() { echo "$target_dir/$1/release/libburao.a"; }

build="$apple/build"
rm -rf "$build" "$apple/BuraoFFI.xcframework"
mkdir -p "$build/ios" "$build/ios-sim" "$build/macos" "$build/headers" "$build/generated"
cp "$(lib aarch64-apple-ios)" "$build/ios/libburao.a"
# One library per platform in an XCFramework: merge the simulator and the Mac slices.
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$build/ios-sim/libburao.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$build/macos/libburao.a"

# Bindings from the host (macOS) build: same interface on every target.
cargo build --release -p burao
cargo run --quiet -p uniffi-bindgen -- generate --library "$target_dir/release/libburao.dylib" \
  --language swift --out-dir "$build/generated" --no-format
cp "$build/generated/BuraoFFI.h" "$build/headers/"
# The framework's module must be named like the binaryTarget (BuraoFFI); static
# linking through the XCFramework needs no `link` line.
cp "$build/generated/BuraoFFI.modulemap" "$build/headers/module.modulemap"

xcodebuild -create-xcframework \
  -library "$build/ios/libburao.a" -headers "$build/headers" \
  -library "$build/ios-sim/libburao.a" -headers "$build/headers" \
  -library "$build/macos/libburao.a" -headers "$build/headers" \
  -output "$apple/BuraoFFI.xcframework"

# The Swift layer apple/Package.swift compiles: generated code plus our niceties.
rm -rf "$apple/Sources/Burao"; mkdir -p "$apple/Sources/Burao"
# Every hand-written file of Sources/Burao (adapters, error descriptions, file
# helpers); its Burao.swift is test.sh's generated copy, replaced by this build's.
cp "$build/generated/Burao.swift" "$apple/Sources/Burao/"
for f in "$here"/Sources/Burao/*.swift; do
  [ "$(basename "$f")" = Burao.swift ] || cp "$f" "$apple/Sources/Burao/"
done

# For a release: upload the zip and use `.binaryTarget(url:checksum:)` instead of path.
(cd "$apple" && zip -qry "$build/BuraoFFI.xcframework.zip" BuraoFFI.xcframework)
echo "checksum: $(swift package compute-checksum "$build/BuraoFFI.xcframework.zip")"
(cd "$apple" && swift build)
