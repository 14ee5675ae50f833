package org.burao

import java.io.File
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.burao.testsupport.TestEnv
import org.burao.testsupport.refused
import org.junit.Test

class ScreenerTest {
    /** [body] (t = 0 until 8) on eight threads at once; their results in thread order, each within 60 s. */
    private fun onEightThreads(body: (Int) -> Int): List<Int> {
        val pool = Executors.newFixedThreadPool(8)
        try {
            return pool.invokeAll((0 until 8).map { t -> Callable { body(t) } }).map { it.get(60, TimeUnit.SECONDS) }
        } finally {
            pool.shutdownNow()
        }
    }

    @Test
    fun defaultScreenerNamesAVirtualOperatorRangeButLetsItRing() {
        // A range is a hint, not a verdict (issue 15): the default bundle identifies it.
        Screener().use { s ->
            val v = s.screenCall("+86 170 0000 0000", false)
            assertEquals(Action.ALLOW, v.action)
            assertEquals(Category.HARASSMENT, v.category)
            assertEquals("+86170*", v.matched)
            assertEquals(listOf(ReasonCode.DEFAULT, ReasonCode.LIST_ENTRY), v.reasons.map { it.code })
            assertEquals("+86170*", v.reasons[1].source)
            assertEquals(s.bundleInfo().metadata.sequence, v.bundleSequence)
        }
    }

    @Test
    fun impersonationIsJunkAndReasonsComeInTheChosenLanguage() {
        Screener().use { s ->
            val body = "【工商银行】尊敬的客户，您的账户积分即将清零，请登录 icbc-jf.vip 兑换现金红包。"
            val en = s.screenSms("13800138000", body, false)
            assertEquals(Action.JUNK, en.action)
            assertEquals(Category.FRAUD, en.category)
            assertEquals(ReasonCode.PHISHING, en.reasons.first().code)
            val detail = en.reasons.first().detail
            assertTrue(detail, detail.contains("claims to be ICBC") && detail.contains("icbc-jf.vip"))
            s.setReasonLanguage("zh-CN")
            val zh = s.screenSms("13800138000", body, false).reasons.first().detail
            assertTrue(zh, zh.contains("自称工商银行"))
            try {
                s.setReasonLanguage("xx")
                fail("an unknown language must be refused")
            } catch (e: BuraoException.InvalidInput) {
            }
        }
    }

    @Test
    fun contactsAreAlwaysAllowed() {
        Screener().use { s ->
            val v = s.screenCall("+86 170 0000 0000", true)
            assertEquals(Action.ALLOW, v.action)
            assertNull(v.category)
            assertEquals(listOf(ReasonCode.CONTACT), v.reasons.map { it.code })
        }
    }

    @Test
    fun badNumberIsAnInvalidNumberWithoutTheNumberInIt() {
        Screener().use { s ->
            try {
                s.screenCall("13800138000x", false)
                fail("a letter in a number must be refused")
            } catch (e: BuraoException.InvalidNumber) {
                assertFalse(e.reason, e.reason.contains("13800138000"))
                assertFalse(e.message!!.contains("13800138000"))
            }
        }
    }

    @Test
    fun unknownRegionIsInvalidInput() {
        Screener().use { s ->
            try {
                s.setRegion("XX")
                fail("an unknown region must be refused")
            } catch (e: BuraoException.InvalidInput) {
                assertTrue(e.reason.isNotEmpty())
            }
            s.setRegion("CN")
            assertEquals("+86170*", s.screenCall("17000000000", false).matched)
        }
    }

    @Test
    fun defaultBundleInfoDescribesTheEmbeddedBundle() {
        Screener().use { s ->
            val info = s.bundleInfo()
            assertEquals("burao-default", info.metadata.name)
            assertEquals("CN", info.metadata.region)
            assertEquals(TestEnv.defaultBundle().size.toLong(), info.size)
            assertTrue(info.patterns > 0L)
            assertTrue(info.sections.any { it.name == "lists.fst" && it.size > 0L })
        }
    }

