package org.burao.demo.logic

import org.burao.Action
import org.burao.BuraoException
import org.burao.CallScreeningAdvice
import org.burao.Reason
import org.burao.ReasonCode
import org.burao.Screener
import org.burao.Verdict
import org.burao.toCallScreeningAdvice

/** The call's direction, as `Call.Details.getCallDirection()` reports it. */
enum class Direction { INCOMING, OUTGOING, UNKNOWN }

/**
 * STIR/SHAKEN-style caller-number verification (`Call.Details.getCallerNumberVerificationStatus()`,
 * API 30+). Older phones and most networks report [NOT_VERIFIED]; only [FAILED] means anything.
 */
enum class Verification { NOT_VERIFIED, PASSED, FAILED }

/** What the service knows about a call before asking the screener. */
data class CallRequest(
    /** The handle URI's scheme (`tel`, `sip`, `voicemail`), or null when there is no handle. */
    val scheme: String?,
    /** The handle's number (scheme-specific part); empty for a withheld number. */
    val number: String,
    val direction: Direction,
    val verification: Verification = Verification.NOT_VERIFIED,
    val isContact: Boolean = false,
) {
    // Numbers stay out of anything that could reach a log or a crash report.
    override fun toString() = "CallRequest(scheme=$scheme, number=<${number.length} chars>, direction=$direction, " +
        "verification=$verification, isContact=$isContact)"
}

/** The outcome of screening one call: what to answer, and why (for the log). */
data class CallDecision(
    /** The SDK's `CallResponse` fields for [verdict] (`CallScreeningAdvice.ALLOW` when not asked). */
    val response: CallScreeningAdvice,
    /** The engine's verdict after the verification policy, or null when the screener was not asked. */
    val verdict: Verdict?,
    /** Why the screener was not asked or failed (no number or body in it), else null. */
    val skipped: String? = null,
)

/**
 * The demo's own call policy, without Android: which calls are screened at all (incoming `tel:`
 * calls with a number), failing open, and one step stricter for a number the network could not
 * verify. The verdict → `CallResponse` mapping is the SDK's [CallScreeningAdvice]; the service
 * only turns a `Call.Details` into a [CallRequest] and the advice into a `CallResponse`.
 */
object CallPolicy {
    /** Asks [screener] about [request]; never throws, and allows when in doubt. */
    fun decide(screener: Screener, request: CallRequest, atUnix: Long? = null): CallDecision {
        // Outgoing calls are the user's own: never touched, not even recorded in the history.
        if (request.direction != Direction.INCOMING) return skip("not an incoming call")
        if (request.scheme != "tel") return skip("not a phone number (${request.scheme ?: "no handle"})")
        if (request.number.isBlank()) return skip("withheld number")
        val verdict = try {
            if (atUnix == null) screener.screenCall(request.number, request.isContact)
            else screener.screenCallAt(request.number, request.isContact, atUnix)
        } catch (e: BuraoException) {
            return skip("screener refused the number: ${e.javaClass.simpleName}")
        } catch (e: RuntimeException) {
            // InternalException (a Rust panic) or a JNA failure: fail open.
            return skip("screener failed: ${e.javaClass.simpleName}")
        }
        val adjusted = applyVerification(verdict, request.verification)
        return CallDecision(adjusted.toCallScreeningAdvice(), adjusted)
    }

    /**
     * A number that failed network verification is probably spoofed, so what the lists say
     * about the *number* is not about the *caller*: one step stricter (allow → silence,
     * silence → block). Decisions about the user's own relationships (emergency numbers,
     * contacts, the user's allow rules, "not spam") stand: silencing a real contact whose
     * carrier fumbled the signature would be the worst kind of false positive.
     */
    fun applyVerification(v: Verdict, verification: Verification): Verdict {
        if (verification != Verification.FAILED) return v
        val decidedBy = v.reasons.firstOrNull()?.code
        val personal = decidedBy in setOf(ReasonCode.EMERGENCY, ReasonCode.CONTACT, ReasonCode.FEEDBACK) ||
            (decidedBy == ReasonCode.USER_RULE && v.action == Action.ALLOW)
        if (personal) return v
        val stricter = when (v.action) {
            Action.ALLOW -> Action.SILENCE
            Action.SILENCE -> Action.BLOCK
            else -> return v
        }
        val note = Reason(
            ReasonCode.NOTE, "verification-failed",
            "the network could not verify the caller's number (likely spoofed): one step stricter",
            emptyList(),
        )
        return v.copy(action = stricter, reasons = listOf(note) + v.reasons)
    }

    private fun skip(why: String) = CallDecision(CallScreeningAdvice.ALLOW, null, why)
}
