package org.burao

import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.burao.readme.readmeDecidingRule
import org.junit.Test

/** Each reason's named arguments (`Reason.args`), read in both languages. */
class ReasonArgsTest {
    private val phish = "【工商银行】尊敬的客户，您的账户积分即将清零，请登录 icbc-jf.vip 兑换现金红包。"

    private fun Reason.arg(name: String): String? = args.firstOrNull { it.name == name }?.value

    /** The first reasons of a call and a message, screened in [language]. */
    private fun screened(language: String): List<Reason> = Screener().use { s ->
        s.setReasonLanguage(language)
        s.setRules("""{"schema":1,"rules":[{"id":"gym","number":"13900002*","action":"silence","note":"the gym"}]}""")
        s.reportFeedback("13900004444", null, true, 1_796_000_000)
        listOf(
            s.screenCall("13900002222").reasons.first(),
            s.screenCall("13900004444").reasons.first(),
            s.screenSms("13800138000", phish).reasons.first(),
        )
    }

    @Test
    fun argumentsAreTheSameInBothLanguagesAndTheTextsAreBuiltFromThem() {
        val en = screened("en")
        val zh = screened("zh")
        val (ruleEn, feedbackEn, phishEn) = en
        val (ruleZh, feedbackZh, phishZh) = zh
        assertEquals(ReasonCode.USER_RULE, ruleEn.code)
        assertEquals("gym", ruleEn.arg("rule_id"))
        assertEquals("the gym", ruleEn.arg("rule_note"))
        assertEquals("silence", ruleEn.arg("action"))
        assertEquals(ruleEn.args, ruleZh.args)
        assertNotEquals(ruleEn.detail, ruleZh.detail)
        assertTrue(ruleZh.detail, ruleZh.detail.contains("静音") && ruleZh.detail.contains("gym"))

        assertEquals(ReasonCode.FEEDBACK, feedbackEn.code)
        assertEquals("true", feedbackEn.arg("spam"))
        val day = feedbackEn.arg("date")!!
        assertTrue(day, Regex("""\d{4}-\d{2}-\d{2}""").matches(day))
        assertEquals(feedbackEn.args, feedbackZh.args)
        assertTrue(feedbackZh.detail.contains(day) && feedbackEn.detail.contains(day))

        assertEquals(ReasonCode.PHISHING, phishEn.code)
        assertEquals("icbc-jf.vip", phishEn.arg("domain"))
        assertEquals("95588", phishZh.arg("official_sender"))
        assertEquals("ICBC", phishEn.arg("institution"))
        assertEquals("工商银行", phishZh.arg("institution"))
        for (r in listOf(phishEn, phishZh)) {
            for (a in r.args) assertTrue("${a.name} not in ${r.detail}", r.detail.contains(a.value))
            assertFalse(r.args.any { it.value.contains("13800138000") || it.value.contains(phish) })
        }
    }

    @Test
    fun anExactNumberStaysOutOfTheArguments() {
        Screener().use { s ->
            val v = s.screenCall("95588")
            val list = v.reasons.first { it.code == ReasonCode.LIST_ENTRY }
            assertEquals("+8695588", list.source)
            assertNull(list.arg("pattern"))
            assertTrue(list.arg("label")!!.contains("ICBC"))
            // Older code that builds a Reason without args still compiles: args default to empty.
            assertEquals(emptyList<ReasonArg>(), Reason(ReasonCode.NOTE, "", "", emptyList()).args)
        }
    }

    @Test
    fun theReadmeSnippetFindsTheDecidingRule() {
        Screener().use { s ->
            s.setRules("""{"schema":1,"rules":[{"id":"gym","number":"13900002*","action":"silence"}]}""")
            assertEquals("gym", readmeDecidingRule(s, "13900002222"))
            assertNull(readmeDecidingRule(s, "13900004444"))  // decided by the report, not a rule
            assertEquals(2, s.feedback().size)
        }
    }
}
