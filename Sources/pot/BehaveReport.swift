import PoTBehaviour

/// What `pot behave` says after the transcript: the decision, and the memory a one-model-at-a-time
/// audit took (`--json`: one object, snake_case).
struct BehaveReport: Encodable {
    let decision: String, n: Int, mean: Double, lower: Double?, upper: Double?, seconds: Double
    /// The process's high-water mark of resident memory over the whole run (VmHWM).
    let peakRssBytes: Int
    /// Resident memory after the reference was unloaded, before the candidate was loaded
    /// (a local audit only: an endpoint run loads one model).
    let rssBetweenModelsBytes: Int?
    /// The file of reference outputs the candidate was scored against, removed since.
    let referenceOutputsBytes: Int?
    private let record: DecisionRecord

    private enum CodingKeys: String, CodingKey {
        case decision, n, mean, lower, upper, seconds, peakRssBytes, rssBetweenModelsBytes, referenceOutputsBytes
    }

    init(_ outcome: OneModelAtATime.Outcome, peak: Int) {
        let d = outcome.decision
        record = d
        decision = d.decision; n = d.n; mean = d.mean; lower = d.lower; upper = d.upper; seconds = d.seconds
        peakRssBytes = peak
        rssBetweenModelsBytes = outcome.residentBetweenModels
        referenceOutputsBytes = outcome.referenceOutputsBytes
    }

    /// An endpoint run's: one local model, no file of reference outputs.
    init(_ decision: DecisionRecord, peak: Int) {
        record = decision
        self.decision = decision.decision; n = decision.n; mean = decision.mean; lower = decision.lower; upper = decision.upper
        seconds = decision.seconds
        peakRssBytes = peak
        rssBetweenModelsBytes = nil
        referenceOutputsBytes = nil
    }

    var text: String {
        guard let between = rssBetweenModelsBytes, let outputs = referenceOutputsBytes else {
            return summary(record) + "\n" + String(format: "peak RSS %.1f MiB (one local model)", mib(peakRssBytes))
        }
        return summary(record) + "\n" + String(format: "peak RSS %.1f MiB (%.1f MiB between the models); reference outputs %.1f MiB",
                                                 mib(peakRssBytes), mib(between), mib(outputs))
    }

    private func mib(_ bytes: Int) -> Double { Double(bytes) / Double(1 << 20) }
}
