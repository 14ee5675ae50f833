// Opens in Android Studio as one project: the app and the Burao bindings library.
// Repositories: shared with the library's own build (../bindings/kotlin/android).
apply(from = "../bindings/kotlin/android/repositories.settings.gradle.kts")
dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
}
rootProject.name = "burao-demo"
include(":app")

// The bindings as an Android library module: generated Kotlin (org.burao) + jniLibs from
// cargo ndk. It lives with the bindings (../bindings/kotlin/android); if your checkout does not
// have it yet, README.md "Build on a machine with the Android SDK" shows how to create it.
include(":burao")
project(":burao").projectDir = file("../bindings/kotlin/android")
