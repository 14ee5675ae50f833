#!/usr/bin/env bash
# Builds libburao for iOS devices, the iOS simulator and macOS, and packs it as
# ios-demo/BuraoApple/BuraoFFI.xcframework, with the generated Swift next to it
# (ios-demo/BuraoApple/Sources/Burao). Needs a Mac with Xcode and rustup; it has
# never been run on the Linux machines this project is developed on.
#
#   ios-demo/scripts/build-xcframework.sh          (PROFILE=release by default)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(cd "$here/.." && pwd)
die() { echo "[xcframework] ERROR: $*" >&2; exit 1; }
[ "$(uname -s)" = Darwin ] || die "needs macOS with Xcode (xcodebuild, lipo)"
command -v xcodebuild >/dev/null || die "xcodebuild not found: install Xcode"
profile=${PROFILE:-release}
out="$here/build"
pkg="$here/BuraoApple"
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)

cd "$repo"
rustup target add "${targets[@]}"
for t in "${targets[@]}"; do
  # Only the static library: an iOS cdylib is not needed and would need more linker setup.
  cargo rustc -p burao --lib --profile "$profile" --target "$t" --crate-type staticlib
done
lib() { echo "$repo/target/$1/$profile/libburao.a"; }

# The Swift and C declarations, from a host build of the same sources.
cargo build -p burao --lib --profile "$profile"
rm -rf "$out" && mkdir -p "$out/headers" "$out/ios-sim" "$out/macos"
cargo run --quiet -p uniffi-bindgen -- generate --library "$repo/target/$profile/libburao.dylib" \
  --language swift --out-dir "$out/generated" --no-format
cp "$out/generated/BuraoFFI.h" "$out/headers/"
cp "$out/generated/BuraoFFI.modulemap" "$out/headers/module.modulemap"

# One slice per platform: the simulator and macOS slices are fat (arm64 + x86_64).
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$out/ios-sim/libburao.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$out/macos/libburao.a"
rm -rf "$pkg/BuraoFFI.xcframework"
xcodebuild -create-xcframework \
  -library "$(lib aarch64-apple-ios)" -headers "$out/headers" \
  -library "$out/ios-sim/libburao.a" -headers "$out/headers" \
  -library "$out/macos/libburao.a" -headers "$out/headers" \
  -output "$pkg/BuraoFFI.xcframework"

cp "$out/generated/Burao.swift" "$pkg/Sources/Burao/Burao.swift"
cp "$repo/bindings/swift/Sources/Burao/Screener+Files.swift" "$pkg/Sources/Burao/"
echo "[xcframework] $pkg/BuraoFFI.xcframework and $pkg/Sources/Burao ready"
