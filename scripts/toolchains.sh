#!/usr/bin/env bash
# Burao toolchains: Kotlin compiler, test/Android jars, a Swift (trixie) root and
# Rust cross targets, cached OUTSIDE the work tree under $BURAO_TOOLS.
#
#   scripts/toolchains.sh all            # install everything (idempotent), print env
#   scripts/toolchains.sh kotlin|jars|robolectric|swift|rust|aarch64|env
#   source scripts/toolchains.sh && toolchains_all   # also exports the variables below
#
# Exported by toolchains_env (after install): BURAO_TOOLS KOTLIN_HOME KOTLINC
#   KOTLIN_STDLIB KOTLIN_COROUTINES BURAO_JARS JNA_JAR JUNIT_JAR HAMCREST_JAR
#   ANDROID_JAR BURAO_TEST_CP SWIFT_ROOT; by robolectric_env: ROBOLECTRIC_CP
#   ROBOLECTRIC_DEPS_DIR ROBOLECTRIC_SDK_JAR ROBOLECTRIC_SDK
#
# Every install step runs in a subshell with `set -euo pipefail` (so sourcing this
# file does not change the caller's shell options), builds into a temporary
# directory, verifies, then renames + writes a stamp holding the version: a rerun
# with the same versions only checks stamps. Any failure is fatal, never skipped.

BURAO_TOOLS=${BURAO_TOOLS:-/opt/burao-tools}
KOTLIN_VERSION=${KOTLIN_VERSION:-2.4.20}            # npm kotlin-compiler
JNA_VERSION=${JNA_VERSION:-5.19.1}
JUNIT_VERSION=${JUNIT_VERSION:-4.13.2}
HAMCREST_VERSION=${HAMCREST_VERSION:-1.3}
ANDROID_ALL_VERSION=${ANDROID_ALL_VERSION:-16-robolectric-13921718}   # API 36
MVN_DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
# Robolectric for the Android demo's framework tests (android-demo/test.sh). 4.18's POM names
# nativeruntime-dist-compat 1.0.20, which Maven Central does not have: 4.17 resolves whole.
ROBOLECTRIC_VERSION=${ROBOLECTRIC_VERSION:-4.17}
# ONE SDK level, preinstrumented ("-i7" = 4.17's instrumentation). API 35 is the newest that
# runs on Java 17: Robolectric refuses API 36's jar (class files 65) below Java 21.
ROBOLECTRIC_SDK=${ROBOLECTRIC_SDK:-35}
ANDROID_ALL_INSTRUMENTED_VERSION=${ANDROID_ALL_INSTRUMENTED_VERSION:-15-robolectric-13954326-i7}
SWIFT_SUITE=trixie                                  # swiftlang 6.x needs glibc >= 2.38
SWIFT_PACKAGES="swiftlang libc6-dev"                # libc6-dev: dropped by --no-install-recommends
BURAO_RUST_TARGETS=${BURAO_RUST_TARGETS:-aarch64-linux-android armv7-linux-androideabi aarch64-apple-ios aarch64-unknown-linux-gnu}
# The aarch64 Linux release build, the Android size proxy: gcc drives the link (and
# its libc), lld-16 links (bookworm's GNU ld 2.40 ignores -z pack-relative-relocs
# on aarch64), binutils strips.
AARCH64_PACKAGES="gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross lld-16"

tc_log() { echo "[toolchains +${SECONDS}s] $*" >&2; }
tc_die() { echo "[toolchains] ERROR: $*" >&2; exit 1; }

# Stamp = one file per component holding its version string.
tc_stamp_ok() { [ -f "$BURAO_TOOLS/.stamp-$1" ] && [ "$(cat "$BURAO_TOOLS/.stamp-$1")" = "$2" ]; }
tc_stamp_set() { printf '%s\n' "$2" >"$BURAO_TOOLS/.stamp-$1"; }

# Serialise concurrent installers (e.g. a developer shell and CI) on one lock.
tc_locked() {
  mkdir -p "$BURAO_TOOLS" || tc_die "cannot create $BURAO_TOOLS"
  ( flock -w 3600 9 || tc_die "timed out waiting for $BURAO_TOOLS/.lock"; "$@" ) 9>"$BURAO_TOOLS/.lock"
}

