// swift-tools-version:5.9
// Every decision of the demo app and its two extensions, with no Apple-only import,
// so that it builds and is tested on Linux (`../test.sh`) against the real libburao.
// The Xcode project (../project.yml) compiles these same sources into a framework.
import PackageDescription

let package = Package(
    name: "BuraoDemoKit",
    products: [.library(name: "BuraoDemoKit", targets: ["BuraoDemoKit"])],
    dependencies: [.package(name: "Burao", path: "../../bindings/swift")],
    targets: [
        .target(name: "BuraoDemoKit", dependencies: [.product(name: "Burao", package: "Burao")]),
        .testTarget(name: "BuraoDemoKitTests", dependencies: [
            "BuraoDemoKit", .product(name: "BuraoTestSupport", package: "Burao"),
        ]),
    ]
)
