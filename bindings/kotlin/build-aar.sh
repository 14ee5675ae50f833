#!/usr/bin/env bash
# Builds the Burao Android library (AAR) on a machine with the Android SDK and NDK.
# It cannot run in this project's CI (no NDK there); the JVM suite (test.sh) tests
# the same generated Kotlin against the host library instead.
#
#   bindings/kotlin/build-aar.sh        -> bindings/kotlin/android/build/outputs/aar/
#
# Needs: ANDROID_HOME (SDK, platform 36), ANDROID_NDK_HOME (NDK r27+), cargo-ndk
# (`cargo install cargo-ndk`), Gradle 8.11.1+ on PATH (AGP 8.9.1), JDK 17, and the
# Rust targets below. Versions: bindings/README.md "Versions".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
module="$here/android"
die() { echo "[build-aar] ERROR: $*" >&2; exit 1; }

[ -d "${ANDROID_HOME:-}" ] || die "ANDROID_HOME must point to the Android SDK"
[ -d "${ANDROID_NDK_HOME:-}" ] || die "ANDROID_NDK_HOME must point to the Android NDK (r27 or later)"
cargo ndk --version >/dev/null 2>&1 || die "cargo-ndk missing: cargo install cargo-ndk"
command -v gradle >/dev/null || die "gradle missing (8.11.1 or later)"
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android

cd "$repo"
rm -rf "$module/src/main/jniLibs"
# 16 KB pages (Android 15+ devices): align every LOAD segment to 16 KB. Packed
# relocations (Android's format, API 23+; the module's minSdk is 24): ~200 KB
# less per ABI, like the host library's DT_RELR (.cargo/config.toml). RUSTFLAGS
# applies to the target artefacts only, since cargo ndk always passes --target.
RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384 -C link-arg=-Wl,--pack-dyn-relocs=android" \
  cargo ndk --platform 24 -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$module/src/main/jniLibs" \
  build --release -p burao

readelf=$(find "$ANDROID_NDK_HOME/toolchains/llvm/prebuilt" -name llvm-readelf -type f | head -n1)
[ -n "$readelf" ] || die "no llvm-readelf in the NDK: cannot verify 16 KB alignment"
for so in "$module"/src/main/jniLibs/*/libburao.so; do
  # Every LOAD segment must be aligned to at least 2**14 (bash reads the 0x… column).
  for align in $("$readelf" -lW "$so" | awk '$1 == "LOAD" { print $NF }'); do
    [ $((align)) -ge 16384 ] || die "$so has a LOAD segment aligned to $align, not 16 KB"
  done
done

# The Kotlin bindings, generated from one of the built libraries (the interface is
# the same for every ABI), inside the workspace so bindings/uniffi.toml applies.
rm -rf "$module/build/generated/uniffi"
cargo run --quiet -p uniffi-bindgen -- generate \
  --library "$module/src/main/jniLibs/arm64-v8a/libburao.so" \
  --language kotlin --out-dir "$module/build/generated/uniffi" --no-format

gradle -p "$module" --no-daemon assembleRelease
ls -l "$module"/build/outputs/aar/*.aar
