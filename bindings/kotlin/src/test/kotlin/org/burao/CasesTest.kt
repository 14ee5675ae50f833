package org.burao

import org.burao.testsupport.Case
import org.burao.testsupport.CaseTest
import org.burao.testsupport.Cases
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/**
 * Every case of fixtures/cases/ (every .json file), one JUnit test each, against the default
 * bundle, through the shared strict checker (org.burao.testsupport.Cases).
 */
class CasesTest(case: Case) : CaseTest(case) {
    /** The platform adapter on the same verdict: what `CallResponse.Builder` gets. */
    private fun checkAdvice(verdict: Verdict) {
        val a = verdict.toCallScreeningAdvice()
        val want = when (Cases.snake(verdict.action)) {
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
        val verdict = Cases.check(case) ?: return
        if (case.kind == Case.Kind.CALL) checkAdvice(verdict)
    }
}
