// The repositories of both Android builds, in one place: applied by this module's own
// settings.gradle.kts (the AAR build) and by android-demo/settings.gradle.kts (the demo, which
// includes this module). Plain calls on the Settings object (not the special first
// `pluginManagement {}` block), so the file can be applied; project plugins are resolved after
// the settings are evaluated. Only a real Android build evaluates it; CI here has no Gradle.
settings.pluginManagement.repositories {
    google()
    mavenCentral()
    gradlePluginPortal()
}
settings.dependencyResolutionManagement.repositories {
    google()
    mavenCentral()
}
