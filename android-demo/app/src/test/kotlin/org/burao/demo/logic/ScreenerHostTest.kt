package org.burao.demo.logic

import java.io.File
import org.burao.Action
import org.burao.BuraoException
import org.burao.CallScreeningAdvice
import org.burao.ConsentState
import org.burao.ReasonCode
import org.burao.Screener
import org.burao.testsupport.TestEnv
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test

class ScreenerHostTest {
    private val call = CallRequest("tel", "+86 170 0000 0000", Direction.INCOMING)

    @Test
    fun loadsOnceOffTheCallersThreadAndScreens() {
        var loads = 0
        var thread = ""
        val e = ScreenerHost(TestEnv.tempDir()) { loads++; thread = Thread.currentThread().name; Screener() }
        try {
            // The default bundle names virtual-operator ranges (a screened verdict, not a skip).
            assertEquals("+86170*", e.screenCall(call, 4_000).verdict!!.matched)
            assertEquals("+86171*", e.screenCall(call.copy(number = "+86 171 2345 6789"), 4_000).verdict!!.matched)
            assertEquals(1, loads)
            assertEquals("burao-screener", thread)
            assertNull(e.stateWarning)
            assertTrue("the engine saves its state file itself", e.stateFile.length() > 0)
        } finally { e.close() }
    }

    @Test
    fun aSlowColdStartAllowsWithinTheBudgetThenServes() {
        val e = ScreenerHost(TestEnv.tempDir()) { Thread.sleep(1_500); Screener() }
        try {
            val t0 = System.nanoTime()
            val d = e.screenCall(call, 200)
            val ms = (System.nanoTime() - t0) / 1_000_000
            assertEquals(CallScreeningAdvice.ALLOW, d.response)
            assertEquals("screener not ready in time", d.skipped)
            assertTrue("answered after $ms ms", ms < 1_000)
            assertEquals("+86170*", e.screenCall(call, 5_000).verdict!!.matched)
        } finally { e.close() }
    }

    @Test
    fun aFailedLoadAllowsAndSaysWhy() {
        val e = ScreenerHost(TestEnv.tempDir()) { throw IllegalStateException("no native library") }
        try {
            val d = e.screenCall(call, 1_000)
            assertEquals(CallScreeningAdvice.ALLOW, d.response)
            assertEquals("screener failed to load", d.skipped)
            assertTrue(e.loadError()!!.contains("no native library"))
            assertTrue(e.importBundle(TestEnv.defaultBundle(), 100).isFailure)
        } finally { e.close() }
    }

    @Test
    fun userStateSurvivesARestart() {
        val dir = TestEnv.tempDir()
        val rules = RulesEditor.addAllowed(RulesEditor.EMPTY, "+86 170 0000 0000", "the gym")
        ScreenerHost(dir).let { e ->
            val s = e.screener(5_000)!!
            assertTrue(RulesEditor.apply(s, rules).isSuccess)
            assertTrue(UserRecords.setConsent(s, "10690000", ConsentState.OPTED_OUT, 1_800_000_000).isSuccess)
            e.close()
        }
        ScreenerHost(dir).let { e ->
            val s = e.screener(5_000)!!
            assertEquals(listOf("+86 170 0000 0000"), RulesEditor.allowList(s.rulesJson()).map { it.number })
            assertEquals(1, UserRecords.consentLines(s).size)
            assertTrue(UserRecords.consentLines(s)[0].contains("opted out via app"))
            val v = e.screenCall(call, 4_000)
            assertEquals(CallScreeningAdvice.ALLOW, v.response)
            assertEquals(ReasonCode.USER_RULE, v.verdict!!.reasons.first().code)
            e.close()
        }
    }

    @Test
    fun aBadBundleIsRefusedAndTheOldKeepsServing() {
        val dir = TestEnv.tempDir()
        val e = ScreenerHost(dir)
        try {
            val good = TestEnv.defaultBundle()
            val corrupt = good.copyOf().also { it[it.size / 2] = (it[it.size / 2].toInt() xor 0x5a).toByte() }
            for (bad in listOf(corrupt, good.copyOf(good.size / 2), ByteArray(0))) {
                val r = e.importBundle(bad)
                assertTrue(r.isFailure)
                assertTrue(r.exceptionOrNull() is BuraoException.InvalidBundle)
                assertTrue(RulesEditor.errorText(r.exceptionOrNull()!!).isNotEmpty())
                assertFalse("a refused bundle is not kept", e.bundleFile.exists())
                assertEquals("+86170*", e.screenCall(call.copy(number = "+86 170 1111 ${1000 + bad.size % 9000}"), 4_000).verdict!!.matched)
            }
            val info = e.importBundle(good).getOrThrow()
            assertEquals("burao-default", info.metadata.name)
            assertArrayEquals(good, e.bundleFile.readBytes())
        } finally { e.close() }
        // The next start re-applies the imported bundle.
        ScreenerHost(dir).let { e2 ->
            assertNotNull(e2.screener(5_000))
            assertNull(e2.bundleWarning)
            e2.close()
        }
        // A damaged copy on disk: the embedded bundle serves, and the app is told.
        File(dir, "imported.bundle").writeBytes("not a bundle".toByteArray())
        ScreenerHost(dir).let { e3 ->
            assertEquals("+86170*", e3.screener(5_000)!!.screenCall("+86 170 2222 3333", false).matched)
            assertTrue(e3.bundleWarning!!.startsWith("the imported bundle was refused"))
            assertTrue(e3.forgetImportedBundle())
            e3.close()
        }
    }
}
