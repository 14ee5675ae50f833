package org.burao

import java.io.File

/** Paths the test script passes in; a missing one fails the suite, never skips it. */
internal object Fixtures {
    private fun env(name: String): String =
        System.getenv(name) ?: throw IllegalStateException("$name is not set: run scripts/test-all.sh")

    /** The repository root, for fixtures/cases and core/data/default.bundle. */
    val repo: File get() = File(env("BURAO_REPO"))

    /** The embedded default bundle's file, byte for byte. */
    fun defaultBundle(): ByteArray = File(repo, "core/data/default.bundle").readBytes()

    /** A bundle built by `burao build` from fixtures/lists/bindings-test.csv (name burao-test, sequence 7). */
    fun testBundle(): ByteArray = File(env("BURAO_TEST_BUNDLE")).readBytes()

    /** `burao diff` from the default bundle to the test bundle (made by test.sh). */
    fun testPatch(): ByteArray = File(env("BURAO_TEST_PATCH")).readBytes()

    fun caseFiles(): List<File> =
        File(repo, "fixtures/cases").listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
}
