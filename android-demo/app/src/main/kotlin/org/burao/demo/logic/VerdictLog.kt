package org.burao.demo.logic

import java.io.File
import org.burao.Action
import org.burao.Verdict

/** One line of the "recent verdicts" screen. */
data class LogEntry(
    val atMillis: Long,
    /** `call` or `sms`. */
    val channel: String,
    /** The caller or sender as received (shown only on the device, never logged elsewhere). */
    val sender: String,
    /** `block`, `silence`, `allow`, `junk` …, or `allow (not screened)`. */
    val action: String,
    val category: String?,
    /** The verdict's reasons as people read them, deciding one first. */
    val reasons: List<String>,
) {
    // The sender is shown on the log screen only; never in a log line or crash report.
    override fun toString() = "LogEntry(atMillis=$atMillis, channel=$channel, action=$action, category=$category)"

    companion object {
        fun of(atMillis: Long, channel: String, sender: String, verdict: Verdict) = LogEntry(
            atMillis, channel, sender, verdict.action.label(), verdict.category?.label(),
            verdict.reasons.map { "${it.code.label()}: ${it.detail}" },
        )

        fun skipped(atMillis: Long, channel: String, sender: String, why: String) =
            LogEntry(atMillis, channel, sender, "${Action.ALLOW.label()} (not screened)", null, listOf(why))
    }
}

/** `REAL_ESTATE` → `real estate`. */
fun Enum<*>.label(): String = name.lowercase().replace('_', ' ')

/**
 * The most recent verdicts, newest first, capped at [cap]; kept in one small file so the log
 * survives the process being killed between calls (services are short-lived). Thread-safe.
 */
class VerdictLog(private val file: File?, private val cap: Int = 200) {
    private val entries = ArrayDeque<LogEntry>()

    init {
        require(cap > 0) { "cap must be positive" }
        file?.takeIf { it.exists() }?.readLines()?.mapNotNull(::decode)?.take(cap)?.let(entries::addAll)
    }

    @Synchronized fun add(e: LogEntry) {
        entries.addFirst(e)
        while (entries.size > cap) entries.removeLast()
        save()
    }

    @Synchronized fun recent(): List<LogEntry> = entries.toList()

    @Synchronized fun clear() {
        entries.clear()
        save()
    }

    private fun save() {
        val f = file ?: return
        val tmp = File(f.path + ".tmp")
        tmp.writeText(entries.joinToString("") { encode(it) + "\n" })
        tmp.renameTo(f)
    }

    companion object {
        // Tab-separated, reasons joined by \u001f; both escaped inside fields.
        private fun esc(s: String) = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\u001f", "\\u")
        private fun unesc(s: String): String {
            val b = StringBuilder()
            var i = 0
            while (i < s.length) {
                val c = s[i++]
                if (c != '\\' || i >= s.length) { b.append(c); continue }
                when (val n = s[i++]) { 't' -> b.append('\t'); 'n' -> b.append('\n'); 'u' -> b.append('\u001f'); else -> b.append(n) }
            }
            return b.toString()
        }

        fun encode(e: LogEntry): String =
            listOf(e.atMillis.toString(), e.channel, e.sender, e.action, e.category ?: "").joinToString("\t") { esc(it) } +
                "\t" + e.reasons.joinToString("\u001f") { esc(it) }

        /** Null for a line this version cannot read (a damaged file loses lines, not the log). */
        fun decode(line: String): LogEntry? {
            val f = line.split('\t')
            if (f.size != 6) return null
            val at = f[0].toLongOrNull() ?: return null
            val reasons = if (f[5].isEmpty()) emptyList() else f[5].split('\u001f').map(::unesc)
            return LogEntry(at, unesc(f[1]), unesc(f[2]), unesc(f[3]), unesc(f[4]).ifEmpty { null }, reasons)
        }
    }
}
