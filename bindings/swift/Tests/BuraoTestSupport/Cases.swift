import Burao
import Foundation
import XCTest

/// One case of the shared corpus fixtures/cases/ (README.md there), decoded as
/// strictly as the Rust runner (core/tests/cases.rs) reads it: an unknown key, a
/// value of the wrong type, an empty `expect`, `error` with other expectations or
/// an unknown kind fails the load, so a typo cannot turn a case into a no-op. One
/// reader and one checker for the SDK's tests and the iOS demo's.
public struct Case: Decodable, CustomStringConvertible {
    public enum Kind: String, Decodable { case call, sms }

    /// The case file's name (`calls.json`), set by `Cases.load`.
    public internal(set) var file = ""
    public let name: String
    public let kind: Kind
    /// A call's number, a message's sender and body (`""` when absent).
    public let number: String, from: String, body: String
    public let isContact: Bool
    public let expect: Expect

    /// `calls.json: <name>`: how failures name the case (never its number or body).
    public var title: String { "\(file): \(name)" }
    public var description: String { title }

    static let keys: Set<String> = ["name", "kind", "number", "is_contact", "from", "body", "expect"]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CaseKey.self)
        try CaseKey.refuseUnknown(c, allowed: Self.keys, what: "case")
        name = try c.text("name") ?? ""
        let kind = try c.text("kind") ?? ""
        guard let k = Kind(rawValue: kind) else { throw CaseKey.problem(c, "unsupported case kind \"\(kind)\"") }
        self.kind = k
        number = try c.text("number") ?? ""
        from = try c.text("from") ?? ""
        body = try c.text("body") ?? ""
        isContact = try c.decodeIfPresent(Bool.self, forKey: CaseKey("is_contact")) ?? false
        if c.contains(CaseKey("is_contact")), try c.decodeNil(forKey: CaseKey("is_contact")) {
            throw CaseKey.problem(c, "`is_contact` must be a boolean")
        }
        guard c.contains(CaseKey("expect")) else { throw CaseKey.problem(c, "`expect` must be an object") }
        expect = try c.decode(Expect.self, forKey: CaseKey("expect"))
    }

    /// Screens this case on `screener`.
    public func screen(_ screener: Screener) throws -> Verdict {
        switch kind {
        case .call: return try screener.screenCall(number: number, isContact: isContact)
        case .sms: return try screener.screenSms(sender: from, body: body, isContact: isContact)
        }
    }
}

/// A case's `expect`. A key present is checked: `action`; `category`, `matched`,
/// `label` (JSON `null` = must be absent); `reasons` (codes that must appear in
/// this order, a subsequence); `reason_args` (`{"code": {"name": "value"}}`: the
/// first reason with that code carries each argument with that first value);
/// `error` instead: the call must fail with that kind.
public struct Expect: Decodable {
    public let error: String?
    public let action: String?
    /// The `category` / `matched` / `label` keys present, with their values (nil: must be absent).
    public let fields: [String: String?]
    public let reasons: [String]?
    public let reasonArgs: [String: [String: String]]?

    static let keys: Set<String> = ["action", "category", "matched", "label", "reasons", "reason_args", "error"]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CaseKey.self)
        try CaseKey.refuseUnknown(c, allowed: Self.keys, what: "expect")
        guard !c.allKeys.isEmpty else { throw CaseKey.problem(c, "`expect` checks nothing") }
        error = try c.text("error")
        if error != nil, c.allKeys.count > 1 { throw CaseKey.problem(c, "`error` cannot be combined with other expectations") }
        action = try c.text("action")
        var fields: [String: String?] = [:]
        for k in ["category", "matched", "label"] where c.contains(CaseKey(k)) {
            fields.updateValue(try c.decodeNil(forKey: CaseKey(k)) ? nil : c.decode(String.self, forKey: CaseKey(k)), forKey: k)
        }
        self.fields = fields
        reasons = try c.decodeIfPresent([String].self, forKey: CaseKey("reasons"))
        if c.contains(CaseKey("reason_args")) {
            let bad = "`reason_args` must be an object of non-empty objects of strings"
            guard let ra = try? c.decode([String: [String: String]].self, forKey: CaseKey("reason_args")),
                  !ra.isEmpty, ra.values.allSatisfy({ !$0.isEmpty })
            else { throw CaseKey.problem(c, bad) }
            reasonArgs = ra
        } else {
            reasonArgs = nil
        }
    }
}

/// Any JSON key, so unknown ones can be named and refused.
struct CaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    static func refuseUnknown(_ c: KeyedDecodingContainer<CaseKey>, allowed: Set<String>, what: String) throws {
        if let k = c.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            throw problem(c, "unknown \(what) key `\(k)`")
        }
    }

    static func problem(_ c: KeyedDecodingContainer<CaseKey>, _ why: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: c.codingPath, debugDescription: why))
    }
}

extension KeyedDecodingContainer where K == CaseKey {
    /// A string key: absent is nil, `null` or another type is an error.
    func text(_ key: String) throws -> String? {
        guard contains(CaseKey(key)) else { return nil }
        if try decodeNil(forKey: CaseKey(key)) { throw CaseKey.problem(self, "`\(key)` must be a string") }
        return try decode(String.self, forKey: CaseKey(key))
    }
}

public enum Cases {
    private struct File: Decodable {
        let description: String
        var cases: [Case]
    }

