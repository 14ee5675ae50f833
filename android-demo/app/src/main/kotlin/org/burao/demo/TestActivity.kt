package org.burao.demo

import android.widget.CheckBox
import android.widget.TextView
import org.burao.Verdict
import org.burao.demo.logic.CallPolicy
import org.burao.demo.logic.CallRequest
import org.burao.demo.logic.Direction
import org.burao.demo.logic.Notifications
import org.burao.demo.logic.Verification
import org.burao.demo.logic.label

/**
 * "What would Burao do?" for a typed number or message. Goes through the same logic as the
 * service and the receiver. (Screening a number records it in the engine's call history, as a
 * real call would: a second test within the repeat window rings through a silenced range.)
 */
class TestActivity : Screen("Test a number or a message") {
    private lateinit var out: TextView

    override fun build() {
        val number = root.field("Phone number, e.g. 170 0000 0000")
        val contact = CheckBox(this).apply { text = "in my contacts"; root.addView(this) }
        val spoofed = CheckBox(this).apply { text = "network verification failed (spoofed)"; root.addView(this) }
        root.button("Screen as an incoming call") {
            val req = CallRequest("tel", number.text.toString(), Direction.INCOMING,
                if (spoofed.isChecked) Verification.FAILED else Verification.NOT_VERIFIED, contact.isChecked)
            withScreener({ CallPolicy.decide(it, req) }) { r ->
                r.onSuccess { d ->
                    val f = d.response
                    out.text = (d.verdict?.let(::describe) ?: "Not screened: ${d.skipped}") +
                        "\n\nCallResponse: disallow=${f.disallowCall} reject=${f.rejectCall} silence=${f.silenceCall} " +
                        "skipCallLog=${f.skipCallLog} skipNotification=${f.skipNotification}"
                }.onFailure { out.text = "Failed: ${it.message}" }
            }
        }
        val sender = root.field("Sender, e.g. 10690000 or 95588")
        val body = root.field("Message text", multiline = true)
        root.button("Screen as an incoming message") {
            val from = sender.text.toString()
            val text = body.text.toString()
            withScreener({ it.screenSms(from, text, contact.isChecked) }) { r ->
                r.onSuccess { v ->
                    val n = Notifications.forSms(from, v)
                    out.text = describe(v) + "\n\nNotification: ${n.title}\n${n.text}"
                }.onFailure { out.text = "Failed: ${it.message}" }
            }
        }
        out = root.label("")
    }

    private fun describe(v: Verdict): String =
        "${v.action.label()}${v.category?.let { " · " + Notifications.describe(it) } ?: ""}" +
            (v.label?.let { "\n$it" } ?: "") + (v.matched?.let { "\nmatched $it" } ?: "") +
            v.score?.let { "\nscore %.2f".format(it) }.orEmpty() +
            "\n" + v.reasons.joinToString("\n") { "• ${it.code.label()}: ${it.detail}" }
}
