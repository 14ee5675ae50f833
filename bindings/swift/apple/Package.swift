// swift-tools-version:5.9
// Burao for Apple apps: the static libburao in BuraoFFI.xcframework (iOS devices,
// the iOS simulator, macOS) and the generated Swift. Everything this package needs
// is produced by ../build-xcframework.sh on a Mac; none of it is committed. For a
// release, replace `path:` with `url:` and the checksum the script prints.
import PackageDescription

let package = Package(
    name: "Burao",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [.library(name: "Burao", targets: ["Burao"])],
    targets: [
        .binaryTarget(name: "BuraoFFI", path: "BuraoFFI.xcframework"),
        .target(name: "Burao", dependencies: ["BuraoFFI"], path: "Sources/Burao"),
    ]
)
