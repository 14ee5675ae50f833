package org.burao.demo.logic

import java.io.File
import java.nio.file.Files

/** Paths from android-demo/test.sh; a missing one fails the suite, never skips it. */
object TestFiles {
    val repo: File
        get() = File(System.getenv("BURAO_REPO") ?: throw IllegalStateException("BURAO_REPO is not set: run android-demo/test.sh"))

    fun defaultBundle(): ByteArray = File(repo, "core/data/default.bundle").readBytes()

    /** Every case of every .json file in fixtures/cases, as ("file: name", case). */
    fun cases(): List<Pair<String, Map<String, Any?>>> {
        val files = File(repo, "fixtures/cases").listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
        return files.flatMap { f ->
            @Suppress("UNCHECKED_CAST")
            val doc = MiniJson.parse(f.readText()) as Map<String, Any?>
            @Suppress("UNCHECKED_CAST")
            (doc["cases"] as List<Map<String, Any?>>).map { "${f.name}: ${it["name"]}" to it }
        }
    }

    fun tempDir(): File = Files.createTempDirectory("burao-demo-test").toFile().apply { deleteOnExit() }
}
