package org.burao.demo.logic

import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import org.burao.BundleInfo
import org.burao.CallScreeningAdvice
import org.burao.BuraoException
import org.burao.Screener

/**
 * The app's one screener, loaded once off the caller's thread and kept for the process's life
 * (the Application holds the only instance). Every entry point is bounded in time and fails
 * open: a call that cannot be screened in time rings as if Burao were not installed.
 *
 * Files, all in [dir] (the app's filesDir): `burao.state` (the engine's durable user state:
 * rules, consent, feedback, history; written by the engine itself after every change) and
 * `imported.bundle` (the last bundle the user imported, re-applied on the next start).
 */
class ScreenerHost(
    private val dir: File,
    /** How the screener is made; tests pass a slow one to prove the timeout. */
    private val create: () -> Screener = { Screener() },
) {
    // One thread: loading, then every screening call, in order. The screener itself is
    // thread-safe; the thread only gives every caller a deadline it can wait on.
    private val worker: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "burao-screener").apply { isDaemon = true }
    }

    /** Non-null when the state file was damaged and the last good copy was used. */
    @Volatile var stateWarning: String? = null
        private set

    /** Non-null when the imported bundle could not be re-applied (the embedded one serves). */
    @Volatile var bundleWarning: String? = null
        private set

    private val loading: Future<Screener> = worker.submit<Screener> { load() }

    val stateFile: File get() = File(dir, "burao.state")
    val bundleFile: File get() = File(dir, "imported.bundle")

    private fun load(): Screener {
        val s = create()
        if (bundleFile.exists()) {
            try {
                s.replaceBundle(bundleFile.readBytes())
            } catch (e: BuraoException) {
                bundleWarning = "the imported bundle was refused; using the embedded one (${e.message})"
            }
        }
        // Rules are parsed against the bundle's region, so the bundle goes first.
        stateWarning = s.openState(stateFile.path)
        return s
    }

    /** The screener, waiting at most [timeoutMs] for the first load; null on timeout or failure. */
    fun screener(timeoutMs: Long): Screener? = try {
        loading.get(timeoutMs, TimeUnit.MILLISECONDS)
    } catch (e: TimeoutException) {
        null
    } catch (e: Exception) {
        null
    }

    /** Why the load failed, for the UI; null while loading or when it worked. */
    fun loadError(): String? =
        if (!loading.isDone) null
        else try { loading.get(); null } catch (e: Exception) { (e.cause ?: e).toString() }

    /**
     * Runs [job] on the screener thread within [timeoutMs] in total (load included); [fallback]
     * on timeout or any failure. The call-screening budget is 5 s; the service passes far less.
     */
    fun <T> within(timeoutMs: Long, fallback: T, job: (Screener) -> T): T {
        val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs)
        val s = screener(timeoutMs) ?: return fallback
        val left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())
        if (left <= 0) return fallback
        val f = worker.submit<T> { job(s) }
        return try {
            f.get(left, TimeUnit.MILLISECONDS)
        } catch (e: Exception) {
            f.cancel(true)
            fallback
        }
    }

    /**
     * Runs [job] on the screener thread once the screener is loaded, without waiting: for the UI,
     * which must never block its own thread. [job] gets null if the load failed.
     */
    fun later(job: (Screener?) -> Unit) {
        worker.execute { job(screener(0)) }
    }

    /** Screens an incoming call within [timeoutMs]; allows on timeout or failure, saying which. */
    fun screenCall(request: CallRequest, timeoutMs: Long): CallDecision =
        within<CallDecision?>(timeoutMs, null) { CallPolicy.decide(it, request) }
            ?: CallDecision(
                CallScreeningAdvice.ALLOW, null,
                if (loadError() != null) "screener failed to load" else "screener not ready in time",
            )

    /**
     * Validates [bytes] as a bundle and swaps it in atomically; on success keeps a copy so the
     * next start uses it. On failure nothing changes (the old bundle keeps serving) and the
     * error says which check failed.
     */
    fun importBundle(bytes: ByteArray, timeoutMs: Long = 10_000): Result<BundleInfo> {
        val s = screener(timeoutMs) ?: return Result.failure(IllegalStateException("the screener is not loaded"))
        val info = try {
            s.replaceBundle(bytes)
        } catch (e: BuraoException) {
            return Result.failure(e)
        }
        // The swap has happened; persist it the same crash-safe way (temp file + rename).
        val tmp = File(dir, "imported.bundle.tmp")
        tmp.writeBytes(bytes)
        if (!tmp.renameTo(bundleFile)) {
            tmp.delete()
            return Result.failure(IllegalStateException("bundle in use, but it could not be saved for the next start"))
        }
        bundleWarning = null
        return Result.success(info)
    }

    /**
     * Forgets the imported bundle from the next start on (the binding has no way to hand back
     * the embedded bundle's bytes, so the one in force keeps serving until then).
     */
    fun forgetImportedBundle(): Boolean = bundleFile.delete()

    /** Stops the screener thread (tests; the app keeps it for the process's life). */
    fun close() {
        worker.shutdownNow()
        screener(0)?.close()
    }
}
