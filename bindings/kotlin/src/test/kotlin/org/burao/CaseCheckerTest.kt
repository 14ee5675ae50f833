package org.burao

import org.burao.testsupport.Cases
import org.burao.testsupport.TestClasses
import org.burao.testsupport.refused
import org.burao.minijson.MiniJson
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

/**
 * The shared test support itself: a case checker that accepted everything would make every case
 * pass, a test finder that missed a class would drop its tests without a sound.
 */
class CaseCheckerTest {
    private fun case(text: String) = Cases.parse("test.json", MiniJson.parse(text) as Map<*, *>)

    @Test
    fun malformedCasesAreRefusedWhenRead() {
        for (text in listOf(
            """{"kind":"call","number":"110","expect":{"acton":"allow"}}""",
            """{"kind":"call","number":"110","expect":{}}""",
            """{"kind":"fax","number":"110","expect":{"action":"allow"}}""",
            """{"kind":"call","number":"110","is_contact":"yes","expect":{"action":"allow"}}""",
            """{"kind":"call","numbr":"110","expect":{"action":"allow"}}""",
            """{"kind":"call","number":110,"expect":{"action":"allow"}}""",
            """{"kind":"call","number":"110","expect":{"error":"number","action":"allow"}}""",
            """{"kind":"call","number":"110","expect":{"reasons":"default"}}""",
            """{"kind":"call","number":"110","expect":"allow"}""",
            """{"kind":"call","number":"110","expect":{"reason_args":{}}}""",
            """{"kind":"call","number":"110","expect":{"reason_args":{"list_entry":{}}}}""",
            """{"kind":"call","number":"110","expect":{"reason_args":{"list_entry":{"pattern":1}}}}""",
        )) {
            refused<IllegalArgumentException> { case(text) }
        }
        refused<IllegalArgumentException> { Cases.load("test.json", """{"cases":[]}""") }
        refused<IllegalArgumentException> { Cases.load("test.json", """{"description":"d","cases":[]}""") }
        val e = refused<IllegalArgumentException> {
            Cases.load("test.json", """{"description":"d","cases":[{"name":"n","kind":"call","number":"1","expect":{"x":1}}]}""")
        }
        assertTrue(e.message!!, e.message!!.contains("test.json case 0 `n`: unknown expect key `x`"))
    }

    @Test
    fun wrongExpectationsFail() {
        for (text in listOf(
            """{"kind":"call","number":"13800138000","expect":{"action":"block"}}""",
            """{"kind":"call","number":"17000000000","expect":{"category":null}}""",
            """{"kind":"call","number":"17000000000","expect":{"matched":"+86171*"}}""",
            """{"kind":"call","number":"17000000000","expect":{"reasons":["list_entry","default"]}}""",
            """{"kind":"call","number":"17000000000","expect":{"action":"silence"}}""",
            """{"kind":"call","number":"abc","expect":{"action":"allow"}}""",
            """{"kind":"call","number":"abc","expect":{"error":"bundle"}}""",
            """{"kind":"call","number":"17000000000","expect":{"error":"number"}}""",
            """{"kind":"call","number":"17000000000","expect":{"reason_args":{"list_entry":{"pattern":"+86171*"}}}}""",
            """{"kind":"call","number":"17000000000","expect":{"reason_args":{"phishing":{"domain":"x"}}}}""",
        )) {
            refused<AssertionError> { Cases.check(case(text)) }
        }
        val good = case("""{"kind":"call","number":"17000000000","expect":{"action":"allow","reasons":["default","list_entry"],"reason_args":{"list_entry":{"pattern":"+86170*","category":"harassment"}}}}""")
        assertEquals("+86170*", Cases.check(good)!!.matched)
        assertEquals(null, Cases.check(case("""{"kind":"call","number":"abc","expect":{"error":"number"}}""")))
    }

    @Test
    fun everyTestClassIsFoundAndNothingElse() {
        val dir = File(CaseCheckerTest::class.java.protectionDomain.codeSource.location.toURI())
        val found = TestClasses.find(listOf(dir))
        // JavaCallerTest by name: javac compiles it after this file.
        val tests = listOf(CaseCheckerTest::class, CasesTest::class, ScreenerTest::class, SdkTest::class)
            .map { it.qualifiedName!! } + "org.burao.JavaCallerTest"
        for (name in tests) assertTrue("$name in $found", name in found)
        // The abstract case base, the support and the SDK's own classes hold no tests.
        for (name in listOf("org.burao.testsupport.CaseTest", "org.burao.testsupport.Cases", "org.burao.Screener")) {
            assertFalse(name, name in found)
        }
        refused<IllegalArgumentException> { TestClasses.find(listOf(File(dir, "no-such-dir"))) }
    }
}
