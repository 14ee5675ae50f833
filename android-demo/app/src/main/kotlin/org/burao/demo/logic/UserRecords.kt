package org.burao.demo.logic

import java.time.Instant
import java.time.ZoneOffset
import org.burao.BuraoException
import org.burao.Channel
import org.burao.ConsentState
import org.burao.Screener

/**
 * The consent / opt-out screen and the "spam / not spam" buttons. All of it is engine state:
 * once the app called open_state, every change here is saved by the engine itself.
 */
object UserRecords {
    private fun date(unix: Long) = Instant.ofEpochSecond(unix).atOffset(ZoneOffset.UTC).toLocalDate().toString()

    fun consentLines(s: Screener): List<String> = s.consentRecords().sortedByDescending { it.atUnix }.map {
        val what = when (it.state) {
            ConsentState.CONSENTED -> "consented"
            ConsentState.REFUSED -> "refused"
            ConsentState.OPTED_OUT -> "opted out"
        }
        "${it.sender}: $what via ${it.via} on ${date(it.atUnix)}"
    }

    fun evidenceLines(s: Screener): List<String> = s.evidence().map {
        "${it.sender}: ${it.category ?: "commercial"} message on ${date(it.receivedUnix)}, " +
            "after withdrawal on ${date(it.withdrawnUnix)}"
    }

    /** Records the user's choice for [sender] from the app (via = `app`). */
    fun setConsent(s: Screener, sender: String, state: ConsentState, nowUnix: Long): Result<Unit> =
        guard { s.recordConsent(sender.trim(), state, "app", nowUnix) }

    fun forget(s: Screener, sender: String): Result<Boolean> = guard { s.forgetConsent(sender.trim()) }

    /**
     * "Spam" / "not spam" on a log entry. Calls send no body; messages send the body only when
     * the app still has it (the log keeps none), so a message report may teach the sender only.
     */
    fun report(s: Screener, channel: String, sender: String, body: String?, isSpam: Boolean, nowUnix: Long): Result<Long> =
        guard { s.reportFeedback(sender, if (channel == "sms") body ?: "" else null, isSpam, nowUnix) }

    fun feedbackLines(s: Screener): List<String> = s.feedback().asReversed().map {
        val ch = if (it.channel == Channel.CALL) "call" else "sms"
        "#${it.id} $ch ${it.sender}: ${if (it.isSpam) "spam" else "not spam"} on ${date(it.atUnix)}"
    }

    private fun <T> guard(f: () -> T): Result<T> = try {
        Result.success(f())
    } catch (e: BuraoException) {
        Result.failure(IllegalArgumentException(RulesEditor.errorText(e), e))
    }
}
