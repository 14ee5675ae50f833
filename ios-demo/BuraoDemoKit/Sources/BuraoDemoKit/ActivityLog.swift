import Burao
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of the app's "recent activity": a verdict on a message or a call, or
/// a Call Directory load. Never holds a message body, and senders only masked.
public struct ActivityEntry: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case message, call, callDirectoryLoad
    }

    public var atUnix: Int64
    public var kind: Kind
    /// Masked (`138****8000`); service numbers of up to six digits are kept whole.
    public var sender: String?
    /// The engine's action (`junk`), or `full`/`incremental` for a load.
    public var action: String
    /// The filter's answer (`promotion/promotionalOffers`), for messages.
    public var filed: String?
    public var category: String?
    /// The code of the first deciding reason (`list_entry`), or a load's counts.
    public var detail: String?
    public var bundleSequence: Int64?

    public init(atUnix: Int64, kind: Kind, sender: String?, action: String, filed: String? = nil,
                category: String? = nil, detail: String? = nil, bundleSequence: Int64? = nil) {
        self.atUnix = atUnix
        self.kind = kind
        self.sender = sender.map(SenderMask.mask)
        self.action = action
        self.filed = filed
        self.category = category
        self.detail = detail
        self.bundleSequence = bundleSequence
    }

    /// A verdict on a message and what the filter made of it.
    public static func message(sender: String, verdict: Verdict, advice: MessageFilterAdvice, atUnix: Int64) -> ActivityEntry {
        let filed = advice.subAction == .none
            ? advice.action.rawValue : "\(advice.action.rawValue)/\(advice.subAction.rawValue)"
        return ActivityEntry(atUnix: atUnix, kind: .message, sender: sender, action: Names.of(verdict.action),
                             filed: filed, category: verdict.category.map(Names.of),
                             detail: Names.decidingReason(verdict), bundleSequence: verdict.bundleSequence)
    }

    /// A verdict on a call (the app's "check a number" screen).
    public static func call(number: String, verdict: Verdict, atUnix: Int64) -> ActivityEntry {
        ActivityEntry(atUnix: atUnix, kind: .call, sender: number, action: Names.of(verdict.action),
                      category: verdict.category.map(Names.of), detail: Names.decidingReason(verdict),
                      bundleSequence: verdict.bundleSequence)
    }
}

/// Hides the middle of a phone number: enough to recognise it, not to dial it.
public enum SenderMask {
    public static func mask(_ sender: String) -> String {
        let digits = sender.filter(\.isNumber).count
        guard digits > 6 else { return String(sender.prefix(32)) }
        var seen = 0
        let kept = String(sender.map { ch -> Character in
            guard ch.isNumber else { return ch }
            seen += 1
            return seen <= 3 || seen > digits - 4 ? ch : "*"
        })
        return String(kept.prefix(32))
    }
}

/// Recent activity in the app group, newest last on disk, at most `capacity`
/// entries. Appends from the app and the Call Directory extension may race, so
/// each read-modify-write holds an advisory lock on a side file.
public struct ActivityLog: Sendable {
    public let store: AppGroupStore
    public let capacity: Int

    public init(store: AppGroupStore, capacity: Int = 200) {
        precondition(capacity > 0)
        self.store = store
        self.capacity = capacity
    }

    /// Newest first. A damaged log reads as empty rather than failing the app.
    public func entries() -> [ActivityEntry] {
        guard let data = try? store.read(store.activityURL),
              let list = try? JSONDecoder().decode([ActivityEntry].self, from: data) else { return [] }
        return list.reversed()
    }

    public func append(_ entry: ActivityEntry) throws {
        try withLock {
            var list = Array(entries().reversed())
            list.append(entry)
            if list.count > capacity { list.removeFirst(list.count - capacity) }
            try store.write(JSONEncoder().encode(list), to: store.activityURL)
        }
    }

    public func clear() throws {
        try withLock { try store.remove(store.activityURL) }
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
        let path = store.directory.appendingPathComponent(".activity.lock").path
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

/// The snake-case names the engine, the fixtures and the CLI use (`real_estate`).
public enum Names {
    public static func of<T>(_ value: T) -> String {
        String(describing: value).reduce(into: "") { out, ch in
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
    }

    /// The first reason that is not a note: the layer that decided.
    public static func decidingReason(_ verdict: Verdict) -> String? {
        verdict.reasons.first { $0.code != .note }.map { of($0.code) }
    }
}
