/// How a run's proof groups (k consecutive steps each, one proof per group) are split among J
/// workers (docs/distributed.md): shard i proves the contiguous groups ⌊iG/J⌋ ..< ⌊(i+1)G/J⌋, so
/// shards differ in size by at most one group, cover every group once, and a worker replays the
/// native run no further than its last group.
public struct ProofShards: Equatable, Sendable {
    /// G, the proof groups of the run (T / k).
    public let groups: Int
    /// J.
    public let count: Int

    public init(groups: Int, count: Int) {
        precondition(groups >= 1 && count >= 1, "a run has groups and at least one shard")
        (self.groups, self.count) = (groups, count)
    }

    /// The groups of shard `i` (0 ≤ i < J); empty when there are more shards than groups.
    public func groups(ofShard i: Int) -> Range<Int> {
        precondition((0..<count).contains(i), "shard \(i) of \(count)")
        return groups * i / count..<groups * (i + 1) / count
    }

    /// The shard that proves group `g`.
    public func shard(ofGroup g: Int) -> Int {
        precondition((0..<groups).contains(g), "group \(g) of \(groups)")
        return (0..<count).first { groups(ofShard: $0).contains(g) }!
    }

    /// Parses "i/J" (as `--shard` takes it): 0 ≤ i < J.
    public static func parse(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let j = Int(parts[1]), j >= 1, (0..<j).contains(i) else { return nil }
        return (i, j)
    }
}
