package org.burao.demo

import android.Manifest
import android.app.Notification
import android.app.NotificationManager
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.provider.Telephony
import android.telephony.SmsMessage
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/**
 * `SmsReceiver` gets what the telephony stack broadcasts: an `SMS_RECEIVED` intent whose "pdus"
 * are SMS-DELIVER PDUs (written by [Pdus]) and "format" is "3gpp"; the receiver decodes them
 * with the framework's own `Telephony.Sms.Intents.getMessagesFromIntent`, screens the joined
 * text on the real engine within `goAsync()`, and posts through the real NotificationManager
 * (recorded by Robolectric's shadow).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [RoboSupport.SDK], manifest = Config.NONE, application = BuraoApp::class)
class SmsReceiverTest {
    private val bankPort = "1069012345678"
    private val loanPort = "10690555098765"
    private val code = "【星河银行】您的验证码为284913，用于登录手机银行，5分钟内有效，请勿告诉他人。"
    private val loan = "【速贷通】您有一笔8万元备用金待领取，无需抵押，当天到账，点击 d.cn/Kx2 立即领取，回T退订"

    private fun nm() = RoboSupport.app.getSystemService(NotificationManager::class.java)

    private fun grantAll() = shadowOf(RoboSupport.app).grantPermissions(
        Manifest.permission.RECEIVE_SMS, Manifest.permission.POST_NOTIFICATIONS,
    )

    /**
     * Broadcasts the message as the system would and waits until the receiver has logged it and
     * (when [notifies]) posted its notification.
     */
    private fun deliver(from: String, body: String, parts: List<ByteArray> = Pdus.deliver(from, body), notifies: Boolean = true) {
        val before = RoboSupport.app.log.recent().size
        val posted = shadowOf(nm()).allNotifications.size
        val intent = Intent(Telephony.Sms.Intents.SMS_RECEIVED_ACTION)
            .putExtra("pdus", parts.map { it as Any }.toTypedArray())
            .putExtra("format", SmsMessage.FORMAT_3GPP)
        // Decoded by the framework, the PDUs say what was written: proof they are well formed.
        val decoded = Telephony.Sms.Intents.getMessagesFromIntent(intent)
        assertEquals(parts.size, decoded.size)
        assertEquals(from, decoded[0].originatingAddress)
        assertEquals(body, decoded.joinToString("") { it.messageBody })
        RoboSupport.app.sendBroadcast(intent)
        RoboSupport.waitForLog(before + 1)
        if (notifies) RoboSupport.waitFor("the notification") { shadowOf(nm()).allNotifications.size > posted }
        Thread.sleep(100) // anything more (a second notification) would show up now
        RoboSupport.waitFor("idle") { true }
    }

    private fun registerReceiver(): SmsReceiver {
        val r = SmsReceiver()
        RoboSupport.app.registerReceiver(r, IntentFilter(Telephony.Sms.Intents.SMS_RECEIVED_ACTION), Context.RECEIVER_EXPORTED)
        return r
    }

    private fun Notification.title() = extras.getCharSequence(Notification.EXTRA_TITLE).toString()
    private fun Notification.text() = extras.getCharSequence(Notification.EXTRA_TEXT).toString()
    private fun Notification.big() = extras.getCharSequence(Notification.EXTRA_BIG_TEXT).toString()

    @Test
    fun aVerificationCodeIsAnOrdinaryNotificationThatNeverShowsTheText() {
        grantAll()
        registerReceiver()
        deliver(bankPort, code)
        val posted = shadowOf(nm()).allNotifications
        assertEquals(1, posted.size)
        val n = posted[0]
        assertTrue(n.title(), n.title().startsWith("Transaction · transaction from $bankPort"))
        assertEquals("sms-verdicts", n.channelId)
        assertEquals(NotificationManager.IMPORTANCE_DEFAULT, nm().getNotificationChannel(n.channelId).importance)
        // The verdict is shown, never the message: no code in the notification or the log.
        for (shown in listOf(n.title(), n.text(), n.big())) assertFalse(shown, shown.contains("284913"))
        val e = RoboSupport.app.log.recent().first()
        assertEquals("sms", e.channel)
        assertEquals(bankPort, e.sender)
        assertEquals("transaction", e.action)
        assertFalse(e.reasons.toString(), e.reasons.any { it.contains("284913") })
    }

    @Test
    fun junkIsPostedQuietlyAndNeverAsAnOrdinaryMessage() {
        grantAll()
        registerReceiver()
        deliver(loanPort, loan)
        val n = shadowOf(nm()).allNotifications.single()
        assertTrue(n.title(), n.title().startsWith("Junk · loans / 理财 from $loanPort"))
        assertEquals("sms-verdicts-quiet", n.channelId)
        assertEquals(NotificationManager.IMPORTANCE_LOW, nm().getNotificationChannel(n.channelId).importance)
        assertEquals("junk", RoboSupport.app.log.recent().first().action)
        // Every reason is in the expanded view, the deciding one first and as the text.
        assertEquals(n.text(), n.big().lines().first())
    }

    @Test
    fun aLongMessageInThreePartsIsJudgedWhole() {
        grantAll()
        registerReceiver()
        // The pitch is only in the last part: junk only if the receiver joins the parts in order.
        val long = "尊敬的客户您好，感谢您一直以来对我们的支持与信任，年底到了，祝您和家人身体健康、工作顺利、万事如意。" +
            "我们整理了今年的服务记录，如有疑问欢迎随时联系我们的客服热线，我们会尽快为您处理。另外提醒您：" + loan
        val parts = Pdus.deliver(loanPort, long)
        assertEquals(3, parts.size)
        deliver(loanPort, long, parts)
        val n = shadowOf(nm()).allNotifications.single()
        assertTrue(n.title(), n.title().startsWith("Junk"))
    }

    @Test
    fun withoutTheNotificationPermissionTheVerdictIsOnlyLogged() {
        shadowOf(RoboSupport.app).grantPermissions(Manifest.permission.RECEIVE_SMS)
        registerReceiver()
        deliver(loanPort, loan, notifies = false)
        assertEquals(0, shadowOf(nm()).allNotifications.size)
        assertEquals("junk", RoboSupport.app.log.recent().first().action)
    }

    @Test
    fun anOptOutIsRecordedAndTheNextPitchBecomesEvidence() {
        grantAll()
        registerReceiver()
        val shop = "1069077712345"
        val promo = "【优品汇】会员日全场五折起，满199减100，今晚12点截止，戳 y.cn/Ab3 抢购，回T退订"
        // The user says so on the consent screen (what an SMS app does on an outgoing "TD").
        val consent = Robolectric.buildActivity(ConsentActivity::class.java).setup().get()
        RoboSupport.field(consent, "Sender").setText(shop)
        RoboSupport.button(consent, "I opted out (replied TD)").performClick()
        RoboSupport.waitFor("the opt-out in the consent list") { RoboSupport.texts(consent).any { it.contains("$shop: opted out via app") } }
        val records = RoboSupport.onScreenerThread { it.consentRecords() }
        assertEquals(1, records.size)

        deliver(shop, promo)
        val n = shadowOf(nm()).allNotifications.single()
        assertTrue(n.title(), n.title().startsWith("Junk"))
        assertEquals("sms-verdicts-quiet", n.channelId)
        val evidence = RoboSupport.onScreenerThread { it.evidence() }
        assertEquals("the message after the opt-out is kept as evidence", 1, evidence.size)
        assertTrue(evidence[0].sender, evidence[0].sender.endsWith(shop)) // kept in canonical digits
        assertTrue(evidence[0].withdrawnUnix <= evidence[0].receivedUnix)
        // And the consent screen lists it, reopened as the user would.
        val again = Robolectric.buildActivity(ConsentActivity::class.java).setup().get()
        RoboSupport.waitFor("the evidence line") { RoboSupport.texts(again).any { it.contains("$shop: ") && it.contains("after withdrawal") } }
    }
}
