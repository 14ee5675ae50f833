plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "org.burao.demo"
    compileSdk = 36

    defaultConfig {
        applicationId = "org.burao.demo"
        // 29: RoleManager.ROLE_CALL_SCREENING, Call.Details.getCallDirection, CallResponse.setSilenceCall.
        minSdk = 29
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"
    }

    // The rule editor's JSON reader is shared with the Kotlin test support (one copy in the tree).
    sourceSets["main"].java.srcDirs("src/main/kotlin", "../../bindings/kotlin/minijson")
    // Logic tests (no Android) and Robolectric tests (the real framework, API 35), one test task,
    // with the test support shared with bindings/kotlin (the strict fixtures/cases checker).
    sourceSets["test"].java.srcDirs("src/test/kotlin", "src/robolectric/kotlin", "../../bindings/kotlin/testsupport")

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }

    testOptions {
        // The JVM tests load the host's libburao through JNA (see ../test.sh): point
        // -Djna.library.path at target/debug and set BURAO_REPO to the repository root.
        unitTests.all {
            it.systemProperty("jna.library.path", rootProject.file("../target/debug").path)
            it.environment("BURAO_REPO", rootProject.file("..").path)
        }
    }
}

dependencies {
    // Generated org.burao bindings + libburao.so per ABI + JNA (@aar).
    implementation(project(":burao"))
    // Framework classes only: no androidx, no Compose.
    testImplementation("junit:junit:4.13.2")
    testImplementation("net.java.dev.jna:jna:5.19.1")
    testImplementation("org.robolectric:robolectric:4.17")
}
