package org.burao.testsupport

import java.io.File
import org.burao.BuraoException
import org.burao.Screener
import org.burao.Verdict
import org.burao.minijson.MiniJson

/**
 * The shared verdict cases of fixtures/cases/ (README.md there), read as strictly as the Rust
 * runner (core/tests/cases.rs) reads them: an unknown key, a value of the wrong type, an empty
 * `expect`, `error` with other expectations or an unknown kind fails the load, so a typo cannot
 * turn a case into a no-op. One reader and one checker for every Kotlin suite (the SDK's and
 * the Android demo's).
 */
class Case(
    /** The case file's name (`calls.json`). */
    val file: String,
    val name: String,
    val kind: Kind,
    /** A call's number (`""` when absent). */
    val number: String,
    /** A message's sender (`""` when absent). */
    val from: String,
    /** A message's body (`""` when absent). */
    val body: String,
    val isContact: Boolean,
    val expect: Expect,
) {
    enum class Kind { CALL, SMS }

    /** `calls.json: <name>`: how failures and JUnit name the case. */
    val title: String get() = "$file: $name"

    /** Screens this case on [screener]: a verdict, or the library's exception. */
    fun screen(screener: Screener): Verdict = when (kind) {
        Kind.CALL -> screener.screenCall(number, isContact)
        Kind.SMS -> screener.screenSms(from, body, isContact)
    }

    // Names only: a case's number and body stay out of test names and logs.
    override fun toString() = title
}

/**
 * A case's `expect`. A key present is checked: [action], [category] / [matched] / [label] (a JSON
 * `null` means "must be absent"), [reasons] (codes that must appear in this order, a
 * subsequence), [reasonArgs] (`{"code": {"name": "value"}}`: the first reason with that code
 * carries each argument with that first value); [error] instead means the call must fail with that kind.
 */
class Expect(private val keys: Map<String, Any?>) {
    val error: String? get() = keys["error"] as String?
    val action: String? get() = keys["action"] as String?

    @Suppress("UNCHECKED_CAST")
    val reasons: List<String>? get() = keys["reasons"] as List<String>?

    @Suppress("UNCHECKED_CAST")
    val reasonArgs: Map<String, Map<String, String>>? get() = keys["reason_args"] as Map<String, Map<String, String>>?

    /** Whether [key] (`category`, `matched`, `label`) is checked; its value may be null. */
    fun has(key: String): Boolean = keys.containsKey(key)

    /** The expected value of a [has] key (null: must be absent). */
    fun text(key: String): String? = keys[key] as String?
}

object Cases {
    private val CASE_KEYS = setOf("name", "kind", "number", "is_contact", "from", "body", "expect")
    private val EXPECT_KEYS = setOf("action", "category", "matched", "label", "reasons", "reason_args", "error")

