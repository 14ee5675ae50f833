package org.burao

import java.time.Instant
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** The `Instant` overloads of the calls that take Unix seconds. */
class ScreenerTimesTest {
    @Test
    fun instantsAreTakenAsWholeSeconds() {
        Screener().use { s ->
            val at = Instant.ofEpochSecond(1_796_000_000, 999_000_000)
            val id = s.reportFeedback("13900004444", null, true, at)
            val record = s.feedback().single { it.id == id }
            assertEquals(1_796_000_000L, record.atUnix)
            assertEquals(Instant.ofEpochSecond(1_796_000_000), record.at)
            val v = s.screenCallAt("13900004444", false, at.plusSeconds(86_400))
            assertEquals(ReasonCode.FEEDBACK, v.reasons.first().code)
            assertEquals("2026-11-30", v.reasons.first().args.first { it.name == "date" }.value)

            s.recordConsent("1069012345678", ConsentState.OPTED_OUT, "TD", at)
            assertEquals(at.epochSecond, s.consentRecords().single().at.epochSecond)
            val sms = s.screenSmsAt("1069012345678", "新品上市，全场五折，回T退订", false, at.plusSeconds(60))
            val consent = sms.reasons.first { it.code == ReasonCode.CONSENT }
            assertEquals("opted_out", consent.args.first { it.name == "consent_state" }.value)
            assertEquals("TD", consent.args.first { it.name == "reply" }.value)
            assertEquals("T", s.recordOutgoingSms("10690000001", "T", at))
        }
    }

    @Test
    fun anInstantCannotBeMistakenForMilliseconds() {
        Screener().use { s ->
            // The same moment as milliseconds is refused; as an Instant it is accepted.
            val now = Instant.now()
            try {
                s.reportFeedback("13900004444", null, true, now.toEpochMilli())
                throw AssertionError("milliseconds must be refused")
            } catch (e: BuraoException.InvalidInput) {
            }
            assertTrue(s.reportFeedback("13900004444", null, true, now) >= 0)
            assertEquals(now.epochSecond, s.feedback().single().atUnix)
        }
    }
}
