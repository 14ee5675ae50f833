@file:JvmName("ScreenerTimes")

package org.burao

import java.time.Instant

// `java.time.Instant` overloads of the calls that take Unix seconds: an Instant
// cannot be mistaken for milliseconds. Sub-second precision is dropped (the
// engine counts in seconds). Java: `ScreenerTimes.reportFeedback(screener, …, instant)`.

/** [Screener.reportFeedback] at [at]; returns the record's id. */
fun Screener.reportFeedback(sender: String, body: String?, isSpam: Boolean, at: Instant): Long =
    reportFeedback(sender, body, isSpam, at.epochSecond)

/** [Screener.recordConsent] at [at]. */
fun Screener.recordConsent(sender: String, state: ConsentState, via: String, at: Instant) =
    recordConsent(sender, state, via, at.epochSecond)

/** [Screener.recordOutgoingSms] at [at]; returns the opt-out keyword if the message was one. */
fun Screener.recordOutgoingSms(to: String, body: String, at: Instant): String? =
    recordOutgoingSms(to, body, at.epochSecond)

/** [Screener.screenCallAt] at [at] (replays, tests). */
fun Screener.screenCallAt(number: String, isContact: Boolean, at: Instant): Verdict =
    screenCallAt(number, isContact, at.epochSecond)

/** [Screener.screenSmsAt] at [at] (replays, tests). */
fun Screener.screenSmsAt(sender: String, body: String, isContact: Boolean, at: Instant): Verdict =
    screenSmsAt(sender, body, isContact, at.epochSecond)

/** When the user reported it. */
val FeedbackRecord.at: Instant
    get() = Instant.ofEpochSecond(atUnix)

/** When the consent record was made. */
val ConsentRecord.at: Instant
    get() = Instant.ofEpochSecond(atUnix)
