#if canImport(IdentityLookup)
import BuraoDemoKit
import IdentityLookup
import os

/// Sender and body in, folder out; offline only (never `deferQueryRequestToNetwork`).
/// All decisions are in BuraoDemoKit (`MessageScreening`, `FilterMapping`); this
/// file only converts types. iOS may not let this extension write to the app group,
/// so it reports nothing back; the app's "Try a message" shows the same decision.
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
        let (decision, _) = screening.decide(sender: queryRequest.sender ?? "", body: queryRequest.messageBody ?? "")
        for problem in screening.loadProblems {
            // Descriptions of errors only: never a number or a body.
            Self.log.error("\(problem, privacy: .public)")
        }
        response.action = Self.action(decision.action)
        if #available(iOS 16.0, *) {
            response.subAction = Self.subAction(decision.subAction)
        }
        completion(response)
    }

    static func action(_ a: FilterAction) -> ILMessageFilterAction {
        switch a {
        case .none: return .none
        case .allow: return .allow
        case .junk: return .junk
        case .promotion: return .promotion
        case .transaction: return .transaction
        }
    }

    @available(iOS 16.0, *)
    static func subAction(_ s: FilterSubAction) -> ILMessageFilterSubAction {
        switch s {
        case .none: return .none
        case .transactionalOthers: return .transactionalOthers
        case .transactionalFinance: return .transactionalFinance
        case .transactionalOrders: return .transactionalOrders
        case .transactionalReminders: return .transactionalReminders
        case .transactionalHealth: return .transactionalHealth
        case .transactionalWeather: return .transactionalWeather
        case .transactionalCarrier: return .transactionalCarrier
        case .transactionalRewards: return .transactionalRewards
        case .transactionalPublicServices: return .transactionalPublicServices
        case .promotionalOthers: return .promotionalOthers
        case .promotionalOffers: return .promotionalOffers
        case .promotionalCoupons: return .promotionalCoupons
        }
    }
}

/// iOS 16 asks once which sub-folders this filter uses, to show them in Messages.
@available(iOS 16.0, *)
extension MessageFilterExtension: ILMessageFilterCapabilitiesQueryHandling {
    func handle(_ capabilitiesQueryRequest: ILMessageFilterCapabilitiesQueryRequest,
                context: ILMessageFilterExtensionContext,
                completion: @escaping (ILMessageFilterCapabilitiesQueryResponse) -> Void) {
        let response = ILMessageFilterCapabilitiesQueryResponse()
        response.transactionalSubActions = FilterSubAction.offered(under: .transaction).map(Self.subAction)
        response.promotionalSubActions = FilterSubAction.offered(under: .promotion).map(Self.subAction)
        completion(response)
    }
}
#endif
