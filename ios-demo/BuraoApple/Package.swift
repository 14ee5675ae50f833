// swift-tools-version:5.9
// Burao for Apple platforms: libburao as an XCFramework (binaryTarget) plus the
// generated Swift. Both are made by ../scripts/build-xcframework.sh on a Mac and
// not committed; this manifest does nothing until that script has run.
import PackageDescription

let package = Package(
    name: "BuraoApple",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [.library(name: "Burao", targets: ["Burao"])],
    targets: [
        // libburao.a per platform, with BuraoFFI.h and its module map.
        .binaryTarget(name: "BuraoFFI", path: "BuraoFFI.xcframework"),
        // Burao.swift (generated) and Screener+Files.swift (from bindings/swift).
        .target(name: "Burao", dependencies: ["BuraoFFI"], path: "Sources/Burao"),
    ]
)
