package org.burao.demo

import android.app.Activity
import android.app.role.RoleManager
import android.content.Intent
import java.io.File
import org.burao.demo.logic.CallPolicy
import org.burao.demo.logic.CallRequest
import org.burao.demo.logic.Direction
import org.burao.demo.logic.ScreenerHost
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowRoleManager

/**
 * RoleActivity's request for ROLE_CALL_SCREENING through the real RoleManager (its state held by
 * Robolectric's ShadowRoleManager; the system's role dialog itself is not part of the framework
 * jar), and where the screener host keeps the engine's state.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [RoboSupport.SDK], manifest = Config.NONE, application = BuraoApp::class)
class RoleAndStateTest {
    private val user get() = android.os.Process.myUserHandle()

    /** The phone offers the role (ShadowRoleManager: a role exists once it has a holder entry). */
    private fun offerRole() = ShadowRoleManager.addRoleHolder(RoleManager.ROLE_CALL_SCREENING, "", user)

    /** The user picked Burao in the system's dialog. */
    private fun grantRole() = ShadowRoleManager.addRoleHolder(RoleManager.ROLE_CALL_SCREENING, RoboSupport.app.packageName, user)

    private fun texts(a: Activity) = RoboSupport.texts(a)

    /** "Continue" starts no role request; the screen then shows [says]. */
    private fun continueAsksNothing(a: Activity, says: String) {
        RoboSupport.button(a, "Continue").performClick()
        assertNull(shadowOf(a).nextStartedActivityForResult)
        assertTrue(texts(a).toString(), texts(a).any { it == says })
    }

    @Test
    fun continueAsksTheSystemForTheCallScreeningRoleAndReportsTheAnswer() {
        offerRole()
        val controller = Robolectric.buildActivity(RoleActivity::class.java).setup()
        val a = controller.get()
        assertEquals("Screen my calls", a.title.toString())
        RoboSupport.button(a, "Continue").performClick()
        val started = shadowOf(a).nextStartedActivityForResult
        checkNotNull(started) { "no role request was started" }
        // The framework's own request intent (RoleManager.createRequestRoleIntent).
        assertEquals(RoleManager.ACTION_REQUEST_ROLE, started.intent.action)
        assertEquals(RoleManager.ROLE_CALL_SCREENING, started.intent.getStringExtra(Intent.EXTRA_ROLE_NAME))

        // The user declines: nothing is screened, and the screen says so.
        shadowOf(a).receiveResult(started.intent, Activity.RESULT_CANCELED, null)
        assertTrue(texts(a).toString(), texts(a).any { it.startsWith("Not granted: calls are not screened") })

        // Asks again and accepts.
        RoboSupport.button(a, "Continue").performClick()
        val again = checkNotNull(shadowOf(a).nextStartedActivityForResult)
        grantRole()
        shadowOf(a).receiveResult(again.intent, Activity.RESULT_OK, null)
        assertTrue(texts(a).toString(), texts(a).any { it == "Done: Burao screens your calls." })

        // Held now: no second request.
        continueAsksNothing(a, "Burao already screens your calls.")
    }

    @Test
    fun aPhoneWithoutTheRoleSaysSoAndAsksNothing() {
        // Nothing offered: Robolectric's default, as on a phone whose build has no such role.
        continueAsksNothing(Robolectric.buildActivity(RoleActivity::class.java).setup().get(),
            "This phone does not offer call screening.")
    }

    @Test
    fun theMainScreenShowsWhetherCallsAreScreened() {
        val notHeld = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        assertTrue(texts(notHeld).toString(), texts(notHeld).any { it.startsWith("Calls: not screened") })
        grantRole()
        val held = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        assertTrue(texts(held).toString(), texts(held).any { it == "Calls: screened" })
    }

    @Test
    fun theStateLivesInFilesDirAndSurvivesARestart() {
        val files = RoboSupport.app.filesDir
        assertEquals(File(files, "burao.state"), RoboSupport.app.screenerHost.stateFile)
        assertEquals(File(files, "imported.bundle"), RoboSupport.app.screenerHost.bundleFile)
        // Robolectric's filesDir is the app's private data dir, as on a device (…/files).
        assertEquals("files", files.name)
        RoboSupport.onScreenerThread { it.setRules("""{"schema": 1, "rules": [{"id": "mine", "number": "+86 138 0013 8000", "action": "block"}]}""") }
        assertTrue("the engine saved its state in filesDir", RoboSupport.app.screenerHost.stateFile.length() > 0)
        // A new process: a fresh engine on the same directory has the rule.
        val restarted = ScreenerHost(files)
        try {
            val s = checkNotNull(restarted.screener(RoboSupport.WAIT_MS)) { "restarted screener host did not load: ${restarted.loadError()}" }
            assertNull(restarted.stateWarning)
            assertEquals("block", CallPolicy.decide(s, CallRequest("tel", "138 0013 8000", Direction.INCOMING)).verdict!!.action.name.lowercase())
        } finally {
            restarted.close()
        }
    }
}
