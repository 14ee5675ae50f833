package org.burao.demo

import android.os.Build
import com.sun.jna.Native
import org.burao.Screener
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertSame
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.annotation.Config
import org.robolectric.internal.bytecode.ShadowedObject

/**
 * Where the native binding lives under Robolectric (README, "JNA inside Robolectric"): the
 * sandbox class loader loads the generated `org.burao` classes itself, like the app's own
 * classes, but does not instrument them (only framework packages are); JNA (`com.sun.jna`) it
 * never loads at all (Robolectric leaves `com.sun.*` to the JVM's loader), so there is one JNA
 * and one native dispatch library per JVM, shared with the plain-JVM logic tests. No
 * configuration is needed.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [RoboSupport.SDK], manifest = Config.NONE, application = BuraoApp::class)
class SandboxTest {
    @Test
    fun theBindingIsLoadedBySandboxUninstrumentedAndJnaByTheJvm() {
        assertEquals(RoboSupport.SDK, Build.VERSION.SDK_INT)
        val sandbox = BuraoApp::class.java.classLoader!!
        assertTrue(sandbox.javaClass.name, sandbox.javaClass.name.startsWith("org.robolectric."))
        assertSame(sandbox, Screener::class.java.classLoader)
        assertSame(ClassLoader.getSystemClassLoader(), Native::class.java.classLoader)
        // Framework classes are instrumented (they carry Robolectric's marker interface); the binding and JNA are not.
        assertTrue(ShadowedObject::class.java.isAssignableFrom(android.app.Application::class.java))
        assertFalse(ShadowedObject::class.java.isAssignableFrom(Screener::class.java))
        assertFalse(ShadowedObject::class.java.isAssignableFrom(Native::class.java))
        // And the real library answers inside the sandbox.
        val v = RoboSupport.onScreenerThread { it.screenCall("+86 170 0000 0000", false) }
        assertEquals("+86170*", v.matched)
    }
}
