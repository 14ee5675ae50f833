import Burao
@testable import BuraoDemoKit
import BuraoTestSupport
import XCTest

final class CallDirectoryTests: StoreTestCase {
    private let scamRing = Int64(8613800138000)...Int64(8613800138099)
    private let dentist: Int64 = 8613800138055
    private let courier: Int64 = 8613800138066
    private let estateV1 = Int64(8619900000000)...Int64(8619900009999)
    private let estateV2 = Int64(8619900010000)...Int64(8619900019999)
    private let loanV2 = Int64(8613700013700)...Int64(8613700013709)
    private let icbc: Int64 = 8695588

    private func loader(budget: Int64 = 2_000_000, batch: Int32 = 1_000,
                        fallback: @escaping () throws -> Data = { XCTFail("fallback bundle used"); return Data() }) -> CallDirectoryLoader {
        CallDirectoryLoader(store: store, budget: budget, batchSize: batch, fallbackBundle: fallback)
    }

    /// A full load of demo-vN into an empty directory, from a store of its own.
    private func fullLoad(of version: Int) throws -> FakeCallDirectory {
        let other = AppGroupStore(container: container.appendingPathComponent("fresh-\(UUID().uuidString)"))
        try other.write(TestEnv.demoBundle(version), to: other.bundleURL)
        let ctx = FakeCallDirectory(isIncremental: false)
        _ = try CallDirectoryLoader(store: other, batchSize: 1_000, fallbackBundle: { Data() }).load(into: ctx)
        XCTAssertEqual(ctx.breaches, [])
        return ctx
    }

    func testFullLoadIsAscendingWithHolesAndLabels() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        let ctx = FakeCallDirectory(isIncremental: false)
        var scopes = 0
        let load = try loader().load(into: ctx, batchScope: { scopes += 1; try $0() })