    /** Every case of every .json file of fixtures/cases, file by file; none found is an error. */
    fun all(): List<Case> {
        val dir = File(TestEnv.repo, "fixtures/cases")
        val files = dir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name }.orEmpty()
        check(files.isNotEmpty()) { "no case files in $dir" }
        return files.flatMap { load(it.name, it.readText()) }
    }

    /** The cases of one case file's [text]; throws IllegalArgumentException naming the bad case. */
    fun load(file: String, text: String): List<Case> {
        val doc = MiniJson.parse(text) as? Map<*, *> ?: throw IllegalArgumentException("$file: not a JSON object")
        require(doc["description"] is String) { "$file: needs a `description`" }
        val cases = doc["cases"] as? List<*> ?: throw IllegalArgumentException("$file: needs a `cases` array")
        require(cases.isNotEmpty()) { "$file: no cases" }
        return cases.mapIndexed { i, c ->
            val obj = c as? Map<*, *> ?: throw IllegalArgumentException("$file case $i: a case must be an object")
            try {
                parse(file, obj)
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("$file case $i `${obj["name"]}`: ${e.message}", e)
            }
        }
    }

    /** One case object, checked key by key (the rules of core/tests/cases.rs). */
    fun parse(file: String, case: Map<*, *>): Case {
        case.keys.firstOrNull { it !in CASE_KEYS }?.let { throw IllegalArgumentException("unknown case key `$it`") }
        val expect = case["expect"] as? Map<*, *> ?: throw IllegalArgumentException("`expect` must be an object")
        expect.keys.firstOrNull { it !in EXPECT_KEYS }?.let { throw IllegalArgumentException("unknown expect key `$it`") }
        require(expect.isNotEmpty()) { "`expect` checks nothing" }
        if (expect.containsKey("error")) {
            require(expect["error"] is String) { "`error` must be a string" }
            require(expect.size == 1) { "`error` cannot be combined with other expectations" }
        }
        for (k in listOf("action", "category", "matched", "label")) {
            val v = expect[k]
            require(v == null || v is String) { "`$k` must be a string or null" }
        }
        require(expect["action"] != null || !expect.containsKey("action")) { "`action` cannot be null" }
        expect["reasons"]?.let { r ->
            require(r is List<*> && r.all { it is String }) { "`reasons` must be an array of strings" }
        }
        if (expect.containsKey("reason_args")) {
            val ra = expect["reason_args"]
            require(ra is Map<*, *> && ra.isNotEmpty() && ra.values.all { a ->
                a is Map<*, *> && a.isNotEmpty() && a.values.all { it is String }
            }) { "`reason_args` must be an object of non-empty objects of strings" }
        }
        val kind = when (case["kind"]) {
            "call" -> Case.Kind.CALL
            "sms" -> Case.Kind.SMS
            else -> throw IllegalArgumentException("unsupported case kind ${case["kind"]}")
        }
        val isContact = when (val v = case["is_contact"]) {
            null -> if (case.containsKey("is_contact")) throw IllegalArgumentException("`is_contact` must be a boolean") else false
            is Boolean -> v
            else -> throw IllegalArgumentException("`is_contact` must be a boolean")
        }
        fun str(key: String): String = when (val v = case[key]) {
            null -> if (case.containsKey(key)) throw IllegalArgumentException("`$key` must be a string") else ""
            is String -> v
            else -> throw IllegalArgumentException("`$key` must be a string")
        }
        @Suppress("UNCHECKED_CAST")
        return Case(file, str("name"), kind, str("number"), str("from"), str("body"), isContact,
            Expect(expect as Map<String, Any?>))
    }

    /** The error kinds of the case format, by exception class. */
    fun errorKind(e: BuraoException): String = when (e) {
        is BuraoException.InvalidNumber -> "number"
        is BuraoException.InvalidBundle -> "bundle"
        is BuraoException.InvalidInput -> "input"
        is BuraoException.State -> "state"
        is BuraoException.Internal -> "internal"
    }

    /** `LIST_ENTRY` -> `list_entry`: the snake-case names the fixtures use. */
    fun snake(e: Enum<*>): String = e.name.lowercase()

    /** What is wrong with [verdict] for [expect]; empty when every expectation holds. */
    fun mismatches(expect: Expect, verdict: Verdict): List<String> {
        if (expect.error != null) return listOf("expected a ${expect.error} error, got a verdict (${snake(verdict.action)})")
        val wrong = mutableListOf<String>()
        fun compare(key: String, got: String?) {
            if (expect.has(key) && expect.text(key) != got) wrong += "$key: expected ${expect.text(key)}, got $got"
        }
        compare("action", snake(verdict.action))
        compare("category", verdict.category?.let(::snake))
        compare("matched", verdict.matched)
        compare("label", verdict.label)
        expect.reasons?.let { want ->
            val got = verdict.reasons.map { snake(it.code) }
            var at = 0
            for (code in got) if (at < want.size && code == want[at]) at++
            if (at != want.size) wrong += "reasons: expected $want in this order, got $got"
        }
        expect.reasonArgs?.let { want ->
            for ((code, args) in want.toSortedMap()) {
                val reason = verdict.reasons.firstOrNull { snake(it.code) == code }
                for ((name, value) in args.toSortedMap()) {
                    val got = reason?.args?.firstOrNull { it.name == name }?.value
                    if (got != value) wrong += "reason_args: $code.$name: expected $value, got $got"
                }
            }
        }
        return wrong
    }

    /** What is wrong with failing with [e] for [expect]; null when that error was expected. */
    fun errorMismatch(expect: Expect, e: BuraoException): String? = when (expect.error) {
        null -> "unexpected ${errorKind(e)} error: ${e.message}"
        errorKind(e) -> null
        else -> "expected a ${expect.error} error, got ${errorKind(e)}: ${e.message}"
    }

    /**
     * Screens [case] on a fresh default screener (the engine remembers calls: cases must not see
     * each other) and fails with every mismatch. Returns the verdict, or null for an expected error.
     */
    fun check(case: Case, screen: (Case) -> Verdict = { c -> Screener().use { c.screen(it) } }): Verdict? {
        val verdict = try {
            screen(case)
        } catch (e: BuraoException) {
            errorMismatch(case.expect, e)?.let { throw AssertionError("${case.title}: $it", e) }
            return null
        }
        val wrong = mismatches(case.expect, verdict)
        if (wrong.isNotEmpty()) throw AssertionError("${case.title}: ${wrong.joinToString("; ")}")
        return verdict
    }
}
