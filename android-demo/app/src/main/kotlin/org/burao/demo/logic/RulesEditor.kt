package org.burao.demo.logic

import org.burao.BuraoException
import org.burao.minijson.MiniJson
import org.burao.Screener
import org.burao.reason

/** One allow-list entry: a user rule with a number and action `allow`. */
data class AllowEntry(val id: String, val number: String, val note: String)

/**
 * The "rules and allow list" screen's logic. The rule document is the engine's (saved with its
 * state); this only edits its text. The allow list is not a separate store: it is the rules
 * whose action is `allow`, so there is one source of truth and one validator (set_rules).
 */
object RulesEditor {
    const val EMPTY = "{\"schema\": 1, \"rules\": []}"

    /** Applies [doc]; a refused document changes nothing and the error names the bad rule. */
    fun apply(screener: Screener, doc: String): Result<Int> = try {
        Result.success(screener.setRules(doc))
    } catch (e: BuraoException) {
        Result.failure(IllegalArgumentException(errorText(e), e))
    }

    /** The document in force, indented for the editor. */
    fun current(screener: Screener): String = pretty(screener.rulesJson())

    fun pretty(doc: String): String = try { MiniJson.write(MiniJson.parse(doc)) } catch (e: IllegalArgumentException) { doc }

    fun allowList(doc: String): List<AllowEntry> = rules(doc).mapNotNull { r ->
        val number = r["number"] as? String ?: return@mapNotNull null
        if (r["action"] != "allow") return@mapNotNull null
        AllowEntry(r["id"] as? String ?: "", number, r["note"] as? String ?: "")
    }

    /** [doc] with an allow rule for [number] appended (a fresh id); the engine validates it on apply. */
    fun addAllowed(doc: String, number: String, note: String = ""): String {
        val root = root(doc)
        val rules = rulesOf(root)
        val ids = rules.mapNotNull { it["id"] as? String }.toSet()
        val base = "allow-" + number.filter { it.isDigit() || it == '*' }.replace('*', 'x').ifEmpty { "number" }
        val id = generateSequence(1) { it + 1 }.map { if (it == 1) base else "$base-$it" }.first { it !in ids }
        rules.add(linkedMapOf("id" to id, "number" to number.trim(), "action" to "allow", "note" to note))
        return MiniJson.write(root)
    }

    /** [doc] without the rule [id]; unchanged if there is none. */
    fun remove(doc: String, id: String): String {
        val root = root(doc)
        rulesOf(root).removeAll { it["id"] == id }
        return MiniJson.write(root)
    }

    /** A message for the user: the engine's reason without the exception's class name. */
    fun errorText(e: Throwable): String = when (e) {
        is BuraoException.InvalidInput -> e.reason
        is BuraoException.InvalidNumber -> e.reason
        is BuraoException.InvalidBundle -> e.reason
        is BuraoException.State -> e.reason
        is BuraoException.Internal -> "internal error: ${e.reason}"
        else -> e.message ?: e.javaClass.simpleName
    }

    private fun rules(doc: String): List<Map<String, Any?>> = try { rulesOf(root(doc)) } catch (e: IllegalArgumentException) { emptyList() }

    private fun root(doc: String): MutableMap<String, Any?> {
        @Suppress("UNCHECKED_CAST")
        val root = MiniJson.parse(doc.ifBlank { EMPTY }) as? MutableMap<String, Any?>
            ?: throw IllegalArgumentException("the rule document must be a JSON object")
        if (root["rules"] == null) root["rules"] = ArrayList<Any?>()
        return root
    }

    private fun rulesOf(root: MutableMap<String, Any?>): MutableList<MutableMap<String, Any?>> {
        @Suppress("UNCHECKED_CAST")
        val list = root["rules"] as? MutableList<Any?> ?: throw IllegalArgumentException("\"rules\" must be an array")
        if (list.any { it !is MutableMap<*, *> }) throw IllegalArgumentException("every rule must be a JSON object")
        @Suppress("UNCHECKED_CAST")
        return list as MutableList<MutableMap<String, Any?>>
    }
}
