package org.burao.demo

import android.widget.LinearLayout
import org.burao.ConsentState
import org.burao.Screener
import org.burao.demo.logic.UserRecords

/**
 * The MIIT consent rule made visible: which senders the user consented to, refused or opted
 * out from (replying T/TD/退订 is recorded by an SMS app through record_outgoing_sms), the
 * evidence of messages received after an opt-out, and the spam / not-spam reports.
 */
class ConsentActivity : Screen("Consent, opt-outs and reports") {
    private lateinit var list: LinearLayout

    override fun build() {
        val sender = root.field("Sender, e.g. 10690000 or 95555")
        val error = root.label("").apply { showError(null) }
        fun act(job: (Screener, String, Long) -> Result<*>) {
            val who = sender.text.toString()
            withScreener({ job(it, who, System.currentTimeMillis() / 1000).getOrThrow() }) { r ->
                r.onSuccess { error.showError(null); refresh() }.onFailure { error.showError(it.message) }
            }
        }
        root.button("I signed up to this sender") { act { s, who, t -> UserRecords.setConsent(s, who, ConsentState.CONSENTED, t) } }
        root.button("I refuse this sender's marketing") { act { s, who, t -> UserRecords.setConsent(s, who, ConsentState.REFUSED, t) } }
        root.button("I opted out (replied TD)") { act { s, who, t -> UserRecords.setConsent(s, who, ConsentState.OPTED_OUT, t) } }
        root.button("Forget this sender") { act { s, who, _ -> UserRecords.forget(s, who) } }
        list = root.section()
        refresh()
    }

    private fun refresh() {
        withScreener({ s -> Triple(UserRecords.consentLines(s), UserRecords.evidenceLines(s), UserRecords.feedbackLines(s)) }) { r ->
            list.removeAllViews()
            r.onSuccess { (consent, evidence, feedback) ->
                list.label("Consent records", bold = true)
                list.label(consent.joinToString("\n").ifEmpty { "(none)" })
                list.label("Messages received after an opt-out (evidence for a complaint)", bold = true)
                list.label(evidence.joinToString("\n").ifEmpty { "(none)" })
                list.label("Your spam / not-spam reports", bold = true)
                list.label(feedback.joinToString("\n").ifEmpty { "(none)" })
            }.onFailure { list.label("Failed: ${it.message}") }
        }
    }
}
