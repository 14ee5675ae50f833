package org.burao.demo

import android.app.Activity
import android.graphics.Color
import android.graphics.Typeface
import android.os.Bundle
import android.text.InputType
import android.view.View
import android.widget.Button
import android.widget.EditText
import android.widget.LinearLayout
import android.widget.ScrollView
import android.widget.TextView
import org.burao.Screener

/**
 * Plain framework views built in code: no XML layouts, no resources, no androidx — so every
 * screen compiles against android.jar alone and reads top to bottom.
 */
abstract class Screen(private val heading: String) : Activity() {
    protected val app: BuraoApp get() = BuraoApp.of(this)
    protected lateinit var root: LinearLayout

    /** Titles the page [heading], makes its scrolling column [root], then [build]s the screen into it. */
    final override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = heading
        root = LinearLayout(this).apply { orientation = LinearLayout.VERTICAL; setPadding(32, 32, 32, 32) }
        setContentView(ScrollView(this).apply { addView(root) })
        build()
    }

    /** Adds the screen's views to [root] (called once, from onCreate). */
    protected abstract fun build()

    protected fun LinearLayout.label(text: String, bold: Boolean = false): TextView =
        TextView(this@Screen).also {
            it.text = text
            it.setTextIsSelectable(true)
            if (bold) it.setTypeface(null, Typeface.BOLD)
            it.setPadding(0, 12, 0, 12)
            addView(it)
        }

    protected fun LinearLayout.button(text: String, onClick: () -> Unit): Button =
        Button(this@Screen).also { it.text = text; it.setOnClickListener { onClick() }; addView(it) }

    protected fun LinearLayout.field(hint: String, multiline: Boolean = false): EditText =
        EditText(this@Screen).also {
            it.hint = hint
            if (multiline) {
                it.inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_MULTI_LINE
                it.typeface = Typeface.MONOSPACE
                it.minLines = 8
            } else {
                it.inputType = InputType.TYPE_CLASS_TEXT
            }
            addView(it)
        }

    protected fun LinearLayout.section(): LinearLayout =
        LinearLayout(this@Screen).also { it.orientation = LinearLayout.VERTICAL; addView(it) }

    protected fun TextView.showError(message: String?) {
        text = message ?: ""
        setTextColor(Color.rgb(0xB0, 0x00, 0x20))
        visibility = if (message == null) View.GONE else View.VISIBLE
    }

    /** Runs [job] on the screener thread, then [show] on the UI thread; the UI never blocks. */
    protected fun <T> withScreener(job: (Screener) -> T, show: (Result<T>) -> Unit) {
        app.screenerHost.later { s ->
            val r = if (s == null) {
                Result.failure(IllegalStateException("the screener could not be loaded: ${app.screenerHost.loadError()}"))
            } else {
                try { Result.success(job(s)) } catch (e: Exception) { Result.failure(e) }
            }
            runOnUiThread { if (!isFinishing) show(r) }
        }
    }
}
