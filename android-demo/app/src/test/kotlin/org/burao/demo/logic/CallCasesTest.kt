package org.burao.demo.logic

import org.burao.Screener
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.Parameterized

/**
 * Every shared fixture case through the app's own path: calls through CallPolicy to the
 * CallResponse fields the service would send, messages through the notification wording.
 */
@RunWith(Parameterized::class)
class CallCasesTest(private val name: String, private val case: Map<String, Any?>) {
    companion object {
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> {
            val all = TestFiles.cases().map { (n, c) -> arrayOf<Any>(n, c) }
            check(all.any { (it[1] as Map<*, *>)["kind"] == "call" }) { "no call cases under fixtures/cases" }
            return all
        }

        /** The response each verdict action must produce, spelled out field by field. */
        fun expectedFields(action: String): CallResponseFields = when (action) {
            "block" -> CallResponseFields(disallowCall = true, rejectCall = true, silenceCall = false, skipCallLog = false, skipNotification = true)
            "silence" -> CallResponseFields(disallowCall = false, rejectCall = false, silenceCall = true, skipCallLog = false, skipNotification = false)
            "allow" -> CallResponseFields(disallowCall = false, rejectCall = false, silenceCall = false, skipCallLog = false, skipNotification = false)
            else -> throw AssertionError("a call case cannot expect action $action")
        }
    }

    @Suppress("UNCHECKED_CAST")
    private val expect get() = case["expect"] as Map<String, Any?>

    @Test
    fun appAnswersAsTheVerdictSays() {
        // A fresh screener per case: the call history (repeat calls ring through) must not leak between cases.
        Screener().use { s ->
            when (val kind = case["kind"]) {
                "call" -> checkCall(s)
                "sms" -> checkSms(s)
                else -> throw AssertionError("unknown case kind $kind")
            }
        }
    }

    private fun checkCall(s: Screener) {
        val req = CallRequest("tel", case["number"] as String, Direction.INCOMING, Verification.NOT_VERIFIED,
            case["is_contact"] as Boolean? ?: false)
        val d = CallPolicy.decide(s, req)
        if (expect.containsKey("error")) {
            // The engine refuses the number (or, empty, it is a withheld one the app
            // never sends to the engine); either way the phone must still ring.
            assertNull("no verdict for a refused number", d.verdict)
            assertTrue(d.skipped!!, d.skipped.startsWith("screener refused the number") || d.skipped == "withheld number")
            assertEquals(CallResponseFields.ALLOW, d.response)
            return
        }
        val v = checkNotNull(d.verdict) { "no verdict: ${d.skipped}" }
        val action = expect["action"] as String
        assertEquals("action", action, v.action.label())
        if (expect.containsKey("category")) assertEquals("category", expect["category"], v.category?.name?.lowercase())
        if (expect.containsKey("matched")) assertEquals("matched", expect["matched"], v.matched)
        assertEquals("response for $action", expectedFields(action), d.response)
        assertEquals(expectedFields(action), CallPolicy.responseFor(v.action))
    }

    private fun checkSms(s: Screener) {
        val v = s.screenSms(case["from"] as String? ?: "", case["body"] as String, case["is_contact"] as Boolean? ?: false)
        expect["action"]?.let { assertEquals("action", it, v.action.label()) }
        val n = Notifications.forSms(case["from"] as String? ?: "", v)
        assertTrue(n.title, n.title.isNotBlank())
        // The deciding reason is what the notification says first.
        val deciding = v.reasons.first()
        assertEquals(deciding.detail, n.text)
    }
}
