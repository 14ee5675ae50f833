package org.burao.testsupport

import org.junit.runner.RunWith
import org.junit.runners.Parameterized

/**
 * Base of a JUnit class run once per shared case of fixtures/cases (JUnit's Parameterized, each
 * run named by the case's title): the subclass gets [case] and writes its @Test methods.
 */
@RunWith(Parameterized::class)
abstract class CaseTest(protected val case: Case) {
    companion object {
        /** Every case, strictly read; a corpus without call or without sms cases fails. */
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> {
            val all = Cases.all()
            for (k in Case.Kind.values()) check(all.any { it.kind == k }) { "no $k cases under fixtures/cases" }
            return all.map { arrayOf<Any>(it) }
        }
    }
}
