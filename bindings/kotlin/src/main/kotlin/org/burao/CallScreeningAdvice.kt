package org.burao

/**
 * What a `CallScreeningService` should answer for a [Verdict]: the five fields of
 * `android.telecom.CallScreeningService.CallResponse`, as plain values, so this library needs
 * no Android dependency and the mapping is the same in every app. Apply it in `onScreenCall`:
 *
 * ```kotlin
 * val advice = screener.screenCall(number).toCallScreeningAdvice()
 * respondToCall(details, CallResponse.Builder()
 *     .setDisallowCall(advice.disallowCall)
 *     .setRejectCall(advice.rejectCall)
 *     .setSilenceCall(advice.silenceCall)          // API 29+
 *     .setSkipCallLog(advice.skipCallLog)
 *     .setSkipNotification(advice.skipNotification)
 *     .build())
 * ```
 *
 * - [Action.BLOCK] (and [Action.JUNK], which only messages get): the call is disallowed and
 *   rejected, with no missed-call notification, but it **stays in the call log**, so the user
 *   can see what was blocked and report "not spam".
 * - [Action.SILENCE]: the call rings silently and shows as usual.
 * - Everything else ([Action.ALLOW], [Action.TRANSACTION], [Action.PROMOTION]): the defaults of
 *   `CallResponse.Builder`, which let the call ring.
 */
data class CallScreeningAdvice(
    /** `setDisallowCall`: do not let the call ring. */
    val disallowCall: Boolean,
    /** `setRejectCall`: reject it as if the user declined (only with [disallowCall]). */
    val rejectCall: Boolean,
    /** `setSilenceCall`: let it ring without sound (API 29+; only without [disallowCall]). */
    val silenceCall: Boolean,
    /** `setSkipCallLog`: leave it out of the call log (only with [disallowCall]). */
    val skipCallLog: Boolean,
    /** `setSkipNotification`: no missed-call notification (only with [disallowCall]). */
    val skipNotification: Boolean,
) {
    companion object {
        /** Let the call ring: `CallResponse.Builder`'s defaults. */
        @JvmField
        val ALLOW = CallScreeningAdvice(false, false, false, false, false)

        /** Ring silently; the call shows and is logged as usual. */
        @JvmField
        val SILENCE = CallScreeningAdvice(false, false, true, false, false)

        /** Reject without a notification, but keep the call log entry (so it can be undone). */
        @JvmField
        val BLOCK = CallScreeningAdvice(true, true, false, false, true)

        /** The advice for an action. */
        @JvmStatic
        fun forAction(action: Action): CallScreeningAdvice = when (action) {
            Action.BLOCK, Action.JUNK -> BLOCK
            Action.SILENCE -> SILENCE
            Action.ALLOW, Action.TRANSACTION, Action.PROMOTION -> ALLOW
        }

        /** The advice for a verdict (Java: `CallScreeningAdvice.forVerdict(v)`). */
        @JvmStatic
        fun forVerdict(verdict: Verdict): CallScreeningAdvice = forAction(verdict.action)
    }
}

/** The `CallResponse` fields for this verdict; see [CallScreeningAdvice]. */
fun Verdict.toCallScreeningAdvice(): CallScreeningAdvice = CallScreeningAdvice.forVerdict(this)