        XCTAssertEqual(ctx.breaches, [])
        XCTAssertEqual(load.kind, .full)
        XCTAssertEqual(ctx.removeAllCalls, 0, "a non-incremental context starts empty")
        XCTAssertEqual(ctx.blocking, Set(scamRing).subtracting([dentist]), "the dentist is a hole in the ring")
        XCTAssertEqual(ctx.labels[icbc], "ICBC")
        // Silenced ranges are identified, never blocked: CallKit cannot ring silently.
        XCTAssertEqual(Set(ctx.labels.keys), Set(estateV1).union([icbc]))
        XCTAssertTrue(estateV1.allSatisfy { ctx.labels[$0] == "demo estate range" })
        XCTAssertTrue(ctx.blocking.isDisjoint(with: estateV1))
        XCTAssertEqual(load.added, 99)
        XCTAssertEqual(load.identified, 10_001)
        XCTAssertEqual(load.removed, 0)
        XCTAssertEqual(load.batches, 11, "10,100 entries in batches of 1,000")
        XCTAssertEqual(scopes, load.batches, "each batch runs in its own scope (autoreleasepool on iOS)")
        XCTAssertEqual(load.bundleSequence, 1)
        XCTAssertEqual(load.report.blockNumbers, 99)
        XCTAssertEqual(load.report.overBudgetPatterns, 0)
    }

    func testIncrementalLoadTurnsTheOldDirectoryIntoTheNewOne() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        let first = FakeCallDirectory(isIncremental: false)
        try loader().commit(loader().load(into: first), atUnix: 100)
        XCTAssertEqual(first.breaches, [])

        try store.write(TestEnv.demoBundle(2), to: store.bundleURL)
        let second = FakeCallDirectory(isIncremental: true, holding: first)
        let load = try loader().load(into: second)
        XCTAssertEqual(second.breaches, [])
        XCTAssertEqual(load.kind, .incremental)
        XCTAssertEqual(second.removeAllCalls, 0)

        let want = try fullLoad(of: 2)
        XCTAssertEqual(second.blocking, want.blocking)
        XCTAssertEqual(second.labels, want.labels)
        XCTAssertFalse(second.blocking.contains(courier), "the new hole was removed")
        XCTAssertTrue(second.blocking.isSuperset(of: loanV2))
        XCTAssertEqual(second.labels[icbc], "ICBC (工商银行)", "a changed label is removed and added again")
        // Only the changes travel: the unchanged ring is not sent again.
        XCTAssertEqual(load.added, 10)
        XCTAssertEqual(load.removed, 1 + 10_000 + 1)
        XCTAssertEqual(load.identified, 10_000 + 1)
        XCTAssertEqual(second.removals, load.removed)

        try loader().commit(load, atUnix: 200)
        let manifest = try JSONDecoder().decode(LoadedManifest.self, from: XCTUnwrap(store.read(store.loadedManifestURL)))
        XCTAssertEqual(manifest, LoadedManifest(budget: 2_000_000, bundleSequence: 2,
                                                bundleSize: Int64(try TestEnv.demoBundle(2).count), loadedUnix: 200))
        XCTAssertEqual(try store.read(store.loadedBundleURL), try TestEnv.demoBundle(2))
    }

    func testAnUncommittedLoadIsNotTheBaseOfTheNextOne() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        let first = FakeCallDirectory(isIncremental: false)
        try loader().commit(loader().load(into: first), atUnix: 1)
        try store.write(TestEnv.demoBundle(2), to: store.bundleURL)
        // iOS refused this one (no commit): it still holds the first load.
        _ = try loader().load(into: FakeCallDirectory(isIncremental: true, holding: first))
        let retry = FakeCallDirectory(isIncremental: true, holding: first)
        let load = try loader().load(into: retry)
        XCTAssertEqual(load.kind, .incremental)
        XCTAssertEqual(retry.breaches, [])
        XCTAssertEqual(retry.blocking, try fullLoad(of: 2).blocking)
    }

    func testIncrementalContextWithoutABaseStartsOver() throws {
        try store.write(TestEnv.demoBundle(2), to: store.bundleURL)
        let stale = try fullLoad(of: 1)  // what iOS holds, unknown to us
        let ctx = FakeCallDirectory(isIncremental: true, holding: stale)
        let load = try loader().load(into: ctx)
        XCTAssertEqual(load.kind, .full)
        XCTAssertEqual(ctx.removeAllCalls, 2, "blocking and identification are both cleared first")
        XCTAssertEqual(ctx.breaches, [])
        XCTAssertEqual(ctx.labels, try fullLoad(of: 2).labels)
    }

    func testNonIncrementalContextGetsAFullLoadEvenWithABase() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        try loader().commit(loader().load(into: FakeCallDirectory(isIncremental: false)), atUnix: 1)
        try store.write(TestEnv.demoBundle(2), to: store.bundleURL)
        let ctx = FakeCallDirectory(isIncremental: false)
        let load = try loader().load(into: ctx)
        XCTAssertEqual(load.kind, .full)
        XCTAssertEqual(ctx.removeAllCalls, 0)
        XCTAssertEqual(ctx.blocking, try fullLoad(of: 2).blocking)
    }

    func testAChangedBudgetForcesAFullLoad() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        let first = FakeCallDirectory(isIncremental: false)
        try loader().commit(loader().load(into: first), atUnix: 1)
        let ctx = FakeCallDirectory(isIncremental: true, holding: first)
        let load = try loader(budget: 5_000).load(into: ctx)
        XCTAssertEqual(load.kind, .full)
        XCTAssertEqual(ctx.breaches, [])
        // 10,000 estate numbers do not fit 5,000: left out whole and reported, not cut.
        XCTAssertEqual(load.report.overBudgetPatterns, 1)
        XCTAssertEqual(load.report.overBudgetNumbers, 10_000)
        XCTAssertTrue(ctx.labels.keys.allSatisfy { !estateV1.contains($0) })
        XCTAssertTrue(load.summary.contains("over the budget"))
    }

    func testDamagedManifestOrBaseMeansFullLoad() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        let first = FakeCallDirectory(isIncremental: false)
        try loader().commit(loader().load(into: first), atUnix: 1)
        try store.write(Data("{not json".utf8), to: store.loadedManifestURL)
        XCTAssertEqual(try loader().load(into: FakeCallDirectory(isIncremental: true, holding: first)).kind, .full)

        try loader().commit(loader().load(into: FakeCallDirectory(isIncremental: false)), atUnix: 2)
        try store.write(TestEnv.demoBundle(2), to: store.loadedBundleURL)  // size no longer matches
        XCTAssertEqual(try loader().load(into: FakeCallDirectory(isIncremental: true, holding: first)).kind, .full)

        // Same size, damaged bytes: only the exporter can tell, and a full load follows.
        try loader().commit(loader().load(into: FakeCallDirectory(isIncremental: false)), atUnix: 3)
        var damaged = try TestEnv.demoBundle(1)
        damaged[damaged.count / 2] ^= 0x5a
        try store.write(damaged, to: store.loadedBundleURL)
        let ctx = FakeCallDirectory(isIncremental: true, holding: first)
        XCTAssertEqual(try loader().load(into: ctx).kind, .full)
        XCTAssertEqual(ctx.breaches, [])
        XCTAssertEqual(ctx.labels, try fullLoad(of: 1).labels)

        try loader().forgetLoaded()
        XCTAssertNil(try store.read(store.loadedBundleURL))
        XCTAssertEqual(try loader().load(into: FakeCallDirectory(isIncremental: true, holding: first)).kind, .full)
    }

    func testCancellationStopsBetweenBatches() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        let ctx = FakeCallDirectory(isIncremental: false)
        var polls = 0
        XCTAssertThrowsError(try loader().load(into: ctx, isCancelled: { polls += 1; return polls > 3 })) {
            XCTAssertEqual($0 as? CallDirectoryLoadError, .cancelled)
        }
        XCTAssertEqual(ctx.blocking.count + ctx.labels.count, 3_000, "three batches went in before the cancel")
    }

    func testWithoutAnImportedBundleTheFallbackIsLoaded() throws {
        let ctx = FakeCallDirectory(isIncremental: false)
        let load = try loader(fallback: { try TestEnv.demoBundle(2) }).load(into: ctx)
        XCTAssertEqual(load.bundleSequence, 2)
        XCTAssertEqual(ctx.blocking, try fullLoad(of: 2).blocking)
    }

    func testACorruptBundleFailsTheRequestAndLeavesTheBaseAlone() throws {
        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        try loader().commit(loader().load(into: FakeCallDirectory(isIncremental: false)), atUnix: 1)
        var bad = try TestEnv.demoBundle(2)
        bad[bad.count / 2] ^= 0x5a
        try store.write(bad, to: store.bundleURL)
        XCTAssertThrowsError(try loader().load(into: FakeCallDirectory(isIncremental: true))) { error in
            guard case BuraoError.InvalidBundle = error else { return XCTFail("expected InvalidBundle, got \(error)") }
        }
        XCTAssertEqual(try store.read(store.loadedBundleURL), try TestEnv.demoBundle(1))
    }

    /// Every number the directory holds for demo-v2, and the numbers just outside
    /// each range, screened one by one: blocked exactly when the screener blocks,
    /// identified with the verdict's label, never blocked when silenced.
    func testTheDirectoryAgreesWithTheScreenerNumberByNumber() throws {
        let dir = try fullLoad(of: 2)
        let screener = try Screener.fromBundle(bytes: TestEnv.demoBundle(2))
        var numbers = dir.blocking.union(dir.labels.keys)
        for r in [scamRing, loanV2, estateV2] { numbers.formUnion([r.lowerBound - 1, r.upperBound + 1]) }
        numbers.formUnion([dentist, courier, icbc - 1, icbc + 1])
        for n in numbers {
            let v = try screener.screenCall(number: "+\(n)", isContact: false)
            XCTAssertEqual(dir.blocking.contains(n), v.action == .block, "\(n): \(v.action)")
            if let label = dir.labels[n] {
                XCTAssertEqual(label, v.label, "\(n)")
                XCTAssertTrue(v.action == .silence || v.action == .allow, "\(n): \(v.action)")
            } else {
                XCTAssertNotEqual(v.action, .silence, "\(n): a silenced number must be identified")
            }
        }
        XCTAssertGreaterThan(numbers.count, 10_000)
    }

    /// The default bundle's Call Directory never contradicts the screener on the
    /// shared call cases: nothing blocked that the screener lets ring, labels as
    /// the verdict names them.
    func testFixtureCallCasesAgreeWithTheDefaultDirectory() throws {
        let ctx = FakeCallDirectory(isIncremental: false)
        let load = try loader(batch: 5_000, fallback: TestEnv.defaultBundle).load(into: ctx)
        XCTAssertEqual(ctx.breaches, [])
        let screener = Screener()
        var inDirectory = 0, calls = 0
        for c in try Cases.all() where c.kind == .call {
            let name = c.title, number = c.number, isContact = c.isContact
            guard c.expect.error == nil else {
                XCTAssertThrowsError(try c.screen(screener), name)
                Cases.check(c) { try $0.screen(screener) }
                continue
            }
            calls += 1
            let verdict = try c.screen(screener)
            Cases.check(c) { _ in verdict }
            // CallKit knows nothing of contacts, and iOS lets contacts ring anyway.
            guard !isContact, let e164 = cnE164(number) else { continue }
            if ctx.blocking.contains(e164) {
                inDirectory += 1
                XCTAssertEqual(verdict.action, .block, "\(name): blocked in the directory only if the screener blocks")
            }
            if let label = ctx.labels[e164] {
                inDirectory += 1
                XCTAssertNotEqual(verdict.action, .block, "\(name)")
                if let l = verdict.label { XCTAssertEqual(label, l, "\(name): label") }
            }
            if verdict.action == .block, verdict.reasons.first?.code == .listEntry, load.report.overBudgetPatterns == 0 {
                XCTAssertTrue(ctx.blocking.contains(e164), "\(name): a listed block must be in the directory")
            }
        }
        print("call cases: \(calls), found in the default directory: \(inDirectory); \(load.summary)")
        XCTAssertGreaterThan(calls, 0, "no call cases under fixtures/cases")
        XCTAssertGreaterThan(inDirectory, 0, "no call case reached the directory: the check would be empty")
    }

    /// E.164 digits of a Chinese number as the fixtures write them (test-only: the
    /// engine's own normaliser is not exported, and the cases are all +86 or national).
    private func cnE164(_ number: String) -> Int64? {
        let digits = number.filter(\.isNumber)
        guard !digits.isEmpty, digits.count == number.filter({ !" -()".contains($0) }).count - (number.hasPrefix("+") ? 1 : 0)
        else { return nil }
        if number.hasPrefix("+") { return Int64(digits) }
        return Int64("86" + (digits.hasPrefix("0") ? String(digits.dropFirst()) : digits))
    }
}
