package org.burao.demo.logic

import java.io.File
import org.burao.Screener
import org.burao.testsupport.TestEnv
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class VerdictLogTest {
    private fun entry(i: Int) = LogEntry(i.toLong(), "call", "+86 170 0000 %04d".format(i), "silence", "harassment", listOf("list entry: r$i"))

    @Test
    fun newestFirstAndCapped() {
        val log = VerdictLog(null, cap = 3)
        (1..5).forEach { log.add(entry(it)) }
        assertEquals(listOf(5L, 4L, 3L), log.recent().map { it.atMillis })
    }

    @Test
    fun survivesARestartIncludingAwkwardText() {
        val f = File(TestEnv.tempDir(), "verdicts.log")
        val odd = LogEntry(7, "sms", "tab\there", "junk", null, listOf("line\nbreak", "back\\slash \\t", "unit\u001fsep", ""))
        VerdictLog(f).apply { add(entry(1)); add(odd) }
        assertEquals(listOf(odd, entry(1)), VerdictLog(f).recent())
    }

    @Test
    fun aDamagedLineLosesThatLineOnly() {
        val f = File(TestEnv.tempDir(), "verdicts.log")
        f.writeText(VerdictLog.encode(entry(1)) + "\n" + "garbage\n" + VerdictLog.encode(entry(2)) + "\n")
        assertEquals(listOf(1L, 2L), VerdictLog(f).recent().map { it.atMillis })
    }

    @Test
    fun entriesCarryTheVerdictsReasonsInOrder() {
        Screener().use { s ->
            val v = s.screenCall("95588", false)
            val e = LogEntry.of(0, "call", "95588", v)
            assertEquals("allow", e.action)
            assertEquals(v.reasons.size, e.reasons.size)
            // The deciding reason comes first; the identification follows.
            assertTrue(e.reasons[0], e.reasons[0].startsWith("default: "))
            assertTrue(e.reasons.last(), e.reasons.last().startsWith("list entry: "))
        }
    }
}
