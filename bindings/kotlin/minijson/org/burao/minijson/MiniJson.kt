package org.burao.minijson

/**
 * Just enough JSON for the Android demo's rule editor and for the Kotlin test support's reading
 * of fixtures/cases (one reader for both; neither is part of the SDK). Objects are
 * LinkedHashMap, so key order and an explicit `null` (distinct from an absent key) survive;
 * arrays are List; numbers are Double, written back without ".0" when whole. The engine remains
 * the validator of rules: this never decides what a valid rule is. No jar: the JVM suites and
 * the demo's logic stay free of extra dependencies.
 */
object MiniJson {
    fun parse(text: String): Any? {
        val p = Parser(text)
        val v = p.value()
        p.ws()
        if (p.i != text.length) p.fail("trailing characters")
        return v
    }

    /** Indented output for the editor. */
    fun write(v: Any?, indent: String = ""): String = when (v) {
        null -> "null"
        is Boolean -> v.toString()
        is Double -> if (v == Math.floor(v) && !v.isInfinite() && Math.abs(v) < 1e15) v.toLong().toString() else v.toString()
        is Number -> v.toString()
        is String -> quote(v)
        is List<*> -> if (v.isEmpty()) "[]" else
            v.joinToString(",\n", "[\n", "\n$indent]") { "$indent  " + write(it, "$indent  ") }
        is Map<*, *> -> if (v.isEmpty()) "{}" else
            v.entries.joinToString(",\n", "{\n", "\n$indent}") { (k, x) -> "$indent  ${quote(k.toString())}: " + write(x, "$indent  ") }
        else -> throw IllegalArgumentException("cannot write ${v.javaClass.simpleName} as JSON")
    }

    fun quote(s: String): String {
        val b = StringBuilder("\"")
        for (c in s) when {
            c == '"' -> b.append("\\\"")
            c == '\\' -> b.append("\\\\")
            c == '\n' -> b.append("\\n")
            c == '\t' -> b.append("\\t")
            c == '\r' -> b.append("\\r")
            c < ' ' -> b.append(String.format("\\u%04x", c.code))
            else -> b.append(c)
        }
        return b.append('"').toString()
    }

    private class Parser(val s: String) {
        var i = 0

        fun fail(msg: String): Nothing = throw IllegalArgumentException("JSON: $msg at offset $i")

        fun ws() { while (i < s.length && s[i].isWhitespace()) i++ }

        fun value(): Any? {
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

        fun word(w: String, v: Any?): Any? {
            if (!s.startsWith(w, i)) fail("unexpected character")
            i += w.length
            return v
        }

        fun num(): Double {
            val start = i
            while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
            return s.substring(start, i).toDoubleOrNull() ?: fail("bad number")
        }

        fun str(): String {
            val b = StringBuilder()
            i++
            while (true) {
                if (i >= s.length) fail("unterminated string")
                when (val c = s[i++]) {
                    '"' -> return b.toString()
                    '\\' -> when (val e = s.getOrNull(i++) ?: fail("bad escape")) {
                        'n' -> b.append('\n'); 't' -> b.append('\t'); 'r' -> b.append('\r')
                        'b' -> b.append('\b'); 'f' -> b.append('\u000c')
                        'u' -> {
                            if (i + 4 > s.length) fail("bad \\u escape")
                            b.append(s.substring(i, i + 4).toIntOrNull(16)?.toChar() ?: fail("bad \\u escape")); i += 4
                        }
                        else -> b.append(e)
                    }
                    else -> b.append(c)
                }
            }
        }

        fun arr(): List<Any?> {
            val out = ArrayList<Any?>()
            i++; ws()
            if (s.getOrNull(i) == ']') { i++; return out }
            while (true) {
                out.add(value()); ws()
                when (s.getOrNull(i++)) { ',' -> continue; ']' -> return out; else -> fail("expected , or ]") }
            }
        }

        fun obj(): LinkedHashMap<String, Any?> {
            val out = LinkedHashMap<String, Any?>()
            i++; ws()
            if (s.getOrNull(i) == '}') { i++; return out }
            while (true) {
                ws()
                if (s.getOrNull(i) != '"') fail("expected a key")
                val k = str(); ws()
                if (s.getOrNull(i++) != ':') fail("expected :")
                out[k] = value(); ws()
                when (s.getOrNull(i++)) { ',' -> continue; '}' -> return out; else -> fail("expected , or }") }
            }
        }
    }
}
