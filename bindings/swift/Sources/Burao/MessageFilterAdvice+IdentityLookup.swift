// The thin Apple half of MessageFilterAdvice: compiled only where IdentityLookup
// exists (iOS), so the mapping itself stays testable on Linux. Not compiled in
// this repository's CI (no Xcode); the case names mirror Apple's one for one.
#if canImport(IdentityLookup) && os(iOS)
import IdentityLookup

extension MessageFilterAction {
    /// Apple's value for this action.
    public var ilAction: ILMessageFilterAction {
        switch self {
        case .none: return .none
        case .allow: return .allow
        case .junk: return .junk
        case .promotion: return .promotion
        case .transaction: return .transaction
        }
    }
}

@available(iOS 16.0, *)
extension MessageFilterSubAction {
    /// Apple's value for this sub-action.
    public var ilSubAction: ILMessageFilterSubAction {
        switch self {
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
#endif
