package org.burao.demo

import android.app.role.RoleManager
import android.content.Intent

/** Explains the call-screening role before the system asks for it. */
class RoleActivity : Screen("Screen my calls") {
    override fun build() {
        root.label(
            "To silence or reject nuisance calls, Burao must be your phone's call-screening app. " +
                "Android will then show Burao each incoming call from a number that is not in your contacts, " +
                "before it rings.\n\n" +
                "• Everything is decided on this phone. No number leaves the device.\n" +
                "• Nuisance ranges are named; a range whose numbers you keep declining is silenced (the call still " +
                "shows in your call log); only numbers you or " +
                "your rules block are rejected, and they stay in the call log too, so you can see and undo it.\n" +
                "• If Burao is ever slow or fails, the call rings as usual.\n" +
                "• Outgoing calls are never touched.",
        )
        val result = root.label("")
        root.button("Continue") {
            val roles = getSystemService(RoleManager::class.java)
            when {
                !roles.isRoleAvailable(RoleManager.ROLE_CALL_SCREENING) -> result.showError("This phone does not offer call screening.")
                roles.isRoleHeld(RoleManager.ROLE_CALL_SCREENING) -> result.text = "Burao already screens your calls."
                else -> startActivityForResult(roles.createRequestRoleIntent(RoleManager.ROLE_CALL_SCREENING), REQUEST_ROLE)
            }
        }
    }

    @Deprecated("Framework-only demo: the Activity Result API is in androidx")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        if (requestCode == REQUEST_ROLE) {
            val held = getSystemService(RoleManager::class.java).isRoleHeld(RoleManager.ROLE_CALL_SCREENING)
            root.label(if (held) "Done: Burao screens your calls." else "Not granted: calls are not screened. You can ask again any time.")
        }
    }

    companion object {
        private const val REQUEST_ROLE = 2
    }
}
