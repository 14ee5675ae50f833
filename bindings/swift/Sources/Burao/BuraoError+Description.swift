import Foundation

// UniFFI 0.32 names `BuraoError`'s cases in UpperCamel (`.InvalidBundle(message:)`)
// and cannot be told otherwise. This extension adds the Swift-style face: a
// lower-camel `kind`, `catch BuraoError.invalidBundle { … }`, the sentence as
// `reason`, and readable `description` / `localizedDescription`.

extension BuraoError {
    /// What kind of error it is, in Swift's naming.
    public enum Kind: String, CaseIterable, Sendable {
        /// The phone number could not be read.
        case invalidNumber
        /// A bundle was refused; the old one keeps serving.
        case invalidBundle
        /// Another argument is wrong: a region, a rule document, a time in milliseconds.
        case invalidInput
        /// The saved user state could not be read or written.
        case state
        /// A bug in Burao; please report it.
        case `internal`
    }

    /// The kind of this error.
    public var kind: Kind {
        switch self {
        case .InvalidNumber: return .invalidNumber
        case .InvalidBundle: return .invalidBundle
        case .InvalidInput: return .invalidInput
        case .State: return .state
        case .Internal: return .internal
        }
    }

    /// The sentence that says what went wrong. It never contains the phone
    /// number or message that was screened.
    public var reason: String {
        switch self {
        case .InvalidNumber(let m), .InvalidBundle(let m), .InvalidInput(let m), .State(let m),
             .Internal(let m):
            return m
        }
    }

    /// For `catch BuraoError.invalidNumber { … }`.
    public static let invalidNumber = Kind.invalidNumber
    /// For `catch BuraoError.invalidBundle { … }`.
    public static let invalidBundle = Kind.invalidBundle
    /// For `catch BuraoError.invalidInput { … }`.
    public static let invalidInput = Kind.invalidInput
    /// For `catch BuraoError.state { … }`.
    public static let state = Kind.state
    /// For `catch BuraoError.internal { … }`.
    public static let `internal` = Kind.internal
}

/// Matches an error against a kind: `catch BuraoError.invalidBundle`, `case BuraoError.state:`.
public func ~= (kind: BuraoError.Kind, error: any Error) -> Bool {
    (error as? BuraoError)?.kind == kind
}

extension BuraoError.Kind {
    /// Words for people ("invalid bundle").
    public var words: String {
        switch self {
        case .invalidNumber: return "invalid number"
        case .invalidBundle: return "invalid bundle"
        case .invalidInput: return "invalid input"
        case .state: return "user state"
        case .internal: return "internal error"
        }
    }
}

extension BuraoError: CustomStringConvertible {
    /// "invalid bundle: checksum mismatch".
    public var description: String { "\(kind.words): \(reason)" }
}

extension BuraoError: LocalizedError {
    /// The same as `description`, so `localizedDescription` reads as a sentence.
    public var errorDescription: String? { description }
}
