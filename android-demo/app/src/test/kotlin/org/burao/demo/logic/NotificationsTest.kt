package org.burao.demo.logic

import org.burao.Screener
import org.burao.Verdict
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

class NotificationsTest {
    // Our own wording, not from any corpus.
    private val loanRule = """{"schema": 1, "rules": [{"id": "no-loans", "keywords": ["低息贷款"], "action": "junk", "category": "loan", "note": "demo"}]}"""

    /** The verdict on a message under [loanRule] and the notification the demo builds from it. */
    private fun notify(sender: String, body: String, isContact: Boolean): Pair<Verdict, NotificationText> =
        Screener().use { s ->
            s.setRules(loanRule)
            val v = s.screenSms(sender, body, isContact)
            v to Notifications.forSms(sender, v)
        }

    @Test
    fun junkByAUserRuleIsQuietAndSaysWhy() {
        val (v, n) = notify("10690000", "尊敬的客户，低息贷款今日到账，回T退订", false)
        assertEquals("Junk · loans / 理财 from 10690000", n.title)
        assertEquals(v.reasons.first().detail, n.text)
        assertEquals(v.reasons.map { it.detail }, n.lines)
        assertTrue(n.quiet)
    }

    @Test
    fun aContactsMessageIsAnOrdinaryNotification() {
        val (v, n) = notify("13800138000", "低息贷款? 哈哈, 晚上一起吃饭", true)
        assertEquals("Message from 13800138000", n.title)
        assertFalse(n.quiet)
        assertEquals(v.reasons.first().detail, n.text)
    }

    @Test
    fun anUnknownSenderIsSaidSo() {
        Screener().use { s ->
            val n = Notifications.forSms("", s.screenSms("", "你好", true))
            assertTrue(n.title, n.title.endsWith("from unknown sender"))
        }
    }
}
