@testable import BuraoDemoKit
import Foundation

/// Behaves as `CXCallDirectoryExtensionContext` is documented to: within one
/// request, additions of each kind in strictly ascending order; and, stricter
/// than iOS reports it, no duplicate additions and no removal of a missing entry.
/// Every breach is recorded, so a test fails on the first one it looks at.
final class FakeCallDirectory: CallDirectoryContext {
    let isIncremental: Bool
    private(set) var blocking: Set<Int64>
    private(set) var labels: [Int64: String]
    private(set) var breaches: [String] = []
    private(set) var removeAllCalls = 0
    private(set) var removals = 0
    private var lastBlock: Int64?
    private var lastIdentify: Int64?

    /// A directory holding `holding` (what iOS kept from the previous load).
    init(isIncremental: Bool, holding: FakeCallDirectory? = nil) {
        self.isIncremental = isIncremental
        blocking = holding?.blocking ?? []
        labels = holding?.labels ?? [:]
    }

    func addBlockingEntry(_ number: Int64) {
        if let last = lastBlock, number <= last { breaches.append("blocking entry out of order after \(last)") }
        if !blocking.insert(number).inserted { breaches.append("duplicate blocking entry") }
        lastBlock = number
    }

    func addIdentificationEntry(_ number: Int64, label: String) {
        if let last = lastIdentify, number <= last { breaches.append("identification entry out of order after \(last)") }
        if label.isEmpty { breaches.append("empty label") }
        if labels.updateValue(label, forKey: number) != nil { breaches.append("duplicate identification entry") }
        lastIdentify = number
    }

    func removeBlockingEntry(_ number: Int64) {
        removals += 1
        if blocking.remove(number) == nil { breaches.append("removed a blocking entry that was not there") }
    }

    func removeIdentificationEntry(_ number: Int64) {
        removals += 1
        if labels.removeValue(forKey: number) == nil { breaches.append("removed an identification entry that was not there") }
    }

    func removeAllBlockingEntries() { removeAllCalls += 1; blocking.removeAll() }
    func removeAllIdentificationEntries() { removeAllCalls += 1; labels.removeAll() }
}
