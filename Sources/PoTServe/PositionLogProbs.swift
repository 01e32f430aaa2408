/// The log-probabilities reported for one generated token: its own, and the k likeliest tokens
/// of the distribution it was chosen from.
struct PositionLogProbs: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let token: Int32
        let logprob: Float
    }

    /// The generated token and its log-probability.
    let chosen: Entry
    /// The k likeliest tokens, likeliest first (equal values by token id), then the generated
    /// token if it is not among them: vLLM's `top_logprobs`, which hold "the specified number of
    /// most likely tokens, as well as the chosen tokens" (vLLM's SamplingParams.logprobs).
    let top: [Entry]

    /// From one row of natural-log probabilities over the vocabulary; nil when the row is not a
    /// distribution (NaN or +∞ anywhere). −∞, a probability of 0 in binary32, is a value.
    init?(row: [Float], chosen: Int32, k: Int) {
        guard !row.contains(where: { $0.isNaN || $0 == .infinity }) else { return nil }
        var top: [Entry] = []
        top.reserveCapacity(k + 1)
        if k > 0 {
            for (i, value) in row.enumerated() where top.count < k || value > top[top.count - 1].logprob {
                // After the last entry whose value is at least this one: ties stay in id order.
                let at = top.firstIndex { $0.logprob < value } ?? top.count
                top.insert(Entry(token: Int32(i), logprob: value), at: at)
                if top.count > k { top.removeLast() }
            }
        }
        self.chosen = Entry(token: chosen, logprob: row[Int(chosen)])
        if !top.contains(where: { $0.token == chosen }) { top.append(self.chosen) }
        self.top = top
    }
}
