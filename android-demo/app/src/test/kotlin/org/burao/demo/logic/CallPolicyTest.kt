package org.burao.demo.logic

import org.burao.Action
import org.burao.CallScreeningAdvice
import org.burao.Outcome
import org.burao.ReasonCode
import org.burao.Screener
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test

class CallPolicyTest {
    private val blocked = "+86 138 0013 8000"
    private val blockRule = """{"schema": 1, "rules": [{"id": "r1", "number": "$blocked", "action": "block"}]}"""
    private val range = "+86 170 0000 0000" // named (identify) by the default bundle, not silenced
    private val plain = "+86 139 1234 5678" // allowed by default

    private fun incoming(n: String, v: Verification = Verification.NOT_VERIFIED, contact: Boolean = false) =
        CallRequest("tel", n, Direction.INCOMING, v, contact)

    @Test
    fun blockRejectsAndSkipsTheNotificationButKeepsTheCallLog() {
        Screener().use { s ->
            s.setRules(blockRule)
            val d = CallPolicy.decide(s, incoming(blocked))
            assertEquals(Action.BLOCK, d.verdict!!.action)
            assertEquals(ReasonCode.USER_RULE, d.verdict.reasons.first().code)
            assertTrue(d.response.disallowCall)
            assertTrue(d.response.rejectCall)
            assertTrue(d.response.skipNotification)
            assertFalse("a blocked call must stay visible in the call log", d.response.skipCallLog)
            assertFalse(d.response.silenceCall)
        }
    }

    @Test
    fun outgoingAndUnknownDirectionAreNeverScreenedNorRecorded() {
        Screener().use { s ->
            s.setRules(blockRule)
            for (dir in listOf(Direction.OUTGOING, Direction.UNKNOWN)) {
                val d = CallPolicy.decide(s, CallRequest("tel", blocked, dir))
                assertEquals(CallScreeningAdvice.ALLOW, d.response)
                assertNull(d.verdict)
            }
            // The engine keeps a call history; an untouched call leaves no entry to report on.
            assertFalse(s.reportCallOutcome(blocked, Outcome.DECLINED))
            CallPolicy.decide(s, incoming(blocked))
            assertTrue(s.reportCallOutcome(blocked, Outcome.DECLINED))
        }
    }

    @Test
    fun noPhoneNumberMeansAllow() {
        Screener().use { s ->
            s.setRules(blockRule)
            for (req in listOf(
                CallRequest("sip", "someone@example.org", Direction.INCOMING),
                CallRequest(null, "", Direction.INCOMING),
                CallRequest("tel", "", Direction.INCOMING),
            )) {
                val d = CallPolicy.decide(s, req)
                assertEquals(req.toString(), CallScreeningAdvice.ALLOW, d.response)
                assertTrue(d.skipped!!.isNotEmpty())
            }
        }
    }

    @Test
    fun failedVerificationIsOneStepStricterForStrangersOnly() {
        Screener().use { s ->
            val t = 1_800_000_000L
            val allowed = CallPolicy.decide(s, incoming(plain, Verification.FAILED), t)
            assertEquals(Action.SILENCE, allowed.verdict!!.action)
            assertEquals(CallScreeningAdvice.SILENCE, allowed.response)
            assertEquals("verification-failed", allowed.verdict.reasons.first().source)
            assertEquals(ReasonCode.DEFAULT, allowed.verdict.reasons[1].code)

            // A virtual-operator range is a hint, not a verdict (issue 15): a failed
            // verification makes it one step stricter, from allow to silence.
            val silenced = CallPolicy.decide(s, incoming(range, Verification.FAILED), t)
            assertEquals(CallScreeningAdvice.SILENCE, silenced.response)
            // A day later, so the repeat-call rule does not let the second call ring through.
            val passed = CallPolicy.decide(s, incoming(range, Verification.PASSED), t + 86_400)
            assertEquals(CallScreeningAdvice.ALLOW, passed.response)
            assertEquals("+86170*", passed.verdict!!.matched)
            assertEquals(ReasonCode.LIST_ENTRY, passed.verdict.reasons[1].code)

            val contact = CallPolicy.decide(s, incoming(range, Verification.FAILED, contact = true), t + 2 * 86_400)
            assertEquals(CallScreeningAdvice.ALLOW, contact.response)

            s.setRules(RulesEditor.addAllowed(RulesEditor.EMPTY, plain))
            val rule = CallPolicy.decide(s, incoming(plain, Verification.FAILED), t + 3 * 86_400)
            assertEquals(CallScreeningAdvice.ALLOW, rule.response)
            assertEquals(ReasonCode.USER_RULE, rule.verdict!!.reasons.first().code)
        }
    }

    @Test
    fun theRequestsTextShowsNoNumber() {
        val text = incoming(blocked).toString() + LogEntry(0, "call", blocked, "block", null, emptyList()).toString()
        assertFalse(text, text.contains("138"))
    }
}
