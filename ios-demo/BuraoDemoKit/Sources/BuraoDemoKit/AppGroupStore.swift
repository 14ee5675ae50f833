import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the app and its extensions keep shared files in the app group container,
/// and how they write them. Every write goes to a temporary file in the same
/// directory and is renamed over the old one, so a reader (an extension woken
/// mid-import) sees the old file or the new one, never half of one.
///
/// Who writes what (the Message Filter extension writes nothing: iOS runs it in a
/// sandbox that may not write to containers it shares with its app):
///
/// | file | written by | read by |
/// |---|---|---|
/// | `bundle.burao` | app (bundle import) | both extensions |
/// | `callkit-loaded.burao` + `callkit-loaded.json` | Call Directory extension, after iOS accepted a load | Call Directory extension (incremental loads) |
/// | `engine.state` | app (`Screener.openState`) | Message Filter extension (read-only) |
/// | `activity.json` | app, Call Directory extension | app |
public struct AppGroupStore: Sendable {
    /// The directory all files live in (`<container>/Burao`).
    public let directory: URL

    /// `container` is `FileManager.containerURL(forSecurityApplicationGroupIdentifier:)` on iOS.
    public init(container: URL) {
        directory = container.appendingPathComponent("Burao", isDirectory: true)
    }

    /// The bundle in force, imported by the app.
    public var bundleURL: URL { file("bundle.burao") }
    /// The bundle whose numbers iOS holds in the Call Directory, the base of incremental loads.
    public var loadedBundleURL: URL { file("callkit-loaded.burao") }
    /// How that bundle was loaded (budget, sequence, time).
    public var loadedManifestURL: URL { file("callkit-loaded.json") }
    /// The engine's user state (rules, allow list, consent), `Screener.openState`'s file.
    public var engineStateURL: URL { file("engine.state") }
    /// Recent verdicts and loads, for the app to show.
    public var activityURL: URL { file("activity.json") }

    private func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The file's bytes, or `nil` when it does not exist (any other failure throws).
    public func read(_ url: URL) throws -> Data? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try Data(contentsOf: url, options: .mappedIfSafe)
    }

    /// Replaces `url` with `data` atomically, creating the directory if needed.
    public func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tmp = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: tmp, options: Self.protection)
            try Self.replace(url, with: tmp)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        }
    }

    /// Removes `url` if it exists.
    public func remove(_ url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.removeItem(at: url)
    }

    /// A fingerprint of the bundle and state files as they are now (size and
    /// modification time), so a long-lived extension notices an import by the app.
    public func stamp() -> String {
        [bundleURL, engineStateURL].map { url -> String in
            guard let a = try? FileManager.default.attributesOfItem(atPath: url.path) else { return "-" }
            let size = (a[.size] as? NSNumber)?.int64Value ?? -1
            let time = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(size)@\(time)"
        }.joined(separator: "|")
    }

    #if canImport(Darwin)
    // Extensions run while the phone is locked (a message arrives, iOS reloads the
    // Call Directory), so files must be readable after the first unlock.
    private static let protection: Data.WritingOptions = [.completeFileProtectionUntilFirstUserAuthentication]
    #else
    private static let protection: Data.WritingOptions = []
    #endif

    private static func replace(_ to: URL, with from: URL) throws {
        // rename(2) replaces the target atomically; FileManager.moveItem refuses an existing one.
        guard rename(from.path, to.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: to.path,
                                                            NSUnderlyingErrorKey: POSIXError(.init(rawValue: errno) ?? .EIO)])
        }
    }
}
