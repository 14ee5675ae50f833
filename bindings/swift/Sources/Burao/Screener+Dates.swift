import Foundation

// `Date` overloads of the calls that take Unix seconds: a `Date` cannot be
// mistaken for milliseconds. Sub-second precision is dropped (the engine
// counts in seconds).
extension Screener {
    /// `reportFeedback` at `date`; returns the record's id.
    @discardableResult
    public func reportFeedback(sender: String, body: String?, isSpam: Bool, at date: Date) throws -> Int64 {
        try reportFeedback(sender: sender, body: body, isSpam: isSpam, atUnix: unixSeconds(date))
    }

    /// `recordConsent` at `date`.
    public func recordConsent(sender: String, state: ConsentState, via: String, at date: Date) throws {
        try recordConsent(sender: sender, state: state, via: via, atUnix: unixSeconds(date))
    }

    /// `recordOutgoingSms` at `date`; returns the opt-out keyword if the message was one.
    @discardableResult
    public func recordOutgoingSms(to: String, body: String, at date: Date) throws -> String? {
        try recordOutgoingSms(to: to, body: body, atUnix: unixSeconds(date))
    }

    /// `screenCallAt` at `date` (replays, tests).
    public func screenCall(number: String, isContact: Bool = false, at date: Date) throws -> Verdict {
        try screenCallAt(number: number, isContact: isContact, atUnix: unixSeconds(date))
    }

    /// `screenSmsAt` at `date` (replays, tests).
    public func screenSms(sender: String, body: String, isContact: Bool = false, at date: Date) throws -> Verdict {
        try screenSmsAt(sender: sender, body: body, isContact: isContact, atUnix: unixSeconds(date))
    }
}

extension FeedbackRecord {
    /// When the user reported it.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(atUnix)) }
}

extension ConsentRecord {
    /// When the consent record was made.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(atUnix)) }
}

/// Whole seconds since 1970, rounded down; a date beyond what the engine
/// takes is refused by it (`invalidInput`), not trapped here.
func unixSeconds(_ date: Date) -> Int64 {
    let t = date.timeIntervalSince1970.rounded(.down)
    guard t.isFinite else { return t > 0 ? Int64.max : Int64.min }
    return Int64(max(-9.0e18, min(9.0e18, t)))
}