    @Test
    fun screenerFromBundleBytesUsesThatBundle() {
        Screener.fromBundle(TestEnv.testBundle()).use { s ->
            val info = s.bundleInfo()
            assertEquals("burao-test", info.metadata.name)
            assertEquals(7L, info.metadata.sequence)
            val v = s.screenCall("138 0013 8000", false)
            assertEquals(Action.BLOCK, v.action)
            assertEquals(Category.LOAN, v.category)
            assertEquals("test loan caller", v.label)
            assertEquals(7L, v.bundleSequence)
            // Not in this bundle's lists, unlike the default one's.
            assertEquals(Action.ALLOW, s.screenCall("+86 170 0000 0000", false).action)
        }
    }

    @Test
    fun replaceBundleSwapsAndACorruptOneIsRefusedWhileTheOldKeepsServing() {
        Screener().use { s ->
            val info = s.replaceBundle(TestEnv.testBundle())
            assertEquals("burao-test", info.metadata.name)
            assertEquals(Action.SILENCE, s.screenCall("199 1234 5678", false).action)

            val corrupt = TestEnv.defaultBundle().copyOf()
            corrupt[corrupt.size / 2] = (corrupt[corrupt.size / 2].toInt() xor 0x5a).toByte()
            for (bad in listOf(corrupt, corrupt.copyOf(corrupt.size / 2), ByteArray(0), "not a bundle".toByteArray())) {
                try {
                    s.replaceBundle(bad)
                    fail("a corrupt bundle must be refused")
                } catch (e: BuraoException.InvalidBundle) {
                    assertTrue(e.reason.isNotEmpty())
                }
                assertEquals("burao-test", s.bundleInfo().metadata.name)
                assertEquals(Action.BLOCK, s.screenCall("13800138000", false).action)
            }
            try {
                Screener.fromBundle(corrupt)
                fail("a corrupt bundle must be refused")
            } catch (e: BuraoException.InvalidBundle) {
            }
            // The default bundle (sequence 1) is older than the test bundle (7): a rollback.
            try {
                s.replaceBundle(TestEnv.defaultBundle())
                fail("an older bundle must be refused")
            } catch (e: BuraoException.InvalidBundle) {
                assertTrue(e.message!!.contains("rollback"))
            }
            assertEquals("burao-default", s.replaceBundleAllowingRollback(TestEnv.defaultBundle()).metadata.name)
        }
    }

    @Test
    fun applyUpdatePatchesTheBundleInForceAndRefusesDamageAndAWrongBase() {
        val patch = TestEnv.testPatch()
        assertEquals("a patch, not a bundle", "BURAOPCH", String(patch.copyOf(8), Charsets.US_ASCII))
        Screener().use { s ->
            val flipped = patch.copyOf()
            flipped[flipped.size / 2] = (flipped[flipped.size / 2].toInt() xor 0x01).toByte()
            for ((i, bad) in listOf(flipped, patch.copyOf(patch.size - 1), ByteArray(0), TestEnv.testBundle()).withIndex()) {
                val e = refused<BuraoException.InvalidBundle> { s.applyUpdate(bad) }
                assertTrue(e.reason, e.reason.contains("patch"))
                assertEquals("burao-default", s.bundleInfo().metadata.name)
                // The default bundle still serves: its virtual-operator range is named.
                assertEquals("+86170*", s.screenCall("+86 170 0000 010$i", false).matched)
            }
            val info = s.applyUpdate(patch)
            assertEquals("burao-test", info.metadata.name)
            assertEquals(7L, info.metadata.sequence)
            assertEquals(TestEnv.testBundle().size.toLong(), info.size)
            assertTrue("byte-identical to the full bundle", TestEnv.testBundle().contentEquals(s.bundleBytes()))
            assertEquals(Action.BLOCK, s.screenCall("13800138000", false).action)
            // Applied again, its base is gone: refused, and the app fetches the full bundle.
            val e = refused<BuraoException.InvalidBundle> { s.applyUpdate(patch) }
            assertTrue(e.reason, e.reason.contains("base bundle"))
            assertEquals("burao-test", s.bundleInfo().metadata.name)
        }
    }

