package org.burao

/**
 * Just enough JSON for fixtures/cases/ (every .json file): objects become Map (so an explicit
 * `null` stays distinguishable from an absent key), arrays List, numbers Double.
 * A test-only reader keeps the JVM suite free of extra jars.
 */
internal class Json private constructor(private val s: String) {
    private var i = 0

    companion object {
        fun parse(text: String): Any? {
            val p = Json(text)
            val v = p.value()
            p.ws()
            if (p.i != p.s.length) p.fail("trailing characters")
            return v
        }
    }

    private fun fail(msg: String): Nothing = throw IllegalArgumentException("JSON: $msg at offset $i")

    private fun ws() {
        while (i < s.length && s[i].isWhitespace()) i++
    }

    private fun value(): Any? {
        ws()
        if (i >= s.length) fail("unexpected end")
        return when (s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> word("true", true)
            'f' -> word("false", false)
            'n' -> word("null", null)
            else -> num()
        }
    }

    private fun word(w: String, v: Any?): Any? {
        if (!s.startsWith(w, i)) fail("unexpected character")
        i += w.length
        return v
    }

    private fun num(): Double {
        val start = i
        while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
        return s.substring(start, i).toDoubleOrNull() ?: fail("bad number")
    }

    private fun str(): String {
        val b = StringBuilder()
        i++ // opening quote
        while (true) {
            if (i >= s.length) fail("unterminated string")
            val c = s[i++]
            when (c) {
                '"' -> return b.toString()
                '\\' -> {
                    val e = s.getOrNull(i++) ?: fail("bad escape")
                    when (e) {
                        'n' -> b.append('\n'); 't' -> b.append('\t'); 'r' -> b.append('\r')
                        'b' -> b.append('\b'); 'f' -> b.append('\u000c')
                        'u' -> {
                            if (i + 4 > s.length) fail("bad \\u escape")
                            b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4
                        }
                        else -> b.append(e) // \" \\ \/
                    }
                }
                else -> b.append(c)
            }
        }
    }

    private fun arr(): List<Any?> {
        val out = ArrayList<Any?>()
        i++
        ws()
        if (s.getOrNull(i) == ']') { i++; return out }
        while (true) {
            out.add(value())
            ws()
            when (s.getOrNull(i++)) { ',' -> continue; ']' -> return out; else -> fail("expected , or ]") }
        }
    }

    private fun obj(): Map<String, Any?> {
        val out = LinkedHashMap<String, Any?>()
        i++
        ws()
        if (s.getOrNull(i) == '}') { i++; return out }
        while (true) {
            ws()
            if (s.getOrNull(i) != '"') fail("expected a key")
            val k = str()
            ws()
            if (s.getOrNull(i++) != ':') fail("expected :")
            out[k] = value()
            ws()
            when (s.getOrNull(i++)) { ',' -> continue; '}' -> return out; else -> fail("expected , or }") }
        }
    }
}
