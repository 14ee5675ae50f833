package org.burao.demo

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.provider.Telephony
import org.burao.demo.logic.LogEntry
import org.burao.demo.logic.Notifications

/**
 * SMS_RECEIVED (needs RECEIVE_SMS, asked for on the main screen). A non-default SMS app cannot
 * stop or file a message: it can only tell the user what Burao thinks of it. The default SMS
 * app does the same classification in its SMS_DELIVER receiver and files by the verdict
 * (see README, "Integrating in an SMS app").
 */
class SmsReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Telephony.Sms.Intents.SMS_RECEIVED_ACTION) return
        val parts = Telephony.Sms.Intents.getMessagesFromIntent(intent)
        if (parts.isNullOrEmpty()) return
        val sender = parts[0].originatingAddress ?: ""
        // A long message arrives in parts; the verdict is about the whole text.
        val body = parts.joinToString("") { it.messageBody ?: "" }
        val app = BuraoApp.of(context)
        val pending = goAsync() // ~10 s before the system gives up on the receiver.
        app.background.execute {
            try {
                val isContact = Contacts.isContact(context, sender)
                val verdict = app.screenerHost.within(BUDGET_MS, null) { it.screenSms(sender, body, isContact) }
                val now = System.currentTimeMillis()
                if (verdict == null) {
                    app.log.add(LogEntry.skipped(now, "sms", sender, "screener not ready in time"))
                } else {
                    // The log keeps no message bodies; the notification shows the verdict, not the text.
                    app.log.add(LogEntry.of(now, "sms", sender, verdict))
                    Notifier.show(context, (now % Int.MAX_VALUE).toInt(), Notifications.forSms(sender, verdict))
                }
            } catch (e: RuntimeException) {
                // Nothing to undo: the message reached the inbox whatever happens here.
            } finally {
                pending.finish()
            }
        }
    }

    companion object {
        const val BUDGET_MS = 8_000L
    }
}
