import Burao
import Foundation

/// A JSON value, so that rules the app cannot edit (regexes, time windows) survive
/// an edit of the ones it can.
public enum JSONValue: Codable, Equatable, Sendable {
    case string(String), int(Int64), double(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int64.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .double(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        case .null: try c.encodeNil()
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// The user's rule document as the app edits it: the allow list is the rules
/// with action `allow` and a number; the other rules are listed as they are.
/// The engine checks every edit (`apply`); a refused document changes nothing.
public struct RulesDocument: Equatable, Sendable {
    public typealias Rule = [String: JSONValue]
    public var schema: Int64
    public var rules: [Rule]

    public init(json: String) throws {
        if json.allSatisfy(\.isWhitespace) {
            self.schema = 1
            self.rules = []
            return
        }
        let root = try JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8))
        guard case .int(let schema)? = root["schema"] else { throw CocoaError(.coderReadCorrupt) }
        self.schema = schema
        if case .array(let list)? = root["rules"] {
            rules = try list.map { v -> Rule in
                guard case .object(let o) = v else { throw CocoaError(.coderReadCorrupt) }
                return o
            }
        } else {
            rules = []
        }
    }

    /// The screener's rules in force.
    public init(screener: Screener) throws {
        try self.init(json: screener.rulesJson())
    }

    public var json: String {
        let root: [String: JSONValue] = ["schema": .int(schema), "rules": .array(rules.map(JSONValue.object))]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a tree of JSONValue cannot fail.
        return String(decoding: try! encoder.encode(root), as: UTF8.self)
    }

    /// One entry of the allow list: a number (or `*` pattern) that always rings.
    public struct AllowEntry: Equatable, Identifiable, Sendable {
        public var id: String
        public var number: String
        public var note: String?
    }

    /// The allow list, in document order.
    public var allowList: [AllowEntry] {
        rules.compactMap { r in
            guard r["action"]?.string == "allow", let n = r["number"]?.string, let id = r["id"]?.string else { return nil }
            return AllowEntry(id: id, number: n, note: r["note"]?.string)
        }
    }

    /// Adds a rule; its id is made up, so no number ends up in rule ids (they appear in reasons).
    @discardableResult
    public mutating func add(action: String, number: String? = nil, keywords: [String]? = nil,
                             category: String? = nil, note: String? = nil) -> String {
        let used = Set(rules.compactMap { $0["id"]?.string })
        var n = rules.count + 1
        while used.contains("\(action)-\(n)") { n += 1 }
        let id = "\(action)-\(n)"
        var rule: Rule = ["id": .string(id), "action": .string(action)]
        if let number { rule["number"] = .string(number) }
        if let keywords { rule["keywords"] = .array(keywords.map(JSONValue.string)) }
        if let category { rule["category"] = .string(category) }
        if let note { rule["note"] = .string(note) }
        rules.append(rule)
        return id
    }

    /// Removes the rule with `id`; false if there is none.
    @discardableResult
    public mutating func remove(id: String) -> Bool {
        let before = rules.count
        rules.removeAll { $0["id"]?.string == id }
        return rules.count != before
    }

    /// Puts the document in force; returns the number of rules. Throws, changing
    /// nothing, when the engine refuses it (the error says which rule and why).
    @discardableResult
    public func apply(to screener: Screener) throws -> Int32 {
        try screener.setRules(json: json)
    }
}
