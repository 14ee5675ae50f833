package org.burao.demo

import android.app.Application
import android.content.Context
import java.io.File
import java.util.TimeZone
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import org.burao.demo.logic.ScreenerHost
import org.burao.demo.logic.VerdictLog

/**
 * Holds the one [ScreenerHost] for the process. Creating it starts loading the native library, the
 * bundle and the saved state on the screener thread, so the first call to screen usually
 * finds everything ready; if not, the service's time budget still holds (it allows).
 */
class BuraoApp : Application() {
    lateinit var screenerHost: ScreenerHost
        private set
    lateinit var log: VerdictLog
        private set

    /** Where the service and the SMS receiver do their blocking work (never the main thread). */
    val background: ExecutorService = Executors.newCachedThreadPool()

    override fun onCreate() {
        super.onCreate()
        screenerHost = ScreenerHost(filesDir)
        log = VerdictLog(File(filesDir, "verdicts.log"))
        // Rule time windows are local time: tell the engine the zone once it is loaded.
        screenerHost.later { s ->
            val minutes = TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 60_000
            try { s?.setUtcOffsetMinutes(minutes) } catch (e: Exception) { /* keeps UTC+0; nothing to lose */ }
        }
    }

    companion object {
        fun of(context: Context): BuraoApp = context.applicationContext as BuraoApp
    }
}
