package org.burao.demo

import android.Manifest
import android.content.ComponentName
import android.content.Intent
import android.net.Uri
import android.os.Bundle
import android.os.Parcel
import android.telecom.Call
import android.telecom.CallScreeningService
import android.telecom.Connection
import android.telecom.ParcelableCall
import android.telecom.TelecomManager
import com.android.internal.telecom.ICallScreeningAdapter
import com.android.internal.telecom.ICallScreeningService
import java.util.concurrent.CountDownLatch
import org.burao.testsupport.Case
import org.burao.testsupport.Cases
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/** What Telecom would receive, field by field (`CallScreeningService.ParcelableCallResponse`). */
data class Response(val disallow: Boolean, val reject: Boolean, val silence: Boolean, val skipCallLog: Boolean, val skipNotification: Boolean) {
    companion object {
        val ALLOW = Response(false, false, false, false, false)
        val SILENCE = Response(false, false, true, false, false)
        val BLOCK = Response(true, true, false, false, true)
        fun of(action: String) = when (action) {
            "allow" -> ALLOW
            "silence" -> SILENCE
            "block" -> BLOCK
            else -> throw AssertionError("a call cannot expect $action")
        }
    }
}

/**
 * `BuraoScreeningService` driven the way Telecom drives it: the service's own binder
 * (`onBind` → `ICallScreeningService.screenCall`) gets a `ParcelableCall` that went through a
 * real `Parcel`; the framework turns it into `Call.Details` and calls `onScreenCall` on the main
 * looper; the service answers from its background thread through the framework's
 * `respondToCall`, which hands `CallResponse.toParcelable()` to the adapter Telecom would pass.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [RoboSupport.SDK], manifest = Config.NONE, application = BuraoApp::class)
class ScreeningServiceTest {
    private var nextId = 0

    /** Telecom's side of the binder: records the one response per call. */
    private class Adapter : ICallScreeningAdapter.Stub() {
        val answered = CountDownLatch(1)
        @Volatile var responses = 0
        @Volatile var callId: String? = null
        @Volatile var component: ComponentName? = null
        @Volatile var response: CallScreeningService.ParcelableCallResponse? = null
        override fun onScreeningResponse(id: String?, c: ComponentName?, r: CallScreeningService.ParcelableCallResponse?) {
            responses++
            callId = id; component = c; response = r
            answered.countDown()
        }
    }

    private fun parcelableCall(number: String?, direction: Int, verification: Int): ParcelableCall {
        val built = ParcelableCall.ParcelableCallBuilder()
            .setId("call-${++nextId}")
            .setState(Call.STATE_RINGING)
            .setHandle(number?.let { Uri.fromParts("tel", it, null) })
            .setHandlePresentation(if (number == null) TelecomManager.PRESENTATION_RESTRICTED else TelecomManager.PRESENTATION_ALLOWED)
            .setCallDirection(direction)
            .setCallerNumberVerificationStatus(verification)
            // What Telecom always fills (the constructor wraps these lists).
            .setCannedSmsResponses(emptyList())
            .setChildCallIds(emptyList())
            .setConferenceableCallIds(emptyList())
            .setIntentExtras(Bundle())
            .setExtras(Bundle())
            .createParcelableCall()
        // Across the process boundary, as Telecom sends it.
        val p = Parcel.obtain()
        try {
            built.writeToParcel(p, 0)
            p.setDataPosition(0)
            return ParcelableCall.CREATOR.createFromParcel(p)
        } finally {
            p.recycle()
        }
    }

    private val service by lazy {
        Robolectric.buildService(BuraoScreeningService::class.java, Intent(CallScreeningService.SERVICE_INTERFACE)).create().get()
    }

    /** One incoming (by default) call through the binder; returns what Telecom received. */
    private fun screen(
        number: String?,
        direction: Int = Call.Details.DIRECTION_INCOMING,
        verification: Int = Connection.VERIFICATION_STATUS_NOT_VERIFIED,
    ): Response {
        val binder = service.onBind(Intent(CallScreeningService.SERVICE_INTERFACE))
        assertNotNull("the service returns its binder", binder)
        val adapter = Adapter()
        val call = parcelableCall(number, direction, verification)
        val before = shadowOf(service).lastRespondToCallInput.orElse(null)
        ICallScreeningService.Stub.asInterface(binder).screenCall(adapter, call)
        RoboSupport.waitFor("a response to the call") { adapter.answered.count == 0L }
        // Exactly once, for this call, from this service.
        Thread.sleep(50)
        assertEquals("one response per call", 1, adapter.responses)
        assertEquals(call.id, adapter.callId)
        if (direction == Call.Details.DIRECTION_OUTGOING) {
            // The framework's own answer to an outgoing call: no response object (Telecom lets the
            // call proceed), named after its Handler class, and nothing from the service.
            assertEquals(null, adapter.response)
            assertTrue("the service responded to an outgoing call", shadowOf(service).lastRespondToCallInput.orElse(null) === before)
            return Response.ALLOW
        }
        assertEquals(ComponentName(RoboSupport.app, BuraoScreeningService::class.java), adapter.component)
        val r = adapter.response!!
        val sent = Response(r.shouldDisallowCall(), r.shouldRejectCall(), r.shouldSilenceCall(), r.shouldSkipCallLog(), r.shouldSkipNotification())
        // The public CallResponse the service built, as Robolectric's shadow saw it, agrees.
        val seen = shadowOf(service).lastRespondToCallInput.orElse(null)
        assertTrue("the service did not call respondToCall", seen != null && seen !== before)
        assertEquals(number, seen!!.callDetails.handle?.schemeSpecificPart)
        val built = seen.callResponse.let { Response(it.disallowCall, it.rejectCall, it.silenceCall, it.skipCallLog, it.skipNotification) }
        assertEquals(built, sent)
        return sent
    }

    private fun setRules(json: String) {
        RoboSupport.onScreenerThread { it.setRules(json) }
    }

    @Test
    fun everySharedCallCaseGetsTheResponseItsVerdictSays() {
        val cases = Cases.all().filter { it.kind == Case.Kind.CALL }
        assertTrue("call cases found", cases.size >= 10)
        // Contacts are looked up by the service itself: a contact case's number goes into the provider.
        RoboSupport.contacts()
        shadowOf(RoboSupport.app).grantPermissions(Manifest.permission.READ_CONTACTS)
        val clean = RoboSupport.onScreenerThread { it.exportState() }
        var logged = 0
        for (case in cases) {
            val name = case.title
            // A fresh engine state per case: the repeat-call exception must not leak between cases.
            RoboSupport.onScreenerThread { it.importState(clean) }
            val error = case.expect.error != null
            FakeContacts.numbers = if (case.isContact) setOf(FakeContacts.digits(case.number)) else emptySet()
            val got = screen(case.number)
            val want = if (error) Response.ALLOW else Response.of(checkNotNull(case.expect.action) { "$name: no action" })
            assertEquals(name, want, got)
            logged++
            val entry = RoboSupport.waitForLog(logged).first()
            assertEquals(name, "call", entry.channel)
            assertEquals(name, case.number, entry.sender)
            if (error) {
                assertTrue("$name: ${entry.action}", entry.action.endsWith("(not screened)"))
            } else {
                assertEquals(name, case.expect.action, entry.action)
            }
        }
    }

    private val range = "+86 170 0000 0000"

    @Test
    fun aNumberTheUserBlockedIsRejectedWithoutANotificationButStaysInTheCallLog() {
        setRules("""{"schema": 1, "rules": [{"id": "my-block", "number": "+86 138 0013 8000", "action": "block"}]}""")
        assertEquals(Response.BLOCK, screen("138 0013 8000"))
        val e = RoboSupport.waitForLog(1).first()
        assertEquals("block", e.action)
        assertTrue(e.reasons.toString(), e.reasons.first().contains("my-block"))
        // Another number is untouched by the rule.
        assertEquals(Response.ALLOW, screen("+86 138 0013 8001"))
    }

    @Test
    fun aRepeatCallFromASilencedRangeRingsTheSecondTime() {
        RoboSupport.useStrictRanges()
        assertEquals(Response.SILENCE, screen(range))
        assertEquals(Response.ALLOW, screen(range))
        val (second, first) = RoboSupport.waitForLog(2)
        assertEquals("silence", first.action)
        assertEquals("allow", second.action)
        assertTrue(second.reasons.toString(), second.reasons.first().contains("called again"))
    }

    @Test
    fun outgoingCallsAreAllowedAndNeitherLoggedNorRemembered() {
        RoboSupport.useStrictRanges()
        // The one response is the framework's own (see BuraoScreeningService); screen() checks it is the only one.
        assertEquals(Response.ALLOW, screen(range, direction = Call.Details.DIRECTION_OUTGOING))
        // Had the outgoing call entered the engine's history, this would ring as a repeat call.
        assertEquals(Response.SILENCE, screen(range))
        val log = RoboSupport.waitForLog(1)
        Thread.sleep(100)
        assertEquals("only the incoming call is logged", 1, RoboSupport.app.log.recent().size)
        assertEquals("silence", log.first().action)
    }

    @Test
    fun aWithheldNumberRingsAndIsLoggedAsNotScreened() {
        assertEquals(Response.ALLOW, screen(null))
        val e = RoboSupport.waitForLog(1).first()
        assertEquals("allow (not screened)", e.action)
        assertEquals(listOf("not a phone number (no handle)"), e.reasons)
    }

    @Test
    fun aFailedCallerVerificationMakesTheAnswerOneStepStricter() {
        // Read by the service from the real Call.Details (API 30+ branch).
        assertEquals(Response.SILENCE, screen("+86 138 0013 8000", verification = Connection.VERIFICATION_STATUS_FAILED))
        assertEquals(Response.ALLOW, screen("+86 138 0013 8002", verification = Connection.VERIFICATION_STATUS_PASSED))
        val (passed, failed) = RoboSupport.waitForLog(2)
        assertTrue(failed.reasons.toString(), failed.reasons.first().contains("could not verify"))
        assertEquals("allow", passed.action)
        // A contact is never made stricter.
        RoboSupport.contacts("+86 138 0013 8003")
        shadowOf(RoboSupport.app).grantPermissions(Manifest.permission.READ_CONTACTS)
        assertEquals(Response.ALLOW, screen("+86 138 0013 8003", verification = Connection.VERIFICATION_STATUS_FAILED))
    }

    @Test
    fun aContactRingsOnlyWhenTheAppMayReadContacts() {
        RoboSupport.useStrictRanges()
        val other = "+86 171 0000 0000" // a second contact in a range: no repeat-call exception between the two
        RoboSupport.contacts(range, other)
        // Without READ_CONTACTS nobody is a contact, and the provider is not even asked.
        assertEquals(Response.SILENCE, screen(range))
        assertEquals(0, FakeContacts.queries)
        shadowOf(RoboSupport.app).grantPermissions(Manifest.permission.READ_CONTACTS)
        assertEquals(Response.ALLOW, screen(other))
        assertTrue("the service asked the contacts provider", FakeContacts.queries > 0)
        val e = RoboSupport.waitForLog(2).first()
        assertEquals("allow", e.action)
        assertTrue(e.reasons.toString(), e.reasons.first().startsWith("contact"))
    }
}
