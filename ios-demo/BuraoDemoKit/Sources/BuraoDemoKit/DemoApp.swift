import Burao
import Foundation

/// The container app's logic, without SwiftUI: the engine with the user's state
/// file, bundle import, rule and allow-list edits, trying a message or a number,
/// and what the extensions left in the app group. `ContentView` only shows it.
public final class DemoApp {
    public let store: AppGroupStore
    public let log: ActivityLog
    public let screener: Screener
    /// Set when the state file was damaged and its last good copy was used.
    public let stateWarning: String?
    private let now: () -> Int64

    /// Opens the user state in the app group; this app is its only writer.
    public init(store: AppGroupStore, now: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }) throws {
        self.store = store
        self.log = ActivityLog(store: store)
        self.now = now
        try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
        let screener = Screener()
        if let bytes = try store.read(store.bundleURL) {
            // A bundle that fails here was imported by an older app version: keep the default.
            _ = try? screener.replaceBundle(bytes: bytes)
        }
        stateWarning = try screener.openState(path: store.engineStateURL.path)
        self.screener = screener
    }

    /// Checks `data` in the engine first, then writes it for the extensions. A bad
    /// bundle is refused and the one in force keeps serving. The caller asks iOS
    /// to reload the Call Directory afterwards.
    @discardableResult
    public func importBundle(_ data: Data) throws -> BundleInfo {
        let info = try screener.replaceBundle(bytes: data)
        try store.write(data, to: store.bundleURL)
        return info
    }

    public var bundleInfo: BundleInfo { screener.bundleInfo() }

    public func rules() throws -> RulesDocument { try RulesDocument(screener: screener) }

    /// Puts an edited rule document in force (saved to the state file by the engine).
    public func setRules(_ doc: RulesDocument) throws { try doc.apply(to: screener) }

    /// Adds `number` to the allow list; returns the rule id.
    @discardableResult
    public func allow(number: String, note: String?) throws -> String {
        var doc = try rules()
        let id = doc.add(action: "allow", number: number, note: note)
        try setRules(doc)
        return id
    }

    public func removeRule(id: String) throws {
        var doc = try rules()
        guard doc.remove(id: id) else { return }
        try setRules(doc)
    }

    /// What the Message Filter extension would answer, logged for the activity list.
    public func tryMessage(sender: String, body: String) throws -> MessageFilterAdvice {
        let verdict = try screener.screenSms(sender: sender, body: body, isContact: false)
        let advice = verdict.messageFilterAdvice(body: body)
        try log.append(.message(sender: sender, verdict: verdict, advice: advice, atUnix: now()))
        return advice
    }

    /// The verdict on a call from `number`, logged for the activity list.
    public func tryNumber(_ number: String, isContact: Bool = false) throws -> Verdict {
        let verdict = try screener.screenCall(number: number, isContact: isContact)
        try log.append(.call(number: number, verdict: verdict, atUnix: now()))
        return verdict
    }

    /// The last load iOS accepted into the Call Directory, if any.
    public var loadedManifest: LoadedManifest? {
        guard let data = try? store.read(store.loadedManifestURL) else { return nil }
        return try? JSONDecoder().decode(LoadedManifest.self, from: data)
    }

    /// True when the Call Directory holds an older bundle than the one in force.
    public var callDirectoryIsStale: Bool {
        loadedManifest?.bundleSequence != bundleInfo.metadata.sequence
    }
}
