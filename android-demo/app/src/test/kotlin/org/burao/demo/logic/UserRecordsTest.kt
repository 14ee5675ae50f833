package org.burao.demo.logic

import org.burao.CallScreeningAdvice
import org.burao.ConsentState
import org.burao.ReasonCode
import org.burao.Screener
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class UserRecordsTest {
    private val t = 1_800_000_000L

    @Test
    fun spamAndNotSpamReportsDecideTheNextCall() {
        Screener().use { s ->
            val stranger = "+86 139 1234 5678"
            UserRecords.report(s, "call", stranger, null, isSpam = true, nowUnix = t).getOrThrow()
            val next = CallPolicy.decide(s, CallRequest("tel", stranger, Direction.INCOMING), t + 60)
            assertEquals(CallScreeningAdvice.BLOCK, next.response)
            assertEquals(ReasonCode.FEEDBACK, next.verdict!!.reasons.first().code)

            val range = "+86 170 0000 0000"
            UserRecords.report(s, "call", range, null, isSpam = false, nowUnix = t).getOrThrow()
            assertEquals(CallScreeningAdvice.ALLOW, CallPolicy.decide(s, CallRequest("tel", range, Direction.INCOMING), t + 60).response)

            val lines = UserRecords.feedbackLines(s)
            assertEquals(2, lines.size)
            assertTrue(lines[0], lines[0].contains("not spam"))
            assertTrue(UserRecords.report(s, "sms", "", "", isSpam = true, nowUnix = t).isFailure)
        }
    }

    @Test
    fun consentRecordsAreListedAndForgotten() {
        Screener().use { s ->
            UserRecords.setConsent(s, "10690000", ConsentState.REFUSED, t).getOrThrow()
            UserRecords.setConsent(s, "95555", ConsentState.CONSENTED, t + 10).getOrThrow()
            val lines = UserRecords.consentLines(s)
            assertEquals(2, lines.size)
            assertTrue(lines[0], lines[0].contains("consented via app"))
            assertTrue(UserRecords.forget(s, "95555").getOrThrow())
            assertEquals(1, UserRecords.consentLines(s).size)
        }
    }
}
