package org.burao.demo

import android.app.Activity
import android.content.ContentProvider
import android.content.ContentValues
import android.database.Cursor
import android.database.MatrixCursor
import android.net.Uri
import android.os.Looper
import android.provider.ContactsContract
import android.view.View
import android.view.ViewGroup
import android.widget.Button
import android.widget.EditText
import android.widget.TextView
import java.io.File
import org.burao.Screener
import org.burao.demo.logic.LogEntry
import org.robolectric.Robolectric
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf

/**
 * Shared by the Robolectric tests. Every test class runs with
 * `@Config(sdk = [RoboSupport.SDK], manifest = Config.NONE, application = BuraoApp::class)`:
 * the real `BuraoApp` (and so the real ScreenerHost on the real libburao through JNA) in the real
 * Android 15 framework of `android-all-instrumented`. There is no merged manifest (no Gradle,
 * no aapt2), so components are driven directly: services through their binder, the receiver
 * registered at run time.
 */
object RoboSupport {
    /** The one SDK level fetched by scripts/toolchains.sh (ROBOLECTRIC_SDK). */
    const val SDK = 35

    /** Long enough for a cold engine load on a busy CI machine; a hang fails, never passes. */
    const val WAIT_MS = 20_000L

    val app: BuraoApp get() = RuntimeEnvironment.getApplication() as BuraoApp

    /** Waits (running the main looper meanwhile) until [done] holds; fails the test on timeout. */
    fun waitFor(what: String, done: () -> Boolean) {
        val deadline = System.nanoTime() + WAIT_MS * 1_000_000
        while (!done()) {
            shadowOf(Looper.getMainLooper()).idle()
            if (System.nanoTime() > deadline) throw AssertionError("timed out after $WAIT_MS ms waiting for $what")
            Thread.sleep(5)
        }
        shadowOf(Looper.getMainLooper()).idle()
    }

    /** Waits until the verdict log holds [n] entries (the service and receiver log last). */
    fun waitForLog(n: Int): List<LogEntry> {
        waitFor("$n verdict log entries") { app.log.recent().size >= n }
        return app.log.recent()
    }

    /**
     * Runs [job] on the screener thread, as every caller in the app does, and returns its
     * result (or throws its exception), so a test's calls and the app's stay in one order
     * (see android-demo/README.md, "Screener thread").
     */
    fun <T> onScreenerThread(job: (Screener) -> T): T =
        app.screenerHost.within<Result<T>>(WAIT_MS, Result.failure(AssertionError("the screener thread did not run the job in $WAIT_MS ms"))) {
            runCatching { job(it) }
        }.getOrThrow()

    /**
     * Swaps in the strict-ranges bundle (the documented opt-in that silences the virtual-operator
     * ranges; android-demo/test.sh builds it), for the tests of range behaviour: the default
     * bundle only names those ranges.
     */
    fun useStrictRanges() {
        val path = System.getProperty("burao.strictBundle")
            ?: throw AssertionError("no -Dburao.strictBundle: run the tests through android-demo/test.sh")
        onScreenerThread { it.replaceBundle(java.io.File(path).readBytes()) }
    }

    /** Waits until the screener has loaded (the UI's `withScreener` callbacks then run at once). */
    fun waitForScreener() = waitFor("the screener to load") { app.screenerHost.screener(0) != null }

    /**
     * Installs [FakeContacts] under the real ContactsContract authority and fills it: what
     * `Contacts.isContact` queries through `PhoneLookup.CONTENT_FILTER_URI`.
     */
    fun contacts(vararg numbers: String) {
        FakeContacts.numbers = numbers.map(FakeContacts::digits).toSet()
        FakeContacts.queries = 0
        Robolectric.setupContentProvider(FakeContacts::class.java, ContactsContract.AUTHORITY)
    }

    fun filesDir(): File = app.filesDir

    /** Every view under the activity's window, depth first. */
    fun views(a: Activity): List<View> {
        val out = mutableListOf<View>()
        fun walk(v: View) {
            out += v
            if (v is ViewGroup) for (i in 0 until v.childCount) walk(v.getChildAt(i))
        }
        walk(a.window.decorView)
        return out
    }

    /** The text of every TextView that is not a button, in screen order. */
    fun texts(a: Activity): List<String> =
        views(a).filter { it is TextView && it !is Button && it !is EditText }.map { (it as TextView).text.toString() }

    fun button(a: Activity, text: String): Button =
        views(a).filterIsInstance<Button>().singleOrNull { it.text.toString() == text }
            ?: throw AssertionError("no single button \"$text\" on ${a.javaClass.simpleName}")

    fun field(a: Activity, hintStart: String): EditText =
        views(a).filterIsInstance<EditText>().singleOrNull { it.hint?.toString()?.startsWith(hintStart) == true }
            ?: throw AssertionError("no field \"$hintStart…\" on ${a.javaClass.simpleName}")
}

/**
 * The contacts provider as far as `PhoneLookup` goes: `phone_lookup/<number>` answers one row
 * when the number's digits equal a contact's (the real provider matches more loosely, by the
 * trailing digits; the demo only asks whether there is a match).
 */
class FakeContacts : ContentProvider() {
    companion object {
        @Volatile var numbers: Set<String> = emptySet()
        @Volatile var queries = 0
        fun digits(n: String) = n.filter(Char::isDigit).removePrefix("86")
    }

    override fun onCreate() = true

    override fun query(uri: Uri, projection: Array<out String>?, selection: String?, args: Array<out String>?, sort: String?): Cursor {
        queries++
        val segments = uri.pathSegments
        check(segments.size == 2 && segments[0] == "phone_lookup") { "unexpected contacts query ${uri.path}" }
        val c = MatrixCursor(projection ?: arrayOf(ContactsContract.PhoneLookup._ID))
        if (digits(segments[1]) in numbers) c.addRow(arrayOf<Any>(1L))
        return c
    }

    override fun getType(uri: Uri): String? = null
    override fun insert(uri: Uri, values: ContentValues?): Uri? = null
    override fun delete(uri: Uri, selection: String?, args: Array<out String>?) = 0
    override fun update(uri: Uri, values: ContentValues?, selection: String?, args: Array<out String>?) = 0
}
