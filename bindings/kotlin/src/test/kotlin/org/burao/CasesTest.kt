package org.burao

import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.Parameterized

/** Every case of fixtures/cases/ (every .json file), one JUnit test each, against the default bundle. */
@RunWith(Parameterized::class)
class CasesTest(private val name: String, private val case: Map<String, Any?>) {
    companion object {
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> {
            val all = Fixtures.caseFiles().flatMap { f ->
                @Suppress("UNCHECKED_CAST")
                val doc = Json.parse(f.readText()) as Map<String, Any?>
                @Suppress("UNCHECKED_CAST")
                (doc["cases"] as List<Map<String, Any?>>).map { arrayOf<Any>("${f.name}: ${it["name"]}", it) }
            }
            check(all.isNotEmpty()) { "no cases found under fixtures/cases" }
            return all
        }

        /** The error kinds of the case format, by exception class. */
        private fun kind(e: BuraoException): String = when (e) {
            is BuraoException.InvalidNumber -> "number"
            is BuraoException.InvalidBundle -> "bundle"
            is BuraoException.InvalidInput -> "input"
            is BuraoException.State -> "state"
            is BuraoException.Internal -> "internal"
        }

        /** `LIST_ENTRY` -> `list_entry`: the snake-case names the fixtures use. */
        private fun snake(e: Enum<*>) = e.name.lowercase()
    }

    /** The platform adapter on the same verdict: what `CallResponse.Builder` gets. */
    private fun checkAdvice(verdict: Verdict) {
        val a = verdict.toCallScreeningAdvice()
        val want = when (snake(verdict.action)) {
            "block", "junk" -> CallScreeningAdvice(true, true, false, false, true)
            "silence" -> CallScreeningAdvice(false, false, true, false, false)
            else -> CallScreeningAdvice(false, false, false, false, false)
        }
        assertEquals("advice for ${verdict.action}", want, a)
        // Android's own rules: reject/skip only with disallow, silence only without it, and a
        // blocked call always stays in the call log so the user can find it and undo.
        if (!a.disallowCall) assertTrue(!a.rejectCall && !a.skipCallLog && !a.skipNotification)
        if (a.silenceCall) assertTrue(!a.disallowCall)
        assertTrue("never hide a call from the log", !a.skipCallLog)
    }

    @Test
    fun verdictMatches() {
        @Suppress("UNCHECKED_CAST")
        val expect = case["expect"] as Map<String, Any?>
        val isContact = case["is_contact"] as Boolean? ?: false
        // A fresh screener per case: the engine remembers calls, cases must not see each other.
        val verdict = try {
            Screener().use { screener ->
                when (val kind = case["kind"]) {
                    "call" -> screener.screenCall(case["number"] as String, isContact)
                    "sms" -> screener.screenSms(case["from"] as String? ?: "", case["body"] as String, isContact)
                    else -> throw AssertionError("unknown case kind $kind")
                }
            }
        } catch (e: BuraoException) {
            assertTrue("unexpected error ${kind(e)}: ${e.message}", expect.containsKey("error"))
            assertEquals(expect["error"], kind(e))
            return
        }
        if (expect.containsKey("error")) fail("expected error ${expect["error"]}, got $verdict")
        expect["action"]?.let { assertEquals("action", it, snake(verdict.action)) }
        if (case["kind"] == "call") checkAdvice(verdict)
        if (expect.containsKey("category")) assertEquals("category", expect["category"], verdict.category?.let(::snake))
        if (expect.containsKey("matched")) assertEquals("matched", expect["matched"], verdict.matched)
        if (expect.containsKey("label")) assertEquals("label", expect["label"], verdict.label)
        @Suppress("UNCHECKED_CAST")
        (expect["reasons"] as List<String>?)?.let { want ->
            val got = verdict.reasons.map { snake(it.code) }
            var at = 0
            for (code in got) if (at < want.size && code == want[at]) at++
            assertEquals("reasons $want must appear in order in $got", want.size, at)
        }
    }
}