    /// Every case of every .json file of fixtures/cases, file by file; none found is an error.
    public static func all() throws -> [Case] {
        let dir = TestEnv.repo.appendingPathComponent("fixtures/cases")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !files.isEmpty else { throw CaseFileError(message: "no case files in \(dir.path)") }
        return try files.flatMap { try load(file: $0.lastPathComponent, data: Data(contentsOf: $0)) }
    }

    /// The cases of one case file; the error names the file, the place and what is wrong.
    public static func load(file: String, data: Data) throws -> [Case] {
        let doc: File
        do {
            doc = try JSONDecoder().decode(File.self, from: data)
        } catch let e as DecodingError {
            throw CaseFileError(message: "\(file): \(describe(e))")
        }
        guard !doc.cases.isEmpty else { throw CaseFileError(message: "\(file): no cases") }
        return doc.cases.map { var c = $0; c.file = file; return c }
    }

    /// One case object, for the checker's own tests.
    public static func parse(_ json: String) throws -> Case {
        do {
            return try JSONDecoder().decode(Case.self, from: Data(json.utf8))
        } catch let e as DecodingError {
            throw CaseFileError(message: describe(e))
        }
    }

    private static func describe(_ e: DecodingError) -> String {
        let (path, why): ([CodingKey], String)
        switch e {
        case .dataCorrupted(let c): (path, why) = (c.codingPath, c.debugDescription)
        case .keyNotFound(let k, let c): (path, why) = (c.codingPath, "missing `\(k.stringValue)`")
        case .typeMismatch(_, let c), .valueNotFound(_, let c): (path, why) = (c.codingPath, c.debugDescription)
        @unknown default: (path, why) = ([], "\(e)")
        }
        let at = path.map { $0.intValue.map { "case \($0)" } ?? $0.stringValue }.joined(separator: " ")
        return at.isEmpty ? why : "\(at): \(why)"
    }

    /// `listEntry` -> `list_entry`: the snake-case names the fixtures use.
    public static func snake<T>(_ value: T) -> String {
        String(describing: value).reduce(into: "") { out, ch in
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
    }

    /// The error kinds of the case format.
    public static func errorKind(_ error: Error) -> String {
        switch error {
        case BuraoError.InvalidNumber: return "number"
        case BuraoError.InvalidBundle: return "bundle"
        case BuraoError.InvalidInput: return "input"
        case BuraoError.State: return "state"
        case BuraoError.Internal: return "internal"
        default: return "unexpected \(type(of: error))"
        }
    }

    /// What is wrong with `verdict` for `expect`; empty when every expectation holds.
    public static func mismatches(_ expect: Expect, _ verdict: Verdict) -> [String] {
        if let e = expect.error { return ["expected a \(e) error, got a verdict (\(snake(verdict.action)))"] }
        var wrong: [String] = []
        if let a = expect.action, a != snake(verdict.action) { wrong.append("action: expected \(a), got \(snake(verdict.action))") }
        let got: [String: String?] = [
            "category": verdict.category.map { snake($0) }, "matched": verdict.matched, "label": verdict.label,
        ]
        for (key, want) in expect.fields.sorted(by: { $0.key < $1.key }) {
            let have = got[key] ?? nil
            if want != have { wrong.append("\(key): expected \(want ?? "null"), got \(have ?? "null")") }
        }
        if let want = expect.reasons {
            let codes = verdict.reasons.map { snake($0.code) }
            var at = 0
            for code in codes where at < want.count && code == want[at] { at += 1 }
            if at != want.count { wrong.append("reasons: expected \(want) in this order, got \(codes)") }
        }
        for (code, args) in (expect.reasonArgs ?? [:]).sorted(by: { $0.key < $1.key }) {
            let reason = verdict.reasons.first { snake($0.code) == code }
            for (name, value) in args.sorted(by: { $0.key < $1.key }) {
                let got = reason?.args.first { $0.name == name }?.value
                if got != value { wrong.append("reason_args: \(code).\(name): expected \(value), got \(got ?? "null")") }
            }
        }
        return wrong
    }

    /// Screens `c` (by default on a fresh default screener: the engine remembers
    /// calls, cases must not see each other); the verdict, or nil for an error, and
    /// what is wrong (empty when the case holds).
    public static func outcome(_ c: Case, screen: ((Case) throws -> Verdict)? = nil) -> (Verdict?, [String]) {
        do {
            let verdict = try screen.map { try $0(c) } ?? c.screen(Screener())
            return (verdict, mismatches(c.expect, verdict))
        } catch {
            let kind = errorKind(error)
            guard let want = c.expect.error else { return (nil, ["unexpected \(kind) error: \(error)"]) }
            return (nil, want == kind ? [] : ["expected a \(want) error, got \(kind): \(error)"])
        }
    }

    /// `outcome`, with every problem an XCTest failure at the caller's line; the verdict, or nil for an error.
    @discardableResult
    public static func check(_ c: Case, screen: ((Case) throws -> Verdict)? = nil,
                             file: StaticString = #filePath, line: UInt = #line) -> Verdict? {
        let (verdict, wrong) = outcome(c, screen: screen)
        for w in wrong { XCTFail("\(c.title): \(w)", file: file, line: line) }
        return verdict
    }
}

/// A case file or case that does not follow the format.
public struct CaseFileError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
