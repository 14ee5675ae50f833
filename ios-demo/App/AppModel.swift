#if canImport(SwiftUI)
import BuraoDemoKit
import CallKit
import Foundation
import SwiftUI

/// SwiftUI's view of `DemoApp` (BuraoDemoKit), which holds every decision; this
/// type only publishes its results and talks to CallKit about the extension.
@MainActor
final class AppModel: ObservableObject {
    enum ExtensionStatus: String { case unknown = "…", enabled = "On", disabled = "Off — enable it in Settings", failed = "Unknown (error)" }

    @Published private(set) var callDirectory = ExtensionStatus.unknown
    @Published private(set) var bundle: BundleInfo?
    @Published private(set) var allowList: [RulesDocument.AllowEntry] = []
    @Published private(set) var otherRules: [String] = []
    @Published private(set) var activity: [ActivityEntry] = []
    @Published private(set) var loaded: LoadedManifest?
    @Published var message: String?

    let app: DemoApp?

    init() {
        do {
            guard let store = AppGroup.store else { throw CocoaError(.fileNoSuchFile) }
            app = try DemoApp(store: store)
            message = app?.stateWarning
        } catch {
            app = nil
            message = "Cannot open the app group: \(error.localizedDescription)"
        }
        refresh()
    }

    func refresh() {
        guard let app else { return }
        bundle = app.bundleInfo
        activity = app.log.entries()
        loaded = app.loadedManifest
        if let doc = try? app.rules() {
            allowList = doc.allowList
            otherRules = doc.rules.filter { $0["action"]?.string != "allow" || $0["number"] == nil }
                .map { "\($0["id"]?.string ?? "?"): \($0["action"]?.string ?? "?")" }
        }
        CXCallDirectoryManager.sharedInstance.getEnabledStatusForExtension(
            withIdentifier: AppGroup.callDirectoryExtension) { status, error in
            Task { @MainActor in
                self.callDirectory = error != nil ? .failed : status == .enabled ? .enabled : .disabled
            }
        }
    }

    func importBundle(from url: URL) {
        run {
            let ok = url.startAccessingSecurityScopedResource()
            defer { if ok { url.stopAccessingSecurityScopedResource() } }
            let info = try self.app?.importBundle(Data(contentsOf: url))
            self.reloadCallDirectory()
            return "Imported \(info?.metadata.name ?? "") \(info?.metadata.version ?? "")"
        }
    }

    func reloadCallDirectory() {
        CXCallDirectoryManager.sharedInstance.reloadExtension(withIdentifier: AppGroup.callDirectoryExtension) { error in
            Task { @MainActor in
                self.message = error.map { "Call Directory reload failed: \($0.localizedDescription)" }
                self.refresh()
            }
        }
    }

    func allow(_ number: String, note: String) {
        run { try self.app?.allow(number: number, note: note.isEmpty ? nil : note); return nil }
    }

    func removeRule(_ id: String) { run { try self.app?.removeRule(id: id); return nil } }

    func tryMessage(sender: String, body: String) {
        run {
            guard let d = try self.app?.tryMessage(sender: sender, body: body) else { return nil }
            return "Filed as \(d.action.rawValue)" + (d.subAction == .none ? "" : " / \(d.subAction.rawValue)")
        }
    }

    func tryNumber(_ number: String) {
        run {
            guard let v = try self.app?.tryNumber(number) else { return nil }
            return "\(v.action)" + (v.label.map { " — \($0)" } ?? "")
        }
    }

    func openSettings() {
        if #available(iOS 13.4, *) { CXCallDirectoryManager.sharedInstance.openSettings() }
    }

    private func run(_ body: () throws -> String?) {
        do { message = try body() } catch { message = "\(error)" }
        refresh()
    }
}
#endif
