// A standalone Gradle build for the Burao Android library (AAR). Built by
// ../build-aar.sh on a machine with the Android SDK and NDK; it cannot run in CI here.
apply(from = "repositories.settings.gradle.kts")
rootProject.name = "burao-android"
