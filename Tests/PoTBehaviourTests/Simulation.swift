import PoTBehaviour

/// Outcomes of many independent runs of the sequential test on one score distribution.
struct Simulation {
    var counts: [Decision: Int] = [:]
    /// Scores used by each run, in run order.
    var queries: [Int] = []

    init(_ stream: ScoreStream, _ parameters: SequentialParameters, runs: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<runs {
            var test = SequentialTest(parameters: parameters)
            var decision: Decision?
            while decision == nil { decision = try test.observe(stream.draw(&rng)) }
            counts[decision!, default: 0] += 1
            queries.append(test.count)
        }
    }

    func rate(_ decision: Decision) -> Double { Double(counts[decision, default: 0]) / Double(queries.count) }

    /// The q-quantile of queries-to-decision.
    func quantile(_ q: Double) -> Int {
        let sorted = queries.sorted()
        return sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]
    }
}
