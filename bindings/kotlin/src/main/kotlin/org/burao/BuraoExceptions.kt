package org.burao

/**
 * The sentence that says what went wrong (the same text as [BuraoException.message]); it never
 * contains the phone number or message that was screened. Kept for code written when the
 * exceptions had a `reason` field.
 */
val BuraoException.reason: String
    get() = message ?: ""
