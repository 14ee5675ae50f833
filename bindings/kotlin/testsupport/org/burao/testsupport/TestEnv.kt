package org.burao.testsupport

import java.io.File
import java.nio.file.Files

/**
 * Paths the test scripts pass in (bindings/kotlin/test.sh, android-demo/test.sh); a missing one
 * fails the suite, never skips it.
 */
object TestEnv {
    fun env(name: String): String =
        System.getenv(name)?.takeIf { it.isNotEmpty() }
            ?: throw IllegalStateException("$name is not set: run the suite's test.sh (or scripts/test-all.sh)")

    /** The repository root, for fixtures/cases and core/data/default.bundle. */
    val repo: File get() = File(env("BURAO_REPO"))

    /** The embedded default bundle's file, byte for byte. */
    fun defaultBundle(): ByteArray = File(repo, "core/data/default.bundle").readBytes()

    /** A bundle built by `burao build` from fixtures/lists/bindings-test.csv (name burao-test, sequence 7). */
    fun testBundle(): ByteArray = File(env("BURAO_TEST_BUNDLE")).readBytes()

    /** `burao diff` from the default bundle to the test bundle (made by bindings/kotlin/test.sh). */
    fun testPatch(): ByteArray = File(env("BURAO_TEST_PATCH")).readBytes()

    /** A fresh directory, removed when the JVM exits. */
    fun tempDir(): File = Files.createTempDirectory("burao-test").toFile().apply { deleteOnExit() }
}
