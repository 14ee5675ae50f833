package org.burao.demo.logic

import org.burao.Action
import org.burao.ReasonCode
import org.burao.Screener
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class RulesEditorTest {
    private val range = "+86 170 0000 0000"

    private fun call(s: Screener, at: Long) =
        CallPolicy.decide(s, CallRequest("tel", range, Direction.INCOMING), at)

    @Test
    fun theAllowListIsTheAllowRulesOfTheEnginesDocument() {
        Screener().use { s ->
            val t = 1_800_000_000L
            val doc = RulesEditor.addAllowed(RulesEditor.current(s), range, "the gym")
            assertEquals(1, RulesEditor.apply(s, doc).getOrThrow())
            val allowed = call(s, t)
            assertEquals(Action.ALLOW, allowed.verdict!!.action)
            assertEquals(ReasonCode.USER_RULE, allowed.verdict.reasons.first().code)
            val entries = RulesEditor.allowList(s.rulesJson())
            assertEquals(listOf(AllowEntry("allow-8617000000000", range, "the gym")), entries)

            // A second entry for the same digits gets a fresh id rather than a duplicate.
            val twice = RulesEditor.addAllowed(s.rulesJson(), range)
            assertEquals(listOf("allow-8617000000000", "allow-8617000000000-2"), RulesEditor.allowList(twice).map { it.id })

            val removed = RulesEditor.remove(s.rulesJson(), entries[0].id)
            assertEquals(0, RulesEditor.apply(s, removed).getOrThrow())
            val after = call(s, t + 86_400).verdict!!
            assertEquals(ReasonCode.DEFAULT, after.reasons.first().code)
            assertEquals("+86170*", after.matched)
        }
    }

    @Test
    fun aRefusedDocumentChangesNothingAndNamesTheRule() {
        Screener().use { s ->
            val good = RulesEditor.addAllowed(RulesEditor.EMPTY, range)
            RulesEditor.apply(s, good).getOrThrow()
            val before = s.rulesJson()
            for (bad in listOf(
                """{"schema": 1, "rules": [{"id": "ok", "number": "110", "action": "allow"}, {"id": "x", "action": "explode"}]}""",
                """{"schema": 1, "rules": [""",
                """{"rules": []}""",
            )) {
                val r = RulesEditor.apply(s, bad)
                assertTrue(bad, r.isFailure)
                val msg = r.exceptionOrNull()!!.message!!
                assertTrue(msg, msg.isNotBlank() && !msg.startsWith("reason="))
                assertEquals(before, s.rulesJson())
            }
            assertTrue(RulesEditor.apply(s, """{"schema": 1, "rules": [{"id": "x", "action": "explode"}]}""")
                .exceptionOrNull()!!.message!!.contains("rule 0"))
        }
    }

    @Test
    fun editingABrokenDocumentSaysSo() {
        try {
            RulesEditor.addAllowed("[1, 2", range)
            fail("broken JSON must be refused")
        } catch (e: IllegalArgumentException) {
            assertTrue(e.message!!, e.message!!.startsWith("JSON:"))
        }
        assertEquals(emptyList<AllowEntry>(), RulesEditor.allowList("not json"))
    }
}
