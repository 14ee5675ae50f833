package org.burao.demo

import android.os.Build
import android.telecom.Call
import android.telecom.CallScreeningService
import android.telecom.Connection
import org.burao.demo.logic.CallDecision
import org.burao.demo.logic.CallRequest
import org.burao.CallScreeningAdvice
import org.burao.demo.logic.Direction
import org.burao.demo.logic.LogEntry
import org.burao.demo.logic.Verification

/**
 * Bound by the system for each call once the app holds ROLE_CALL_SCREENING. Translates
 * `Call.Details` into a [CallRequest] and the decision back into a `CallResponse`; every
 * decision is in `logic.CallPolicy`. The platform allows 5 s; we answer within [BUDGET_MS]
 * (allowing the call if the engine is not ready), off the main thread, exactly once; outgoing
 * calls the framework answers itself.
 */
class BuraoScreeningService : CallScreeningService() {
    override fun onScreenCall(details: Call.Details) {
        val app = BuraoApp.of(this)
        val request = requestOf(details)
        // Outgoing calls are the user's own: the framework itself answers "allow" for them right
        // after onScreenCall returns (seen in API 35's CallScreeningService under Robolectric), so
        // a response from here would be a second one for the same call. Not screened, not logged.
        if (request.direction == Direction.OUTGOING) return
        app.background.execute {
            var decision = CallDecision(CallScreeningAdvice.ALLOW, null, "not screened")
            try {
                // Contacts ring whatever the lists say; the lookup counts against the budget.
                val withContact = request.copy(isContact = Contacts.isContact(this, request.number))
                decision = app.screenerHost.screenCall(withContact, BUDGET_MS)
            } catch (e: RuntimeException) {
                decision = CallDecision(CallScreeningAdvice.ALLOW, null, "screening failed: ${e.javaClass.simpleName}")
            } finally {
                respondToCall(details, responseOf(decision.response))
            }
            if (request.direction == Direction.INCOMING) {
                val now = System.currentTimeMillis()
                app.log.add(decision.verdict?.let { LogEntry.of(now, "call", request.number, it) }
                    ?: LogEntry.skipped(now, "call", request.number, decision.skipped ?: "not screened"))
            }
        }
    }

    private fun requestOf(d: Call.Details): CallRequest {
        val handle = d.handle
        val direction = when (d.callDirection) {
            Call.Details.DIRECTION_INCOMING -> Direction.INCOMING
            Call.Details.DIRECTION_OUTGOING -> Direction.OUTGOING
            else -> Direction.UNKNOWN
        }
        val verification = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
            when (d.callerNumberVerificationStatus) {
                Connection.VERIFICATION_STATUS_PASSED -> Verification.PASSED
                Connection.VERIFICATION_STATUS_FAILED -> Verification.FAILED
                else -> Verification.NOT_VERIFIED
            }
        } else Verification.NOT_VERIFIED
        return CallRequest(handle?.scheme, handle?.schemeSpecificPart ?: "", direction, verification)
    }

    private fun responseOf(f: CallScreeningAdvice): CallResponse = CallResponse.Builder()
        .setDisallowCall(f.disallowCall)
        .setRejectCall(f.rejectCall)
        .setSilenceCall(f.silenceCall)
        .setSkipCallLog(f.skipCallLog)
        .setSkipNotification(f.skipNotification)
        .build()

    companion object {
        /** Well inside the platform's 5 s, leaving room for the contact lookup and the binder call. */
        const val BUDGET_MS = 3_000L
    }
}
