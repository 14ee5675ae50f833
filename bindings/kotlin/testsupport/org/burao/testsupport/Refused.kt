package org.burao.testsupport

/**
 * Runs [block], which must throw an [E]; returns it for further checks. Anything else thrown,
 * or nothing, fails the test (`refused<BuraoException.InvalidBundle> { s.applyUpdate(bad) }`).
 */
inline fun <reified E : Throwable> refused(block: () -> Unit): E {
    try {
        block()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e", e)
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing was thrown")
}
