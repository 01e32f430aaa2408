/// Synthetic score distributions on [0, 1] with an exactly known mean.
enum ScoreStream {
    /// 1 with probability p, else 0: the highest variance a mean-p score can have.
    case bernoulli(Double)
    /// offset + scale·B with B ~ Beta(2, 2) (the median of three uniforms): a smooth,
    /// low-variance shape with mean offset + scale/2.
    case scaledBeta(offset: Double, scale: Double)
    /// Always 0: identical behaviour.
    case zero

    var mean: Double {
        switch self {
        case .bernoulli(let p): p
        case .scaledBeta(let offset, let scale): offset + scale / 2
        case .zero: 0
        }
    }

    func draw(_ rng: inout SplitMix64) -> Double {
        switch self {
        case .bernoulli(let p):
            return rng.uniform() < p ? 1 : 0
        case .scaledBeta(let offset, let scale):
            let (a, b, c) = (rng.uniform(), rng.uniform(), rng.uniform())
            return offset + scale * max(min(a, b), min(max(a, b), c))
        case .zero:
            return 0
        }
    }
}
