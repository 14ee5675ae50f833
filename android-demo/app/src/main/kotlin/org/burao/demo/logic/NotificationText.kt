package org.burao.demo.logic

import org.burao.Action
import org.burao.Category
import org.burao.Verdict

/** A notification's content, built without Android so the wording is tested. */
data class NotificationText(
    val title: String,
    val text: String,
    /** Lines for the expanded (big text) style: one per reason. */
    val lines: List<String>,
    /** Junk and blocked messages notify quietly; everything else at the default importance. */
    val quiet: Boolean,
)

/** Wording of the demo's own SMS notification (a non-default SMS app can only inform, not file). */
object Notifications {
    fun forSms(sender: String, verdict: Verdict): NotificationText {
        val who = sender.ifBlank { "unknown sender" }
        val what = when (verdict.action) {
            Action.JUNK, Action.BLOCK -> "Junk"
            Action.PROMOTION -> "Promotion"
            Action.TRANSACTION -> "Transaction"
            Action.SILENCE -> "Quiet"
            Action.ALLOW -> "Message"
        }
        val category = verdict.category?.let { " · ${describe(it)}" } ?: ""
        // The deciding reason comes first in every verdict: it is the one-line summary.
        val lines = verdict.reasons.map { it.detail }
        val deciding = lines.firstOrNull() ?: "no rule or list matched"
        return NotificationText(
            title = "$what$category from $who",
            text = deciding,
            lines = lines.ifEmpty { listOf(deciding) },
            quiet = verdict.action in setOf(Action.JUNK, Action.BLOCK, Action.PROMOTION),
        )
    }

    fun describe(c: Category): String = when (c) {
        Category.LOAN -> "loans / 理财"
        Category.INSURANCE -> "insurance sales"
        Category.REAL_ESTATE -> "real estate"
        Category.OTHER_PROMO -> "marketing"
        Category.FRAUD -> "fraud"
        Category.HARASSMENT -> "harassment"
        Category.TRANSACTION -> "transaction"
        Category.PERSONAL -> "personal"
    }
}
