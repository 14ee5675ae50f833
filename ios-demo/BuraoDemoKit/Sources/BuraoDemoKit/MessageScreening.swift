import Burao
import Foundation

/// The Message Filter extension's screener: one per extension process, built
/// from the app group's bundle and the app's user state, read-only.
///
/// The extension may not write to the app group, and two processes saving one
/// state file would race, so the state is imported from the app's file (falling
/// back to its `.bak`, the store's last good copy) instead of opened. A change by
/// the app (new bundle, new rules) is noticed by the files' size and time, and
/// the screener is rebuilt once, on the next message.
public final class MessageScreening: @unchecked Sendable {
    public let store: AppGroupStore
    private let lock = NSLock()
    private var screener: Screener?
    private var stamp = ""
    private var problems: [String] = []

    public init(store: AppGroupStore) {
        self.store = store
    }

    /// What went wrong at the last (re)load; descriptions of errors, never content.
    public var loadProblems: [String] {
        lock.lock(); defer { lock.unlock() }
        return problems
    }

    /// The verdict and the filter's answer (the SDK's `MessageFilterAdvice`). Any
    /// failure answers "no opinion": our own error must never hide a message.
    public func decide(sender: String, body: String) -> (MessageFilterAdvice, Verdict?) {
        do {
            let verdict = try current().screenSms(sender: sender, body: body, isContact: false)
            return (verdict.messageFilterAdvice(body: body), verdict)
        } catch {
            return (.noOpinion, nil)
        }
    }

    /// The screener for the files as they are now.
    public func current() -> Screener {
        lock.lock(); defer { lock.unlock() }
        let now = store.stamp()
        if let s = screener, now == stamp { return s }
        let (s, found) = Self.load(store)
        screener = s
        stamp = now
        problems = found
        return s
    }

    static func load(_ store: AppGroupStore) -> (Screener, [String]) {
        var problems: [String] = []
        var screener = Screener()
        do {
            if let bytes = try store.read(store.bundleURL) {
                screener = try Screener.fromBundle(bytes: bytes)
            }
        } catch {
            problems.append("bundle: \(error) (using the embedded default)")
        }
        let bak = URL(fileURLWithPath: store.engineStateURL.path + ".bak")
        for url in [store.engineStateURL, bak] {
            do {
                guard let bytes = try store.read(url) else { continue }
                try screener.importState(bytes: bytes)
                break
            } catch {
                problems.append("\(url.lastPathComponent): \(error)")
            }
        }
        return (screener, problems)
    }
}
