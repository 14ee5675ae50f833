#if canImport(SwiftUI)
import BuraoDemoKit
import SwiftUI

@main
struct BuraoDemoApp: App {
    var body: some Scene {
        WindowGroup { ContentView(model: AppModel()) }
    }
}
#endif
