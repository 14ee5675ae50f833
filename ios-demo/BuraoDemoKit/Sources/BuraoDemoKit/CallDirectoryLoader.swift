import Burao
import Foundation

/// The calls a Call Directory extension makes on `CXCallDirectoryExtensionContext`.
/// The CallKit adapter forwards each one; tests record and check them.
public protocol CallDirectoryContext: AnyObject {
    /// True when iOS kept the previous load and accepts changes to it.
    var isIncremental: Bool { get }
    func addBlockingEntry(_ number: Int64)
    func addIdentificationEntry(_ number: Int64, label: String)
    func removeBlockingEntry(_ number: Int64)
    func removeIdentificationEntry(_ number: Int64)
    func removeAllBlockingEntries()
    func removeAllIdentificationEntries()
}

/// How the numbers in iOS were last loaded: an incremental load is only sound
/// against the bundle, and the budget, of the load it changes.
public struct LoadedManifest: Codable, Equatable, Sendable {
    public var budget: Int64
    public var bundleSequence: Int64
    public var bundleSize: Int64
    public var loadedUnix: Int64
}

/// What one load did, to report in the app and to commit once iOS accepted it.
public struct CallDirectoryLoad: Sendable {
    public enum Kind: String, Sendable { case full, incremental }
    public var kind: Kind
    public var batches = 0
    public var added = 0
    public var identified = 0
    public var removed = 0
    /// The exporter's report: counts, and what did not fit the budget.
    public var report: CallKitReport
    /// The bundle that iOS will hold once the request completes.
    public var bundle: Data
    public var bundleSequence: Int64
    public var budget: Int64

    /// One line for the activity log; numbers never appear, only counts.
    public var summary: String {
        var s = "\(kind.rawValue): +\(added) blocked, +\(identified) identified, -\(removed) removed in \(batches) batches"
        if report.overBudgetPatterns > 0 {
            s += "; \(report.overBudgetPatterns) patterns (\(report.overBudgetNumbers) numbers) over the budget"
        }
        return s
    }
}

public enum CallDirectoryLoadError: Error, Equatable {
    /// The request was cancelled (`requestFailed`) between two batches.
    case cancelled
}

/// Feeds the Call Directory from the bundle in the app group, batch by batch:
/// incrementally against the last accepted load when iOS allows it and that load
/// used the same budget, in full otherwise. Memory is one batch at a time.
public struct CallDirectoryLoader {
    public let store: AppGroupStore
    public let budget: Int64
    public let batchSize: Int32
    /// The bundle to load when the app never imported one (the app's copy of the default).
    public let fallbackBundle: () throws -> Data

    public init(store: AppGroupStore, budget: Int64 = 2_000_000, batchSize: Int32 = 5_000,
                fallbackBundle: @escaping () throws -> Data) {
        self.store = store
        self.budget = budget
        self.batchSize = batchSize
        self.fallbackBundle = fallbackBundle
    }

    /// The bytes of the last accepted load, if an incremental load against them is sound.
    func previousForIncremental() -> Data? {
        guard let manifestData = try? store.read(store.loadedManifestURL),
              let manifest = try? JSONDecoder().decode(LoadedManifest.self, from: manifestData),
              manifest.budget == budget,
              let previous = try? store.read(store.loadedBundleURL),
              Int64(previous.count) == manifest.bundleSize else { return nil }
        return previous
    }

    /// Streams the export into `context`. `batchScope` wraps each batch (the
    /// CallKit adapter passes `autoreleasepool`); `isCancelled` is polled between batches.
    public func load(into context: CallDirectoryContext,
                     isCancelled: () -> Bool = { false },
                     batchScope: (() throws -> Void) throws -> Void = { try $0() }) throws -> CallDirectoryLoad {
        let bundle = try store.read(store.bundleURL) ?? fallbackBundle()
        let previous = context.isIncremental ? previousForIncremental() : nil
        // Read before the exporter exists, so two decoded copies never live at once.
        let sequence = try Screener.fromBundle(bytes: bundle).bundleInfo().metadata.sequence
        let exporter: CallKitExporter
        do {
            exporter = try CallKitExporter(bundle: bundle, previous: previous, budget: budget, batchSize: batchSize)
        } catch BuraoError.InvalidBundle where previous != nil {
            // The current bundle was just read fine, so the base is what is damaged:
            // load in full rather than fail every load from now on.
            exporter = try CallKitExporter(bundle: bundle, previous: nil, budget: budget, batchSize: batchSize)
        }
        var load = CallDirectoryLoad(kind: exporter.isIncremental() ? .incremental : .full,
                                     report: exporter.report(), bundle: bundle,
                                     bundleSequence: sequence, budget: budget)
        if load.kind == .full && context.isIncremental {
            // iOS still holds the old entries but we cannot say what changed: start over.
            context.removeAllBlockingEntries()
            context.removeAllIdentificationEntries()
        }
        var cursor: String? = nil
        repeat {
            if isCancelled() { throw CallDirectoryLoadError.cancelled }
            try batchScope {
                let batch = try exporter.nextBatch(cursor: cursor)
                // Removals first: a number whose label changed is removed, then added again.
                batch.removeBlock.forEach(context.removeBlockingEntry)
                batch.removeIdentify.forEach(context.removeIdentificationEntry)
                batch.block.forEach(context.addBlockingEntry)
                for entry in batch.identify { context.addIdentificationEntry(entry.number, label: entry.label) }
                load.batches += 1
                load.added += batch.block.count
                load.identified += batch.identify.count
                load.removed += batch.removeBlock.count + batch.removeIdentify.count
                cursor = batch.nextCursor
            }
        } while cursor != nil
        return load
    }

    /// Records `load` as what iOS holds. Call only after iOS accepted the request
    /// (`completeRequest`'s handler reported success): a refused load must not
    /// become the base of the next incremental one.
    public func commit(_ load: CallDirectoryLoad, atUnix: Int64) throws {
        let manifest = LoadedManifest(budget: load.budget, bundleSequence: load.bundleSequence,
                                      bundleSize: Int64(load.bundle.count), loadedUnix: atUnix)
        // Without a manifest the next load is full, so an interrupted commit costs
        // a full load, never an incremental one against the wrong base.
        try store.remove(store.loadedManifestURL)
        try store.write(load.bundle, to: store.loadedBundleURL)
        try store.write(JSONEncoder().encode(manifest), to: store.loadedManifestURL)
    }

    /// Forgets the last load, so the next one is full (e.g. after iOS reported an error).
    public func forgetLoaded() throws {
        try store.remove(store.loadedManifestURL)
        try store.remove(store.loadedBundleURL)
    }
}
