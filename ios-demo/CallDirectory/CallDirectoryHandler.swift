#if canImport(CallKit)
import BuraoDemoKit
import CallKit
import Foundation

/// Loads the bundle's numbers into the Call Directory: incrementally when iOS
/// kept the last load, in full otherwise, batch by batch (`CallDirectoryLoader`).
final class CallDirectoryHandler: CXCallDirectoryProvider {
    private let cancelled = NSLock()
    private var isCancelled = false

    override func beginRequest(with context: CXCallDirectoryExtensionContext) {
        context.delegate = self
        guard let store = AppGroup.store else {
            return context.cancelRequest(withError: CocoaError(.fileNoSuchFile))
        }
        let loader = CallDirectoryLoader(store: store, fallbackBundle: AppGroup.defaultBundle)
        let log = ActivityLog(store: store)
        let load: CallDirectoryLoad
        do {
            load = try loader.load(into: CallKitContext(context),
                                   isCancelled: { self.cancelledNow },
                                   batchScope: { body in try autoreleasepool(invoking: body) })
        } catch {
            try? log.append(ActivityEntry(atUnix: Self.now(), kind: .callDirectoryLoad, sender: nil,
                                          action: "failed", detail: String(describing: type(of: error))))
            return context.cancelRequest(withError: error)
        }
        context.completeRequest { accepted in
            // Only a load iOS accepted becomes the base of the next incremental one.
            if accepted { try? loader.commit(load, atUnix: Self.now()) } else { try? loader.forgetLoaded() }
            try? log.append(ActivityEntry(atUnix: Self.now(), kind: .callDirectoryLoad, sender: nil,
                                          action: accepted ? load.kind.rawValue : "refused",
                                          detail: load.summary, bundleSequence: load.bundleSequence))
        }
    }

    /// Set by `requestFailed` on another thread, read by the loader between batches.
    private var cancelledNow: Bool {
        cancelled.lock(); defer { cancelled.unlock() }
        return isCancelled
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

extension CallDirectoryHandler: CXCallDirectoryExtensionContextDelegate {
    func requestFailed(for extensionContext: CXCallDirectoryExtensionContext, withError error: Error) {
        cancelled.lock(); isCancelled = true; cancelled.unlock()
        // iOS discarded the load; the next one starts from a full load.
        if let store = AppGroup.store {
            try? CallDirectoryLoader(store: store, fallbackBundle: AppGroup.defaultBundle).forgetLoaded()
        }
    }
}

/// Forwards the loader's calls to CallKit, one to one.
private final class CallKitContext: CallDirectoryContext {
    private let context: CXCallDirectoryExtensionContext
    init(_ context: CXCallDirectoryExtensionContext) { self.context = context }

    var isIncremental: Bool { context.isIncremental }
    func addBlockingEntry(_ number: Int64) { context.addBlockingEntry(withNextSequentialPhoneNumber: number) }
    func addIdentificationEntry(_ number: Int64, label: String) {
        context.addIdentificationEntry(withNextSequentialPhoneNumber: number, label: label)
    }
    func removeBlockingEntry(_ number: Int64) { context.removeBlockingEntry(withPhoneNumber: number) }
    func removeIdentificationEntry(_ number: Int64) { context.removeIdentificationEntry(withPhoneNumber: number) }
    func removeAllBlockingEntries() { context.removeAllBlockingEntries() }
    func removeAllIdentificationEntries() { context.removeAllIdentificationEntries() }
}
#endif