# rm -rf a chroot-ish dir only when nothing is mounted below it: rm follows bind
# mounts and would otherwise delete the bound work tree (notes, pitfall 2).
tc_safe_rm() {
  local d=$1 m
  [ -e "$d" ] || return 0
  d=$(realpath "$d")
  for m in $(awk -v d="$d" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount -l "$m" || tc_die "cannot unmount $m"
  done
  if awk -v d="$d" '$2 == d || index($2, d "/") == 1 { f = 1 } END { exit !f }' /proc/self/mounts; then
    tc_die "refusing to delete $d: something is still mounted under it"
  fi
  rm -rf --one-file-system "$d"
}

# ---- Kotlin: npm package kotlin-compiler is a full kotlinc distribution -----------
install_kotlin() ( set -euo pipefail
  local dir="$BURAO_TOOLS/kotlin-$KOTLIN_VERSION"
  tc_stamp_ok kotlin "$KOTLIN_VERSION" && [ -x "$dir/kotlinc/bin/kotlinc" ] && return 0
  command -v npm >/dev/null || tc_die "npm not found (needed for kotlin-compiler)"
  command -v java >/dev/null || tc_die "java not found (needed by kotlinc)"
  tc_log "installing kotlin-compiler@$KOTLIN_VERSION from npm"
  rm -rf "$dir.tmp" "$dir"
  npm install --prefix "$dir.tmp" --ignore-scripts --no-audit --no-fund \
    "kotlin-compiler@$KOTLIN_VERSION" >&2 || tc_die "npm install kotlin-compiler@$KOTLIN_VERSION failed"
  # Expose a stable <dir>/kotlinc/{bin,lib} whatever the package's inner layout.
  local home
  home=$(dirname "$(dirname "$(find "$dir.tmp/node_modules/kotlin-compiler" -path '*/bin/kotlinc' -type f | head -n1)")")
  [ -f "$home/bin/kotlinc" ] || tc_die "no bin/kotlinc inside the kotlin-compiler package"
  chmod +x "$home"/bin/*
  ln -sfn "${home#"$dir.tmp/"}" "$dir.tmp/kotlinc"
  mv "$dir.tmp" "$dir"
  "$dir/kotlinc/bin/kotlinc" -version >&2 2>&1 || tc_die "kotlinc does not run"
  tc_stamp_set kotlin "$KOTLIN_VERSION"
)

# ---- Jars from Maven Central (local repo kept under $BURAO_TOOLS, not ~/.m2) -----
tc_jar_list() {
  echo "net.java.dev.jna:jna:$JNA_VERSION junit:junit:$JUNIT_VERSION" \
       "org.hamcrest:hamcrest-core:$HAMCREST_VERSION org.robolectric:android-all:$ANDROID_ALL_VERSION"
}
install_jars() ( set -euo pipefail
  local dir="$BURAO_TOOLS/jars" want a
  want=$(tc_jar_list)
  tc_stamp_ok jars "$want" && return 0
  command -v mvn >/dev/null || tc_die "mvn not found"
  tc_log "fetching jars from Maven Central: $want"
  rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
  for a in $want; do
    # Maven's output only matters when it fails.
    mvn -B -q -Dmaven.repo.local="$BURAO_TOOLS/m2" "$MVN_DEP_PLUGIN:copy" \
      -Dartifact="$a" -DoutputDirectory="$dir.tmp" >"$dir.tmp/mvn.log" 2>&1 \
      || { cat "$dir.tmp/mvn.log" >&2; tc_die "cannot fetch $a from Maven Central"; }
    [ -s "$dir.tmp/$(echo "$a" | cut -d: -f2)-$(echo "$a" | cut -d: -f3).jar" ] || tc_die "$a: jar missing after copy"
  done
  rm -f "$dir.tmp/mvn.log"; rm -rf "$dir"; mv "$dir.tmp" "$dir"
  tc_stamp_set jars "$want"
)

# ---- Robolectric: the framework on the JVM, offline ------------------------------
# $BURAO_TOOLS/robolectric-V/lib: robolectric and every runtime dependency (the test classpath);
# $BURAO_TOOLS/robolectric-V/sdk: android-all-instrumented for ROBOLECTRIC_SDK, named as
# Robolectric's offline resolver looks it up (robolectric.dependency.dir, artifactId-version.jar).
install_robolectric() ( set -euo pipefail
  local dir="$BURAO_TOOLS/robolectric-$ROBOLECTRIC_VERSION" want sdk_jar
  want="$ROBOLECTRIC_VERSION $ANDROID_ALL_INSTRUMENTED_VERSION"
  sdk_jar="android-all-instrumented-$ANDROID_ALL_INSTRUMENTED_VERSION.jar"
  tc_stamp_ok robolectric "$want" && [ -s "$dir/sdk/$sdk_jar" ] && [ -s "$dir/lib/robolectric-$ROBOLECTRIC_VERSION.jar" ] && return 0
  command -v mvn >/dev/null || tc_die "mvn not found"
  tc_log "fetching org.robolectric:robolectric:$ROBOLECTRIC_VERSION (+ runtime deps) and android-all-instrumented:$ANDROID_ALL_INSTRUMENTED_VERSION"
  rm -rf "$dir.tmp"; mkdir -p "$dir.tmp/lib" "$dir.tmp/sdk"
  # A throwaway POM so copy-dependencies resolves the whole runtime graph as Gradle would.
  cat >"$dir.tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.burao.tools</groupId><artifactId>robolectric-deps</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.robolectric</groupId><artifactId>robolectric</artifactId><version>$ROBOLECTRIC_VERSION</version></dependency>
  </dependencies>
</project>
POM
  mvn -B -q -f "$dir.tmp/pom.xml" -Dmaven.repo.local="$BURAO_TOOLS/m2" "$MVN_DEP_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$dir.tmp/lib" >"$dir.tmp/mvn.log" 2>&1 \
    || { cat "$dir.tmp/mvn.log" >&2; tc_die "cannot fetch org.robolectric:robolectric:$ROBOLECTRIC_VERSION from Maven Central"; }
  [ -s "$dir.tmp/lib/robolectric-$ROBOLECTRIC_VERSION.jar" ] || tc_die "robolectric jar missing after copy-dependencies"
  # androidx.test's monitor and idling resource come as AARs; the JVM needs their classes.jar.
  local aar
  for aar in "$dir.tmp"/lib/*.aar; do
    [ -e "$aar" ] || continue
    rm -rf "$dir.tmp/aar"; mkdir -p "$dir.tmp/aar"
    (cd "$dir.tmp/aar" && jar xf "$aar" classes.jar) && [ -s "$dir.tmp/aar/classes.jar" ] \
      || tc_die "no classes.jar in $(basename "$aar")"
    mv "$dir.tmp/aar/classes.jar" "${aar%.aar}.jar"; rm -rf "$aar" "$dir.tmp/aar"
  done
  mvn -B -q -Dmaven.repo.local="$BURAO_TOOLS/m2" "$MVN_DEP_PLUGIN:copy" \
    -Dartifact="org.robolectric:android-all-instrumented:$ANDROID_ALL_INSTRUMENTED_VERSION" \
    -DoutputDirectory="$dir.tmp/sdk" >"$dir.tmp/mvn.log" 2>&1 \
    || { cat "$dir.tmp/mvn.log" >&2; tc_die "cannot fetch android-all-instrumented:$ANDROID_ALL_INSTRUMENTED_VERSION"; }
  [ -s "$dir.tmp/sdk/$sdk_jar" ] || tc_die "$sdk_jar missing after copy"
  jar tf "$dir.tmp/sdk/$sdk_jar" >/dev/null || tc_die "$sdk_jar is damaged"
  # The 200 MB jar is needed once, in sdk/: do not keep a second copy in the local repository.
  rm -rf "$BURAO_TOOLS/m2/org/robolectric/android-all-instrumented"
  rm -f "$dir.tmp/mvn.log" "$dir.tmp/pom.xml"; rm -rf "$dir"; mv "$dir.tmp" "$dir"
  tc_stamp_set robolectric "$want"
)

# Exports ROBOLECTRIC_CP (every jar of lib/), ROBOLECTRIC_DEPS_DIR, ROBOLECTRIC_SDK_JAR (the SDK
# jar itself) and ROBOLECTRIC_SDK; fails
# (never skips) when the install is missing.
robolectric_env() {
  local dir="$BURAO_TOOLS/robolectric-$ROBOLECTRIC_VERSION" j cp=""
  export ROBOLECTRIC_SDK
  export ROBOLECTRIC_DEPS_DIR="$dir/sdk"
  export ROBOLECTRIC_SDK_JAR="$ROBOLECTRIC_DEPS_DIR/android-all-instrumented-$ANDROID_ALL_INSTRUMENTED_VERSION.jar"
  [ -s "$ROBOLECTRIC_SDK_JAR" ] && [ -s "$dir/lib/robolectric-$ROBOLECTRIC_VERSION.jar" ] \
    || { echo "[toolchains] ERROR: Robolectric $ROBOLECTRIC_VERSION / SDK $ROBOLECTRIC_SDK missing under $dir (run scripts/toolchains.sh robolectric)" >&2; return 1; }
  for j in "$dir"/lib/*.jar; do cp="${cp:+$cp:}$j"; done
  export ROBOLECTRIC_CP="$cp"
}

# ---- Swift: Debian trixie swiftlang in a debootstrapped root -----------------------
# The host's own Debian mirror (deb822 *.sources or one-line sources.list), overridable.
tc_debian_mirror() {
  [ -n "${BURAO_DEBIAN_MIRROR:-}" ] && { echo "$BURAO_DEBIAN_MIRROR"; return; }
  local m
  m=$( { sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null
         awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }' \
             /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null; } \
       | tr ' ' '\n' | grep -E '^https?://.*/debian/?$' | head -n1)
  [ -n "$m" ] || tc_die "no Debian mirror found in /etc/apt sources (set BURAO_DEBIAN_MIRROR)"
  echo "${m%/}"
}
install_swift() ( set -euo pipefail
  local root="$BURAO_TOOLS/swift-root" tmp="$BURAO_TOOLS/swift-root.tmp" mirror
  # (usr/bin/swift is an absolute symlink into the root: test the real file.)
  tc_stamp_ok swift "$SWIFT_SUITE $SWIFT_PACKAGES" && [ -x "$root/usr/libexec/swift/bin/swift" ] && return 0
  [ "$(id -u)" = 0 ] || tc_die "the Swift root needs root (debootstrap, chroot, mount)"
  mirror=$(tc_debian_mirror)
  if ! command -v debootstrap >/dev/null; then
    tc_log "installing debootstrap on the host"
    apt-get update >&2 || tc_die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap >&2 || tc_die "cannot install debootstrap"
  fi
  tc_safe_rm "$tmp"; tc_safe_rm "$root"
  tc_log "debootstrap $SWIFT_SUITE from $mirror (minbase)"
  debootstrap --variant=minbase "$SWIFT_SUITE" "$tmp" "$mirror" >&2 \
    || tc_die "debootstrap $SWIFT_SUITE failed (see $tmp/debootstrap/debootstrap.log)"
  # dpkg scripts want /proc; unmount on any exit before the dir can be renamed/removed.
  mount -t proc proc "$tmp/proc" || tc_die "cannot mount /proc in $tmp"
  trap 'umount -l "$tmp/proc" 2>/dev/null || true' EXIT
  tc_log "apt-get install $SWIFT_PACKAGES inside the $SWIFT_SUITE root"
  chroot "$tmp" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c "apt-get update && apt-get install -y --no-install-recommends $SWIFT_PACKAGES && apt-get clean" >&2 \
    || tc_die "apt-get install $SWIFT_PACKAGES in the $SWIFT_SUITE root failed"
  chroot "$tmp" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/bin:/bin swift --version >&2 \
    || tc_die "swift does not run inside the $SWIFT_SUITE root"
  umount "$tmp/proc"; trap - EXIT
  mv "$tmp" "$root"
  tc_stamp_set swift "$SWIFT_SUITE $SWIFT_PACKAGES"
)

# ---- Rust cross targets (rust-std only; cheap when already present) --------------
install_rust() ( set -euo pipefail
  command -v rustup >/dev/null || tc_die "rustup not found"
  local have t missing=""
  have=$(rustup target list --installed)
  for t in $BURAO_RUST_TARGETS; do grep -qx "$t" <<<"$have" || missing="$missing $t"; done
  [ -z "$missing" ] && return 0
  tc_log "rustup target add$missing"
  # shellcheck disable=SC2086
  rustup target add $missing >&2 || tc_die "rustup target add$missing failed"
)

# ---- aarch64 Linux cross linker (Debian packages on the host) ---------------------
install_aarch64() ( set -euo pipefail
  command -v aarch64-linux-gnu-gcc >/dev/null && command -v aarch64-linux-gnu-strip >/dev/null \
    && [ -e /usr/aarch64-linux-gnu/lib/crti.o ] && [ -x /usr/lib/llvm-16/bin/ld.lld ] && return 0
  [ "$(id -u)" = 0 ] || tc_die "apt-get install $AARCH64_PACKAGES needs root"
  tc_log "apt-get install $AARCH64_PACKAGES"
  apt-get update >&2 || tc_die "apt-get update failed"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $AARCH64_PACKAGES >&2 \
    || tc_die "cannot install $AARCH64_PACKAGES"
  command -v aarch64-linux-gnu-gcc >/dev/null || tc_die "aarch64-linux-gnu-gcc missing after the install"
  [ -x /usr/lib/llvm-16/bin/ld.lld ] || tc_die "ld.lld (lld-16) missing after the install"
)

# ---- Host libraries for dev-dependencies (the lists bench's SQLite peer) ----------
# rusqlite links the system libsqlite3 instead of compiling its bundled C source
# (seconds, not a minute, in a cold CI build).
HOST_DEV_PACKAGES="libsqlite3-dev"
install_host_dev() ( set -euo pipefail
  { [ -e /usr/lib/x86_64-linux-gnu/libsqlite3.so ] || [ -e /usr/lib/libsqlite3.so ] \
    || ls /usr/lib/*/libsqlite3.so >/dev/null 2>&1; } && return 0
  [ "$(id -u)" = 0 ] || tc_die "apt-get install $HOST_DEV_PACKAGES needs root"
  tc_log "apt-get install $HOST_DEV_PACKAGES"
  apt-get update >&2 || tc_die "apt-get update failed"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $HOST_DEV_PACKAGES >&2 \
    || tc_die "cannot install $HOST_DEV_PACKAGES"
  ls /usr/lib/*/libsqlite3.so >/dev/null 2>&1 || tc_die "libsqlite3.so missing after the install"
)

# ---- Environment for callers (no installs; fails if something is missing) --------
toolchains_env() {
  export BURAO_TOOLS
  export KOTLIN_HOME="$BURAO_TOOLS/kotlin-$KOTLIN_VERSION/kotlinc"
  export KOTLINC="$KOTLIN_HOME/bin/kotlinc"
  export KOTLIN_STDLIB="$KOTLIN_HOME/lib/kotlin-stdlib.jar"
  KOTLIN_COROUTINES=$(ls "$KOTLIN_HOME"/lib/kotlinx-coroutines-core-jvm*.jar 2>/dev/null | head -n1 || true)
  export KOTLIN_COROUTINES
  export BURAO_JARS="$BURAO_TOOLS/jars"
  export JNA_JAR="$BURAO_JARS/jna-$JNA_VERSION.jar"
  export JUNIT_JAR="$BURAO_JARS/junit-$JUNIT_VERSION.jar"
  export HAMCREST_JAR="$BURAO_JARS/hamcrest-core-$HAMCREST_VERSION.jar"
  export ANDROID_JAR="$BURAO_JARS/android-all-$ANDROID_ALL_VERSION.jar"
  export BURAO_TEST_CP="$JNA_JAR:$JUNIT_JAR:$HAMCREST_JAR:$KOTLIN_STDLIB"
  export SWIFT_ROOT="$BURAO_TOOLS/swift-root"
  local f
  for f in "$KOTLINC" "$KOTLIN_STDLIB" "$JNA_JAR" "$JUNIT_JAR" "$HAMCREST_JAR" "$ANDROID_JAR" "$SWIFT_ROOT/usr/libexec/swift/bin/swift"; do
    [ -e "$f" ] || { echo "[toolchains] ERROR: missing $f (run scripts/toolchains.sh all)" >&2; return 1; }
  done
}

toolchains_all() {
  tc_locked install_kotlin && tc_locked install_jars && tc_locked install_robolectric \
    && tc_locked install_swift && tc_locked install_rust && tc_locked install_aarch64 && tc_locked install_host_dev && toolchains_env
}

# Run as a script: scripts/toolchains.sh all|kotlin|jars|robolectric|swift|rust|env
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-all}" in
    all) toolchains_all ;;
    kotlin|jars|robolectric|swift|rust|aarch64) tc_locked "install_$1" ;;
    env) toolchains_env ;;
    *) tc_die "usage: $0 all|kotlin|jars|robolectric|swift|rust|aarch64|env" ;;
  esac
  [ "${1:-all}" = all ] || [ "${1:-all}" = env ] || exit 0
  for v in BURAO_TOOLS KOTLINC KOTLIN_STDLIB KOTLIN_COROUTINES JNA_JAR JUNIT_JAR HAMCREST_JAR ANDROID_JAR BURAO_TEST_CP SWIFT_ROOT; do
    echo "$v=${!v}"
  done
fi
