#if canImport(IdentityLookup)
import BuraoDemoKit
import IdentityLookup
import os

/// Sender and body in, folder out; offline only (never `deferQueryRequestToNetwork`).
/// All decisions are in BuraoDemoKit (`MessageScreening`) and the SDK
/// (`MessageFilterAdvice`, whose `ilAction` / `ilSubAction` convert to Apple's
/// types); this file only hands them to iOS. iOS may not let this extension
/// write to the app group, so it reports nothing back; the app's "Try a
/// message" shows the same decision.
final class MessageFilterExtension: ILMessageFilterExtension {
    /// One screener per extension process, rebuilt only when the app changes a file.
    static let screening: MessageScreening? = AppGroup.store.map(MessageScreening.init(store:))
    private static let log = Logger(subsystem: "org.burao.demo", category: "filter")
}

extension MessageFilterExtension: ILMessageFilterQueryHandling {
    func handle(_ queryRequest: ILMessageFilterQueryRequest, context: ILMessageFilterExtensionContext,
                completion: @escaping (ILMessageFilterQueryResponse) -> Void) {
        let response = ILMessageFilterQueryResponse()
        guard let screening = Self.screening else {
            Self.log.error("no app group container: check the entitlement")
            response.action = .none
            return completion(response)
        }
        let (advice, _) = screening.decide(sender: queryRequest.sender ?? "", body: queryRequest.messageBody ?? "")
        for problem in screening.loadProblems {
            // Descriptions of errors only: never a number or a body.
            Self.log.error("\(problem, privacy: .public)")
        }
        response.action = advice.action.ilAction
        if #available(iOS 16.0, *) {
            response.subAction = advice.subAction.ilSubAction
        }
        completion(response)
    }
}

/// iOS 16 asks once which sub-folders this filter uses, to show them in Messages.
@available(iOS 16.0, *)
extension MessageFilterExtension: ILMessageFilterCapabilitiesQueryHandling {
    func handle(_ capabilitiesQueryRequest: ILMessageFilterCapabilitiesQueryRequest,
                context: ILMessageFilterExtensionContext,
                completion: @escaping (ILMessageFilterCapabilitiesQueryResponse) -> Void) {
        let response = ILMessageFilterCapabilitiesQueryResponse()
        response.transactionalSubActions = MessageFilterSubAction.offered(under: .transaction).map(\.ilSubAction)
        response.promotionalSubActions = MessageFilterSubAction.offered(under: .promotion).map(\.ilSubAction)
        completion(response)
    }
}
#endif