    @Test
    fun eightThreadsScreenOneScreenerAtOnce() {
        Screener().use { s ->
            val results = onEightThreads { t ->
                var silenced = 0
                for (i in 0 until 2000) {
                    val n = String.format("+86 170 %04d %04d", t, i)
                    val v = s.screenCall(n, false)
                    if (v.matched == "+86170*" && v.action == Action.ALLOW) silenced++
                    // A bundle swap mid-flight must never show a half-made state.
                    if (t == 0 && i % 500 == 0) s.replaceBundle(TestEnv.defaultBundle())
                }
                silenced
            }
            assertEquals(List(8) { 2000 }, results)
        }
    }

    /** Issue 13: eight threads screen and record consent on one screener with a state file open. */
    @Test
    fun eightThreadsShareOneOpenStateFileAndLoseNothing() {
        val dir = java.nio.file.Files.createTempDirectory("burao-kotlin-state").toFile()
        try {
            val path = File(dir, "state.bin").path
            Screener().use { s ->
                assertNull(s.openState(path))
                val errors = onEightThreads { t ->
                    var errors = 0
                    for (i in 0 until 200) {
                        val v = s.screenCallAt(String.format("139%02d%06d", t, i), false, 1_796_000_000L + i)
                        if (v.reasons.any { it.source == "state-not-saved" }) errors++
                        if (i % 25 == 0) s.recordConsent("shop$t-$i", ConsentState.OPTED_OUT, "T", 1_796_000_000L)
                    }
                    errors
                }
                assertEquals(List(8) { 0 }, errors)
                s.flush()
                assertNull(s.saveError())
                Screener().use { again ->
                    assertNull(again.openState(path))
                    assertEquals(64, again.consentRecords().size)
                    assertTrue(again.exportState().contentEquals(s.exportState()))
                }
            }
        } finally {
            dir.deleteRecursively()
        }
    }

    /** Issue 8's stress test through the binding: JVM threads screen while another swaps. */
    @Test
    fun everyVerdictComesFromOneBundleWhileAThousandSwapsRun() {
        Screener().use { s ->
            val test = TestEnv.testBundle()        // sequence 7: blocks 13800138000
            val default = TestEnv.defaultBundle()  // sequence 1: allows it
            val corrupt = test.copyOf(test.size / 2)
            val stop = java.util.concurrent.atomic.AtomicBoolean(false)
            val pool = Executors.newFixedThreadPool(9)
            try {
                val swapper = pool.submit(Callable {
                    var refused = 0
                    for (i in 0 until 1000) {
                        when (i % 4) {
                            0 -> s.replaceBundleAllowingRollback(test)
                            1 -> try { s.replaceBundle(corrupt) } catch (e: BuraoException.InvalidBundle) { refused++ }
                            2 -> s.replaceBundleAllowingRollback(default)
                            else -> try {
                                s.setRules("""{"schema":1,"rules":[{"id":"r$i","number":"139*","action":"nope"}]}""")
                            } catch (e: BuraoException.InvalidInput) {
                                refused++
                                s.setRules("""{"schema":1,"rules":[{"id":"r$i","number":"139*","action":"block"}]}""")
                            }
                        }
                    }
                    stop.set(true)
                    refused
                })
                val workers = (0 until 8).map { t ->
                    pool.submit(Callable {
                        var n = 0
                        while (!stop.get() || n < 100) {
                            val v = s.screenCall("13800138000", false)
                            val want = if (v.bundleSequence == 7L) Action.BLOCK else Action.ALLOW
                            assertEquals("verdict of bundle ${v.bundleSequence}", want, v.action)
                            if (t % 2 == 0) s.screenSms("95588", "您尾号1234的卡消费500元", false)
                            n++
                        }
                        n
                    })
                }
                assertEquals(500, swapper.get(120, TimeUnit.SECONDS))
                val answered = workers.map { it.get(120, TimeUnit.SECONDS) }
                assertTrue("every worker got its verdicts: $answered", answered.all { it >= 100 })
            } finally {
                pool.shutdownNow()
            }
        }
    }

    @Test
    fun aRustPanicSurfacesAsInternalExceptionAndTheLibraryKeepsWorking() {
        try {
            forcePanicForTests()
            fail("the forced panic must throw")
        } catch (e: InternalException) {
            assertTrue(e.message!!, e.message!!.contains("forced"))
        }
        Screener().use { s -> assertEquals("+86170*", s.screenCall("17000000000", false).matched) }
    }
}
