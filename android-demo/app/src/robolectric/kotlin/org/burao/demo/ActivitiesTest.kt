package org.burao.demo

import android.Manifest
import android.app.Activity
import org.burao.ReasonCode
import org.burao.demo.logic.CallPolicy
import org.burao.demo.logic.CallRequest
import org.burao.demo.logic.Direction
import org.burao.demo.logic.LogEntry
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config

/** Every screen starts on the real framework (create → resume → visible) and shows what it should. */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [RoboSupport.SDK], manifest = Config.NONE, application = BuraoApp::class)
class ActivitiesTest {
    private val range = "+86 170 0000 0000"
    private val mobile = "+86 138 0013 8000"

    private fun <T : Activity> start(c: Class<T>): T {
        val a = Robolectric.buildActivity(c).setup().get()
        RoboSupport.waitForScreener()
        RoboSupport.waitFor("the screen to settle") { true }
        return a
    }

    private fun call(number: String) = RoboSupport.onScreenerThread { CallPolicy.decide(it, CallRequest("tel", number, Direction.INCOMING)) }

    @Test
    fun everyScreenStarts() {
        val titles = mapOf(
            MainActivity::class.java to "Burao",
            RoleActivity::class.java to "Screen my calls",
            TestActivity::class.java to "Test a number or a message",
            RulesActivity::class.java to "My rules and allow list",
            ConsentActivity::class.java to "Consent, opt-outs and reports",
            BundleActivity::class.java to "Bundle",
        )
        for ((c, title) in titles) {
            val a = start(c)
            assertEquals(c.simpleName, title, a.title.toString())
            assertTrue(c.simpleName, RoboSupport.texts(a).any { it.isNotBlank() })
        }
        // The bundle screen shows the bundle in force once the engine answered.
        val b = start(BundleActivity::class.java)
        RoboSupport.waitFor("the bundle info") { RoboSupport.texts(b).any { it.isNotBlank() && it.contains("default", ignoreCase = true) } }
    }

    @Test
    fun theMainScreenShowsTheVerdictLogAndItsSpamButtonTeachesTheEngine() {
        RoboSupport.useStrictRanges()
        val empty = start(MainActivity::class.java)
        assertTrue(RoboSupport.texts(empty).contains("Nothing screened yet."))

        // Two calls, as the service logs them.
        val silenced = call(range)
        RoboSupport.app.log.add(LogEntry.of(1_000, "call", range, silenced.verdict!!))
        val allowed = call(mobile)
        RoboSupport.app.log.add(LogEntry.of(2_000, "call", mobile, allowed.verdict!!))
        val main = start(MainActivity::class.java)
        val entries = RoboSupport.texts(main).filter { it.contains(" · call · ") }
        assertEquals(entries.toString(), 2, entries.size)
        // Newest first, each with its action and reasons.
        assertTrue(entries[0], entries[0].contains(mobile) && entries[0].contains("\nallow") && entries[0].contains("• "))
        assertTrue(entries[1], entries[1].contains(range) && entries[1].contains("\nsilence (harassment)"))

        // "Spam" on the allowed number: the next call from it is blocked.
        val spam = RoboSupport.views(main).filterIsInstance<android.widget.Button>().filter { it.text == "Spam" }
        assertEquals(2, spam.size)
        spam[0].performClick()
        RoboSupport.waitFor("the report") { RoboSupport.texts(main).any { it.startsWith("Reported: future calls from $mobile are junk") } }
        assertEquals("block", call(mobile).verdict!!.action.name.lowercase())

        // Clear the log.
        RoboSupport.button(main, "Clear the log").performClick()
        assertTrue(RoboSupport.texts(main).contains("Nothing screened yet."))
        assertEquals(0, RoboSupport.app.log.recent().size)
    }

    @Test
    fun theTestScreenShowsTheCallResponseTheServiceWouldSend() {
        RoboSupport.useStrictRanges()
        val a = start(TestActivity::class.java)
        RoboSupport.field(a, "Phone number").setText(range)
        RoboSupport.button(a, "Screen as an incoming call").performClick()
        RoboSupport.waitFor("the answer") { RoboSupport.texts(a).any { it.contains("CallResponse:") } }
        val out = RoboSupport.texts(a).single { it.contains("CallResponse:") }
        assertTrue(out, out.startsWith("silence"))
        assertTrue(out, out.contains("CallResponse: disallow=false reject=false silence=true skipCallLog=false skipNotification=false"))
    }

    @Test
    fun anAllowListEntryAddedOnTheRulesScreenLetsTheServiceRingTheRange() {
        val a = start(RulesActivity::class.java)
        RoboSupport.field(a, "Number or prefix").setText(range)
        RoboSupport.button(a, "Add to the allow list").performClick()
        RoboSupport.waitFor("the allow list entry") { RoboSupport.texts(a).any { it.startsWith(range) } }
        val v = call(range).verdict!!
        assertEquals("allow", v.action.name.lowercase())
        assertEquals(ReasonCode.USER_RULE, v.reasons.first().code)
    }

    @Test
    fun theMainScreenAsksForTheSmsPermissions() {
        val main = start(MainActivity::class.java)
        assertTrue(RoboSupport.texts(main).any { it.startsWith("Messages: not classified") })
        RoboSupport.button(main, "Screen my messages (SMS permissions)").performClick()
        val asked = org.robolectric.Shadows.shadowOf(main).lastRequestedPermission
        assertEquals(
            setOf(Manifest.permission.RECEIVE_SMS, Manifest.permission.READ_CONTACTS, Manifest.permission.POST_NOTIFICATIONS),
            asked.requestedPermissions.toSet(),
        )
    }
}
