import Foundation

extension Screener {
    /// A screener over a bundle file (as written by `burao build`), e.g. one
    /// downloaded into the app group container.
    public static func fromBundle(contentsOf url: URL) throws -> Screener {
        try fromBundle(bytes: Data(contentsOf: url))
    }

    /// Swaps in the bundle at `url`; a bad one is refused and the old one keeps serving.
    @discardableResult
    public func replaceBundle(contentsOf url: URL) throws -> BundleInfo {
        try replaceBundle(bytes: Data(contentsOf: url))
    }
}
