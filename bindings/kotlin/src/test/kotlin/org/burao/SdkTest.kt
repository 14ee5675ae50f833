package org.burao

import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.burao.readme.readmeTour
import org.burao.testsupport.TestEnv
import org.burao.testsupport.refused
import org.junit.Test

/** What an integrator meets first: defaults, times, error messages, bundle abilities, the call adapter. */
class SdkTest {
    @Test
    fun exceptionMessagesAreTheSentenceWithoutReasonEquals() {
        Screener().use { s ->
            val e = refused<BuraoException.InvalidInput> { s.setRules("""{"schema":1,"rules":[{"id":"r","number":"139*","action":"nope"}]}""") }
            val message = e.message!!
            assertFalse(message, message.startsWith("reason="))
            assertTrue(message, message.contains("unknown action"))
            assertEquals(message, e.reason)  // the extension property keeps older code compiling
            val n = refused<BuraoException.InvalidNumber> { s.screenCall("13800138000x") }
            assertFalse(n.message!!, n.message!!.contains("13800138000"))
            assertFalse(n.message!!.startsWith("reason="))
        }
    }

    @Test
    fun defaultArgumentsAndNow() {
        // The test bundle silences +86199*: only the default isContact = false gives SILENCE.
        Screener.fromBundle(TestEnv.testBundle()).use { t ->
            assertEquals(Action.SILENCE, t.screenCall("199 1234 5678").action)
            assertEquals(Action.ALLOW, t.screenCall("199 1234 5678", true).action)
        }
        Screener().use { s ->
            val bank = "您尾号1234的卡于12月1日消费500.00元，余额1000.00元。【工商银行】"
            assertEquals(s.screenSms("95588", bank, false).action, s.screenSms("95588", bank).action)
            val before = System.currentTimeMillis() / 1000
            val id = s.reportFeedback("10690001", null, true)                          // atUnix = now
            s.recordConsent("10690002", ConsentState.OPTED_OUT, "app")                 // atUnix = now
            val after = System.currentTimeMillis() / 1000
            val at = s.feedback().single { it.id == id }.atUnix
            assertTrue("feedback filed at $at, now is $before..$after", at in before..after)
            assertTrue(s.consentRecords().single().atUnix in before..after)
        }
    }

    @Test
    fun millisecondsAreRefusedAndNothingIsRecorded() {
        Screener().use { s ->
            val ms = System.currentTimeMillis()
            val e = refused<BuraoException.InvalidInput> { s.reportFeedback("10690001", null, true, ms) }
            assertTrue(e.message!!, e.message!!.contains("milliseconds"))
            assertTrue(s.feedback().isEmpty())
            refused<BuraoException.InvalidInput> { s.recordConsent("10690002", ConsentState.CONSENTED, "app", ms) }
            assertTrue(s.consentRecords().isEmpty())
            refused<BuraoException.InvalidInput> { s.recordOutgoingSms("10690002", "TD", ms) }
            assertTrue(s.consentRecords().isEmpty())
            refused<BuraoException.InvalidInput> { s.screenCallAt("+86 170 0000 0000", false, ms) }
            refused<BuraoException.InvalidInput> { s.screenSmsAt("95588", "hello", false, ms) }
            // Seconds pass.
            s.screenCallAt("+86 170 0000 0000", false, ms / 1000)
            assertTrue(s.reportFeedback("10690001", null, true, ms / 1000) >= 0)
        }
    }

    @Test
    fun idsAndCountsAreSignedAndNegativesAreHandled() {
        Screener().use { s ->
            val id: Long = s.reportFeedback("10690001", "加微信领取贷款额度", true, 1_796_083_200)
            assertFalse(s.undoFeedback(-1))
            assertTrue(s.undoFeedback(id))
            val count: Int = s.setRules("""{"schema":1,"rules":[{"id":"a","number":"139*","action":"block"},{"id":"b","keywords":["健身"],"action":"junk"}]}""")
            assertEquals(2, count)
            val old = s.behaviour()
            refused<BuraoException.InvalidInput> { s.setBehaviour(old.copy(historyCap = -1)) }
            refused<BuraoException.InvalidInput> { s.setBehaviour(old.copy(rangeDropDigits = 300)) }
            assertEquals(old, s.behaviour())
            refused<BuraoException.InvalidInput> { CallKitExporter(TestEnv.testBundle(), null, -1L, 100) }
            refused<BuraoException.InvalidInput> { CallKitExporter(TestEnv.testBundle(), null, 1000L, -5) }
            CallKitExporter(TestEnv.testBundle(), null, 1000L, 100).use { x -> assertEquals(1000L, x.report().budget) }
        }
    }

    @Test
    fun bundleInfoSaysWhatTheBundleCanDo() {
        Screener().use { s ->
            val info = s.bundleInfo()
            assertTrue("the embedded bundle carries the SMS model", info.hasSmsModel)
            assertEquals(3, info.smsModelVersion)
            assertEquals(1, info.formatVersion)
            assertTrue(info.libraryVersion, Regex("""\d+\.\d+\.\d+.*""").matches(info.libraryVersion))
            // The test bundle is built from a list alone (no --model): an app can see it and refuse it.
            val test = s.replaceBundle(TestEnv.testBundle())
            assertFalse(test.hasSmsModel)
            assertNull(test.smsModelVersion)
            assertEquals(info.libraryVersion, test.libraryVersion)
        }
    }

    /** The README's compiled Kotlin block runs, too. */
    @Test
    fun readmeTourRuns() {
        Screener().use { s ->
            val out = readmeTour(s, TestEnv.testBundle())
            assertTrue(out, Action.values().any { out.startsWith("$it: ") })
            assertTrue("the test bundle has no model: $out", out.endsWith("this bundle cannot classify messages"))
            assertTrue(s.rulesJson().contains("gym"))
            val refused = readmeTour(s, "not a bundle".toByteArray())
            assertTrue(refused, refused.contains("update refused, the old bundle keeps serving"))
        }
    }

    @Test
    fun callScreeningAdviceForEachAction() {
        assertEquals(CallScreeningAdvice.BLOCK, CallScreeningAdvice.forAction(Action.BLOCK))
        assertEquals(CallScreeningAdvice.BLOCK, CallScreeningAdvice.forAction(Action.JUNK))
        assertEquals(CallScreeningAdvice.SILENCE, CallScreeningAdvice.forAction(Action.SILENCE))
        for (a in listOf(Action.ALLOW, Action.TRANSACTION, Action.PROMOTION)) {
            assertEquals(CallScreeningAdvice.ALLOW, CallScreeningAdvice.forAction(a))
        }
        assertEquals(CallScreeningAdvice(false, false, false, false, false), CallScreeningAdvice.ALLOW)
        assertTrue(CallScreeningAdvice.BLOCK.disallowCall && CallScreeningAdvice.BLOCK.rejectCall)
        assertFalse("blocked calls stay in the call log", CallScreeningAdvice.BLOCK.skipCallLog)
        assertTrue(CallScreeningAdvice.BLOCK.skipNotification)
        Screener.fromBundle(TestEnv.testBundle()).use { s ->
            val blocked = s.screenCall("138 0013 8000")
            assertEquals(Action.BLOCK, blocked.action)
            assertEquals(CallScreeningAdvice.BLOCK, blocked.toCallScreeningAdvice())
            assertEquals(CallScreeningAdvice.SILENCE, s.screenCall("199 1234 5678").toCallScreeningAdvice())
            assertEquals(CallScreeningAdvice.ALLOW, s.screenCall("199 1234 5678", isContact = true).toCallScreeningAdvice())
        }
    }
}
