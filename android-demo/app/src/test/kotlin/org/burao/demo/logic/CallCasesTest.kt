package org.burao.demo.logic

import org.burao.CallScreeningAdvice
import org.burao.Screener
import org.burao.testsupport.Case
import org.burao.testsupport.CaseTest
import org.burao.testsupport.Cases
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test

/**
 * Every shared fixture case through the app's own path, checked by the shared strict checker
 * (org.burao.testsupport.Cases): calls through CallPolicy to the CallResponse fields the service
 * would send, messages through the notification wording.
 */
class CallCasesTest(case: Case) : CaseTest(case) {
    companion object {
        /** The response each verdict action must produce, spelled out field by field. */
        fun expectedFields(action: String): CallScreeningAdvice = when (action) {
            "block" -> CallScreeningAdvice(disallowCall = true, rejectCall = true, silenceCall = false, skipCallLog = false, skipNotification = true)
            "silence" -> CallScreeningAdvice(disallowCall = false, rejectCall = false, silenceCall = true, skipCallLog = false, skipNotification = false)
            "allow" -> CallScreeningAdvice(disallowCall = false, rejectCall = false, silenceCall = false, skipCallLog = false, skipNotification = false)
            else -> throw AssertionError("a call case cannot expect action $action")
        }
    }

    @Test
    fun appAnswersAsTheVerdictSays() {
        // A fresh screener per case: the call history (repeat calls ring through) must not leak between cases.
        Screener().use { s ->
            when (case.kind) {
                Case.Kind.CALL -> checkCall(s)
                Case.Kind.SMS -> checkSms(s)
            }
        }
    }

    private fun checkCall(s: Screener) {
        val d = CallPolicy.decide(s, CallRequest("tel", case.number, Direction.INCOMING, Verification.NOT_VERIFIED, case.isContact))
        if (case.expect.error != null) {
            // The engine refuses the number (or, empty, it is a withheld one the app
            // never sends to the engine); either way the phone must still ring.
            assertNull("no verdict for a refused number", d.verdict)
            assertTrue(d.skipped!!, d.skipped.startsWith("screener refused the number") || d.skipped == "withheld number")
            assertEquals(CallScreeningAdvice.ALLOW, d.response)
            return
        }
        val v = checkNotNull(d.verdict) { "no verdict: ${d.skipped}" }
        Cases.check(case) { v }
        val action = checkNotNull(case.expect.action) { "${case.title}: a call case names its action" }
        assertEquals("response for $action", expectedFields(action), d.response)
        assertEquals(expectedFields(action), CallScreeningAdvice.forAction(v.action))
    }

    private fun checkSms(s: Screener) {
        val v = checkNotNull(Cases.check(case) { it.screen(s) }) { "${case.title}: the app cannot show an error case" }
        val n = Notifications.forSms(case.from, v)
        assertTrue(n.title, n.title.isNotBlank())
        // The deciding reason is what the notification says first.
        val deciding = v.reasons.first()
        assertEquals(deciding.detail, n.text)
    }
}
