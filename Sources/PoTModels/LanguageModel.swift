import CGGML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GGUF language model of the llama family run through a device of ggml's backend registry
/// (``ComputeDevice``; the CPU so far, see ``computes(on:)``), with its weights memory-mapped
/// from the file.
///
/// One instance holds one KV cache, so calls on it must not overlap; use one instance per thread.
public final class LanguageModel {
    /// The file the model was loaded from.
    public let path: String
    public let hyper: HyperParameters
    /// The most tokens one call can take (prompt plus generated tokens).
    public let contextLength: Int
    /// The device the graph is computed on.
    public let device: ComputeDevice
    /// Threads of ggml's CPU backend for every graph computation.
    public var threads: Int {
        didSet { ggml_backend_cpu_set_n_threads(backend, Int32(max(1, threads))) }
    }
    /// Token ids after which greedy generation stops (end of sequence, end of turn).
    public let stopTokens: Set<Int32>

    let file: GGUFFile
    private let weights: LlamaWeights
    private let cache: KVCache
    private let backend: ggml_backend_t
    private let allocator: ggml_gallocr_t
    /// Holds the tensor headers and graph of one forward pass, reused by every pass.
    private let graphMemory: UnsafeMutableRawBufferPointer

    /// Inputs longer than this are run in several batches, bounding the activations' memory.
    public let batchSize: Int
    /// How the matrix products run.
    public let products: MatrixProducts

    /// Loads the model at `path`.
    /// - Parameters:
    ///   - contextLength: KV cache capacity in tokens; defaults to the trained context, at most 4096.
    ///   - threads: ggml CPU threads.
    ///   - batchSize: most tokens per forward pass; results do not depend on it.
    ///   - products: the matrix-product kernels; `.vnni` on a CPU without them is refused.
    ///   - device: the device of ggml's registry to compute on; a choice no device meets is
    ///     refused, naming the devices present.
    public init(
        path: String, contextLength: Int? = nil, threads: Int = 1, batchSize: Int = 512,
        products: MatrixProducts = .automatic, device: DeviceChoice = .auto
    ) throws(ModelError) {
        self.path = path
        guard products.runsHere else {
            throw ModelError(path: path, reason: "this CPU lacks \(MatrixProducts.vnniRequirement), which the vnni products need")
        }
        self.products = products
        do { self.device = try device.device() } catch { throw ModelError(path: path, reason: error.reason) }
        let file = try GGUFFile(path: path)
        self.file = file
        hyper = try HyperParameters(file: file)
        weights = try LlamaWeights(file: file, hyper: hyper)
        self.contextLength = contextLength ?? min(hyper.trainedContextLength, 4096)
        guard self.contextLength > 0, batchSize > 0 else {
            throw ModelError(path: path, reason: "context length and batch size must be positive")
        }
        self.batchSize = batchSize
        cache = try KVCache(hyper: hyper, capacity: self.contextLength, path: path)
        // The CPU device's backend is ggml's CPU backend (`ggml_backend_cpu_init`), so scores
        // are those of a backend made directly.
        guard let backend = ggml_backend_dev_init(self.device.handle, nil) else {
            throw ModelError(path: path, reason: "ggml cannot start its \(self.device) backend")
        }
        guard let allocator = ggml_gallocr_new(ggml_backend_dev_buffer_type(self.device.handle)) else {
            ggml_backend_free(backend)
            throw ModelError(path: path, reason: "ggml cannot create a graph allocator")
        }
        self.backend = backend
        self.allocator = allocator
        self.threads = max(1, threads)
        ggml_backend_cpu_set_n_threads(backend, Int32(self.threads))
        graphMemory = .allocate(byteCount: LlamaGraph.contextBytes(hyper), alignment: 64)
        var stops = Set<Int32>()
        for key in ["tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id"] {
            if let id = try file.tokenID(key, below: hyper.vocabularySize) { stops.insert(id) }
        }
        stopTokens = stops
    }

    /// Whether the model runner computes on `device`. Only on CPU devices so far: the graph's
    /// `vnni` products are custom CPU operations, the weights and the KV cache live in CPU
    /// buffers (the weights over the file's map), and the logits are read in place. A GPU needs
    /// the graph split by ggml's scheduler with the CPU as fallback, weights and cache in the
    /// device's buffers and the `ggml` products (docs/models.md).
    public static func computes(on device: ComputeDevice) -> Bool { device.kind == .cpu }

    deinit {
        ggml_gallocr_free(allocator)
        ggml_backend_free(backend)
        graphMemory.deallocate()
    }

