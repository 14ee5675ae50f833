package org.burao.demo

import android.content.Intent
import android.net.Uri
import android.os.Bundle
import android.widget.TextView
import java.io.ByteArrayOutputStream
import org.burao.BundleInfo
import org.burao.demo.logic.RulesEditor

/**
 * The bundle in force, and "import a bundle file" (as written by `burao build`): validated and
 * swapped atomically by replace_bundle. A refused file changes nothing; the old bundle keeps
 * serving, and the error says which check failed.
 */
class BundleActivity : Screen("Bundle") {
    private lateinit var info: TextView
    private lateinit var result: TextView

    override fun build() {
        info = root.label("")
        result = root.label("")
        root.button("Import a bundle file…") {
            val pick = Intent(Intent.ACTION_OPEN_DOCUMENT).addCategory(Intent.CATEGORY_OPENABLE).setType("*/*")
            startActivityForResult(pick, REQUEST_BUNDLE)
        }
        root.button("Use the embedded bundle from the next start") {
            result.text = if (app.screenerHost.forgetImportedBundle()) "The imported bundle is forgotten; it serves until the app restarts."
            else "No imported bundle: the embedded one is in use."
        }
        refresh()
    }

    private fun refresh() {
        withScreener({ it.bundleInfo() }) { r ->
            info.text = r.fold(::describe) { "Failed: ${it.message}" } + (app.screenerHost.bundleWarning?.let { "\n\n$it" } ?: "")
        }
    }

    private fun describe(b: BundleInfo) =
        "In force: ${b.metadata.name} ${b.metadata.version} (sequence ${b.metadata.sequence}, region ${b.metadata.region})\n" +
            "${b.patterns} patterns, ${b.entries} entries, ${b.size} bytes"

    @Deprecated("Framework-only demo: the Activity Result API is in androidx")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        val uri = data?.data
        if (requestCode != REQUEST_BUNDLE || resultCode != RESULT_OK || uri == null) return
        result.text = "Checking…"
        app.background.execute {
            val outcome = try {
                app.screenerHost.importBundle(read(uri))
            } catch (e: Exception) {
                Result.failure(e)
            }
            runOnUiThread {
                outcome.onSuccess { result.text = "Imported: ${it.metadata.name} ${it.metadata.version}"; refresh() }
                    .onFailure { result.showError("Refused, the old bundle keeps serving: ${RulesEditor.errorText(it)}") }
            }
        }
    }

    /** Reads at most [MAX_BYTES]: a bundle file is a few MB; anything larger is not one. */
    private fun read(uri: Uri): ByteArray {
        val input = contentResolver.openInputStream(uri) ?: throw IllegalArgumentException("cannot open the file")
        input.use {
            val out = ByteArrayOutputStream()
            val buf = ByteArray(64 * 1024)
            while (true) {
                val n = it.read(buf)
                if (n < 0) break
                out.write(buf, 0, n)
                if (out.size() > MAX_BYTES) throw IllegalArgumentException("larger than ${MAX_BYTES / (1 shl 20)} MB: not a bundle")
            }
            return out.toByteArray()
        }
    }

    companion object {
        private const val REQUEST_BUNDLE = 3
        private const val MAX_BYTES = 64 shl 20
    }
}
