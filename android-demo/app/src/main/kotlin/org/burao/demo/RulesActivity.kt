package org.burao.demo

import android.widget.EditText
import android.widget.LinearLayout
import android.widget.TextView
import org.burao.demo.logic.RulesEditor

/**
 * The user's rules as the engine's JSON document, and the allow list (the document's allow
 * rules). Apply sends the text to set_rules: a bad document is refused whole, the error names
 * the rule, and the rules in force do not change.
 */
class RulesActivity : Screen("My rules and allow list") {
    private lateinit var editor: EditText
    private lateinit var error: TextView
    private lateinit var allowList: LinearLayout

    override fun build() {
        root.label("Allow list: these numbers always ring.", bold = true)
        allowList = root.section()
        val number = root.field("Number or prefix, e.g. 0755 8888 or 400*")
        root.button("Add to the allow list") { edit { RulesEditor.addAllowed(it, number.text.toString()) } }
        root.label("Rules (JSON, schema 1)", bold = true)
        root.label("""Example: {"schema": 1, "rules": [{"id": "no-loans", "keywords": ["贷款"], "action": "junk", "category": "loan"}, {"id": "night", "number": "170*", "action": "block", "window": {"from": "22:00", "to": "07:00"}}]}""")
        editor = root.field("rule document", multiline = true)
        error = root.label("").apply { showError(null) }
        root.button("Apply") { apply(editor.text.toString()) }
        root.button("Revert to the rules in force") { load() }
        load()
    }

    private fun load() {
        withScreener({ RulesEditor.current(it) }) { r -> r.onSuccess { show(it) }.onFailure { error.showError(it.message) } }
    }

    private fun show(doc: String) {
        editor.setText(doc)
        error.showError(null)
        allowList.removeAllViews()
        val entries = RulesEditor.allowList(doc)
        if (entries.isEmpty()) allowList.label("(empty)")
        for (e in entries) {
            val row = LinearLayout(this).apply { orientation = LinearLayout.HORIZONTAL }
            allowList.addView(row)
            row.label("${e.number}${if (e.note.isNotBlank()) " — ${e.note}" else ""}")
            row.button("Remove") { edit { RulesEditor.remove(it, e.id) } }
        }
    }

    /** Edits the document in force (not the editor's unsaved text) and applies the result. */
    private fun edit(change: (String) -> String) {
        withScreener({ change(it.rulesJson()) }) { r -> r.onSuccess { apply(it) }.onFailure { error.showError(it.message) } }
    }

    private fun apply(doc: String) {
        withScreener({ s -> RulesEditor.apply(s, doc).map { RulesEditor.current(s) } }) { r ->
            val applied = r.getOrElse { Result.failure(it) }
            applied.onSuccess { show(it) }.onFailure { error.showError("Not applied: ${it.message}") }
        }
    }
}