    /// Teacher-forced scores: element `i - 1` is the natural-log probability of `tokens[i]` given
    /// `tokens[0..<i]`, for every `i ≥ 1`.
    public func logProbs(_ tokens: [Int32]) throws(ModelError) -> [Double] {
        var scores: [Double] = []
        scores.reserveCapacity(max(0, tokens.count - 1))
        try forwardAll(tokens) { start, logits, rows in
            for r in 0..<rows where start + r + 1 < tokens.count {
                let row = logits + r * hyper.vocabularySize
                scores.append(Double(row[Int(tokens[start + r + 1])]) - Self.logSumExp(row, hyper.vocabularySize))
            }
        }
        return scores
    }

    /// The full next-token distributions: row `i - first` is the log-softmax over the vocabulary
    /// after `tokens[0...i]`, for `i ≥ first` (the pass runs over every token; the rows before
    /// `first` are neither normalised nor kept).
    public func nextTokenLogProbs(_ tokens: [Int32], from first: Int = 0) throws(ModelError) -> [[Float]] {
        var rows: [[Float]] = []
        try forEachNextTokenLogProbs(tokens, from: first) { rows.append($0) }
        return rows
    }

    /// The rows of ``nextTokenLogProbs(_:from:)``, handed to `body` in order as each is computed
    /// rather than kept: a long continuation's rows, V floats each, need not be held at once.
    public func forEachNextTokenLogProbs(_ tokens: [Int32], from first: Int = 0, _ body: ([Float]) -> Void) throws(ModelError) {
        try forwardAll(tokens) { start, logits, count in
            for r in 0..<count where start + r >= first {
                let row = logits + r * hyper.vocabularySize
                let norm = Float(Self.logSumExp(row, hyper.vocabularySize))
                body((0..<hyper.vocabularySize).map { row[$0] - norm })
            }
        }
    }

    /// Greedy decoding: the tokens that follow `prompt`, the most likely one each time, until one
    /// of `stop` (which is included; the model's end-of-sequence tokens by default) or `maxTokens`.
    public func generate(prompt: [Int32], maxTokens: Int, stop: Set<Int32>? = nil) throws(ModelError) -> [Int32] {
        let stop = stop ?? stopTokens
        guard !prompt.isEmpty, maxTokens > 0 else { return [] }
        guard prompt.count + maxTokens <= contextLength + 1 else {
            throw ModelError(path: path, reason: "\(prompt.count) prompt + \(maxTokens) new tokens exceed the context of \(contextLength)")
        }
        cache.count = 0
        var next = Int32(0)
        for start in stride(from: 0, to: prompt.count, by: batchSize) {
            let batch = Array(prompt[start..<min(prompt.count, start + batchSize)])
            let last = start + batch.count == prompt.count
            try forward(batch, outputs: last ? .last : .none) { logits, _ in next = Self.argmax(logits, hyper.vocabularySize) }
        }
        var generated = [next]
        while generated.count < maxTokens, !stop.contains(next) {
            try forward([next], outputs: .last) { logits, _ in next = Self.argmax(logits, hyper.vocabularySize) }
            generated.append(next)
        }
        return generated
    }

    // MARK: forward passes

    private enum Rows { case all, last, none }

    /// Runs `tokens` from an empty cache in batches, handing each batch's logits to `body`.
    private func forwardAll(
        _ tokens: [Int32], _ body: (_ start: Int, _ logits: UnsafePointer<Float>, _ rows: Int) -> Void
    ) throws(ModelError) {
        guard tokens.count <= contextLength else {
            throw ModelError(path: path, reason: "\(tokens.count) tokens exceed the context of \(contextLength)")
        }
        cache.count = 0
        for start in stride(from: 0, to: tokens.count, by: batchSize) {
            let batch = Array(tokens[start..<min(tokens.count, start + batchSize)])
            try forward(batch, outputs: .all) { logits, rows in body(start, logits, rows) }
        }
    }

    /// One batch through the model after the cached positions; appends the batch to the cache.
    private func forward(
        _ batch: [Int32], outputs: Rows, _ body: (_ logits: UnsafePointer<Float>, _ rows: Int) -> Void
    ) throws(ModelError) {
        guard cache.count + batch.count <= cache.capacity else {
            throw ModelError(path: path, reason: "the KV cache of \(cache.capacity) positions is full")
        }
        if let bad = batch.first(where: { $0 < 0 || Int($0) >= hyper.vocabularySize }) {
            throw ModelError(path: path, reason: "token id \(bad) is outside the vocabulary of \(hyper.vocabularySize)")
        }
        let params = ggml_init_params(mem_size: graphMemory.count, mem_buffer: graphMemory.baseAddress, no_alloc: true)
        guard let ctx = ggml_init(params) else { throw ModelError(path: path, reason: "ggml cannot create a graph context") }
        defer { ggml_free(ctx) }
        let g = LlamaGraph(
            context: ctx, weights: weights, hyper: hyper, cache: cache, batch: batch.count,
            outputs: outputs == .all ? .all : .last, products: products)
        guard ggml_gallocr_alloc_graph(allocator, g.graph) else {
            throw ModelError(path: path, reason: "cannot allocate activations for a batch of \(batch.count)")
        }
        setInputs(g, batch)
        guard ggml_backend_graph_compute(backend, g.graph) == GGML_STATUS_SUCCESS else {
            throw ModelError(path: path, reason: "ggml failed to compute the graph")
        }
        cache.count += batch.count
        if outputs != .none {
            body(UnsafePointer(g.logits.pointee.data.assumingMemoryBound(to: Float.self)), Int(g.logits.pointee.ne.1))
        }
    }

