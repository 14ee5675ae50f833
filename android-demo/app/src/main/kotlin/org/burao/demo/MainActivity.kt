package org.burao.demo

import android.Manifest
import android.app.role.RoleManager
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import android.widget.LinearLayout
import java.text.DateFormat
import java.util.Date
import org.burao.demo.logic.UserRecords

/** Status, the way to every screen, and the log of recent verdicts with "spam / not spam". */
class MainActivity : Screen("Burao") {
    private lateinit var status: LinearLayout
    private lateinit var logView: LinearLayout

    override fun build() {
        status = root.section()
        root.button("Screen my calls (call-screening role)…") { startActivity(Intent(this, RoleActivity::class.java)) }
        root.button("Screen my messages (SMS permissions)") { askSmsPermissions() }
        root.button("Test a number or a message") { startActivity(Intent(this, TestActivity::class.java)) }
        root.button("My rules and allow list") { startActivity(Intent(this, RulesActivity::class.java)) }
        root.button("Consent, opt-outs and reports") { startActivity(Intent(this, ConsentActivity::class.java)) }
        root.button("Bundle") { startActivity(Intent(this, BundleActivity::class.java)) }
        root.label("Recent verdicts", bold = true)
        logView = root.section()
        root.button("Clear the log") { app.log.clear(); refresh() }
    }

    override fun onResume() {
        super.onResume()
        refresh()
    }

    private fun refresh() {
        status.removeAllViews()
        val roles = getSystemService(RoleManager::class.java)
        val screening = roles.isRoleHeld(RoleManager.ROLE_CALL_SCREENING)
        status.label(if (screening) "Calls: screened" else "Calls: not screened (the app needs the call-screening role)")
        val sms = checkSelfPermission(Manifest.permission.RECEIVE_SMS) == PackageManager.PERMISSION_GRANTED
        status.label(if (sms) "Messages: classified on arrival" else "Messages: not classified (no SMS permission)")
        app.screenerHost.stateWarning?.let { status.label("Saved state: $it") }
        app.screenerHost.bundleWarning?.let { status.label("Bundle: $it") }

        logView.removeAllViews()
        val entries = app.log.recent()
        if (entries.isEmpty()) logView.label("Nothing screened yet.")
        val fmt = DateFormat.getDateTimeInstance(DateFormat.SHORT, DateFormat.SHORT)
        for (e in entries.take(50)) {
            val item = logView.section()
            item.label("${fmt.format(Date(e.atMillis))} · ${e.channel} · ${e.sender}\n" +
                "${e.action}${e.category?.let { " ($it)" } ?: ""}\n" + e.reasons.joinToString("\n") { "• $it" })
            if (e.sender.isNotBlank()) {
                val row = LinearLayout(this).apply { orientation = LinearLayout.HORIZONTAL }
                item.addView(row)
                row.button("Spam") { report(e.channel, e.sender, true) }
                row.button("Not spam") { report(e.channel, e.sender, false) }
            }
        }
    }

    private fun report(channel: String, sender: String, spam: Boolean) {
        withScreener({ UserRecords.report(it, channel, sender, null, spam, System.currentTimeMillis() / 1000).getOrThrow() }) { r ->
            status.label(r.fold({ "Reported: future ${if (channel == "sms") "messages" else "calls"} from $sender are ${if (spam) "junk" else "let through"} (report #$it)" },
                { "Report failed: ${it.message}" }))
        }
    }

    private fun askSmsPermissions() {
        val wanted = mutableListOf(Manifest.permission.RECEIVE_SMS, Manifest.permission.READ_CONTACTS)
        if (Build.VERSION.SDK_INT >= 33) wanted += Manifest.permission.POST_NOTIFICATIONS
        requestPermissions(wanted.toTypedArray(), REQUEST_SMS)
    }

    override fun onRequestPermissionsResult(requestCode: Int, permissions: Array<out String>, grantResults: IntArray) {
        super.onRequestPermissionsResult(requestCode, permissions, grantResults)
        if (requestCode == REQUEST_SMS) refresh()
    }

    companion object {
        private const val REQUEST_SMS = 1
    }
}
