import BuraoTestSupport
import Foundation

/// This suite's own inputs from bindings/swift/test.sh, beside the shared ones of `TestEnv`.
extension TestEnv {
    /// Built by `burao build` from fixtures/lists/bindings-test.csv (name burao-test, sequence 7).
    static var testBundleURL: URL { path("BURAO_TEST_BUNDLE") }

    /// `burao diff` from the default bundle to the test bundle (made by test.sh).
    static var testPatchURL: URL { path("BURAO_TEST_PATCH") }
}