    private func setInputs(_ g: LlamaGraph, _ batch: [Int32]) {
        let past = cache.count, length = past + batch.count
        batch.withUnsafeBytes { ggml_backend_tensor_set(g.tokens, $0.baseAddress, 0, $0.count) }
        let positions = (0..<batch.count).map { Int32(past + $0) }
        positions.withUnsafeBytes { ggml_backend_tensor_set(g.positions, $0.baseAddress, 0, $0.count) }
        // Row i may see cached positions up to and including its own, past + i.
        var mask = [Float](repeating: -.infinity, count: length * batch.count)
        for i in 0..<batch.count {
            for j in 0...(past + i) { mask[i * length + j] = 0 }
        }
        var half = [ggml_fp16_t](repeating: 0, count: mask.count)
        ggml_fp32_to_fp16_row(mask, &half, Int64(mask.count))
        half.withUnsafeBytes { ggml_backend_tensor_set(g.mask, $0.baseAddress, 0, $0.count) }
    }

    // MARK: reductions over one row of logits

    /// ln Σ exp(row[i]) over `n` logits, in 16-lane vectors: the scalar loop through libm's `expf`
    /// took 28 ms of a 128-token scoring pass (49 152 logits a row), this takes 6.5.
    static func logSumExp(_ row: UnsafePointer<Float>, _ n: Int) -> Double {
        typealias Lanes = SIMD16<Float>
        let raw = UnsafeRawPointer(row)
        let whole = n - n % Lanes.scalarCount
        var lanesTop = Lanes(repeating: -.infinity)
        for i in stride(from: 0, to: whole, by: Lanes.scalarCount) {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: Lanes.self)
            // `replacing(with:where:)` compiles to vector selects; `pointwiseMax` to a lane loop.
            lanesTop = lanesTop.replacing(with: v, where: v .> lanesTop)
        }
        var top = lanesTop.max()
        for i in whole..<n { top = max(top, row[i]) }
        guard top.isFinite else { return Double(top) }
        // Partial sums of at most 256 terms, each in (0, 1], stay exact to float rounding
        // (relative 256 · 2⁻²⁴ at worst) before they are added in double precision.
        var sum: Double = 0
        var i = 0
        while i < whole {
            var partial = Lanes()
            let end = min(whole, i + 256)
            while i < end {
                partial += expOfNonPositive(raw.loadUnaligned(fromByteOffset: i * 4, as: Lanes.self) - top)
                i += Lanes.scalarCount
            }
            sum += Double(partial.sum())
        }
        for j in whole..<n { sum += Double(expf(row[j] - top)) }
        return Double(top) + log(sum)
    }

    /// e^x for x ≤ 0, within one float ulp of `expf` (x below −87 gives e^−87 ≈ 1.6e-38 rather
    /// than a smaller number, which no sum of at most a few million terms, the largest of them 1,
    /// can notice). x = n ln 2 + r with n an integer and |r| ≤ ln 2 / 2; e^r by its Taylor series
    /// to r⁷ (truncation below 6e-9), 2^n written straight into the exponent bits.
    @inline(__always)
    static func expOfNonPositive(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let x = x.replacing(with: -87, where: x .< -87)
        // Adding 1.5 · 2²³ rounds x · log2(e) to an integer held in the low mantissa bits.
        let shifter: Float = 12_582_912
        let shifted = x * 1.442_695_04 + shifter
        let n = shifted - shifter
        // ln 2 in two parts, the first exact in 16 bits, so that n · ln2High is exact.
        let r = x - n * 0.693_145_751_953_125 - n * 1.428_606_765_330_187e-6
        var p = SIMD16<Float>(repeating: 1 / 5040) * r + 1 / 720
        p = p * r + 1 / 120
        p = p * r + 1 / 24
        p = p * r + 1 / 6
        p = p * r + 1 / 2
        p = p * r + 1
        p = p * r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: SIMD16<Float>.self)
    }

    static func argmax(_ row: UnsafePointer<Float>, _ n: Int) -> Int32 {
        var best = 0
        for i in 1..<n where row[i] > row[best] { best = i }
        return Int32(best)
    }
}
