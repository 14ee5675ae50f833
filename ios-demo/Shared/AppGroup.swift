import BuraoDemoKit
import Foundation

/// The app group the app and both extensions share (project.yml's entitlements).
enum AppGroup {
    static let identifier = "group.org.burao.demo"
    /// Bundle identifier of the Call Directory extension, for CXCallDirectoryManager.
    static let callDirectoryExtension = "org.burao.demo.CallDirectory"

    /// Nil only when the entitlement is missing: a build mistake, shown in the app.
    static var store: AppGroupStore? {
        FileManager.default.containerURL(forSecurityApplicationGroupIdentifier: identifier)
            .map(AppGroupStore.init(container:))
    }

    /// The default bundle copied into each target's resources (project.yml).
    static func defaultBundle() throws -> Data {
        guard let url = Bundle.main.url(forResource: "default", withExtension: "bundle") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
