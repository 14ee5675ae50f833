#if canImport(SwiftUI)
import BuraoDemoKit
import SwiftUI
import UniformTypeIdentifiers

struct ContentView: View {
    @ObservedObject var model: AppModel
    @State private var importing = false
    @State private var newAllow = ""
    @State private var newNote = ""
    @State private var sender = ""
    @State private var messageText = ""
    @State private var number = ""

    var body: some View {
        NavigationStack {
            Form {
                if let m = model.message { Section { Text(m).font(.footnote) } }
                status
                bundle
                allowList
                tryIt
                activity
            }
            .navigationTitle("不扰 Burao")
            .refreshable { model.refresh() }
            .fileImporter(isPresented: $importing, allowedContentTypes: [.data]) { result in
                if case .success(let url) = result { model.importBundle(from: url) }
            }
        }
    }

    private var status: some View {
        Section("Extensions") {
            LabeledContent("Call blocking & identification", value: model.callDirectory.rawValue)
            LabeledContent("SMS filter", value: "iOS does not tell apps; check Settings")
            Text("Calls: Settings › Phone › Call Blocking & Identification › Burao.\n"
                 + "Messages: Settings › Apps › Messages › Unknown & Spam › SMS Filtering › Burao.")
                .font(.footnote)
            Button("Open Settings") { model.openSettings() }
            if let l = model.loaded {
                LabeledContent("Call Directory holds", value: "bundle #\(l.bundleSequence)")
            }
            Button("Reload Call Directory") { model.reloadCallDirectory() }
        }
    }

    private var bundle: some View {
        Section("Bundle") {
            if let b = model.bundle {
                LabeledContent(b.metadata.name, value: "\(b.metadata.version) #\(b.metadata.sequence)")
                LabeledContent("Patterns", value: "\(b.patterns)")
            }
            Button("Import a bundle file…") { importing = true }
        }
    }

    private var allowList: some View {
        Section("Always ring / always show") {
            ForEach(model.allowList) { entry in
                LabeledContent(entry.number, value: entry.note ?? "")
                    .swipeActions { Button("Remove", role: .destructive) { model.removeRule(entry.id) } }
            }
            TextField("Number or prefix (138 0013 8*)", text: $newAllow).keyboardType(.phonePad)
            TextField("Note", text: $newNote)
            Button("Add") { model.allow(newAllow, note: newNote); newAllow = ""; newNote = "" }
                .disabled(newAllow.isEmpty)
            ForEach(model.otherRules, id: \.self) { Text($0).font(.footnote) }
        }
    }

    private var tryIt: some View {
        Section("Try it") {
            TextField("Sender", text: $sender)
            TextField("Message", text: $messageText, axis: .vertical)
            Button("What would the SMS filter do?") { model.tryMessage(sender: sender, body: messageText) }
            TextField("Caller number", text: $number).keyboardType(.phonePad)
            Button("What would happen to this call?") { model.tryNumber(number) }
        }
    }

    private var activity: some View {
        Section("Recent activity") {
            ForEach(Array(model.activity.enumerated()), id: \.offset) { _, e in
                VStack(alignment: .leading) {
                    Text("\(e.kind.rawValue): \(e.filed ?? e.action)").font(.subheadline)
                    Text([e.sender, e.category, e.detail].compactMap { $0 }.joined(separator: " · "))
                        .font(.caption).foregroundStyle(.secondary)
                }
            }
        }
    }
}
#endif
