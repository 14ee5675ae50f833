import Burao

/// Turns the engine's verdict on a message into the message filter's answer.
///
/// The mapping lives in the SDK (`MessageFilterAdvice` in the Burao package, shared
/// by every app and tested there on the shared cases); the demo only converts it to
/// its own `FilterDecision`, case for case by name.
public enum FilterMapping {
    public static func decision(for verdict: Verdict, body: String) -> FilterDecision {
        let advice = verdict.messageFilterAdvice(body: body)
        // Same case names on both sides (both mirror Apple's): a missing one is a bug.
        guard let action = FilterAction(rawValue: advice.action.rawValue),
              let sub = FilterSubAction(rawValue: advice.subAction.rawValue) else {
            return .noOpinion
        }
        return FilterDecision(action: action, subAction: sub)
    }
}
