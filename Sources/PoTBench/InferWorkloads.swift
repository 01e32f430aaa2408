import Foundation
import PoTModels

/// `pot bench infer MODEL`: the ggml model runner, names and units fixed by issue 7. The three
/// speeds are measured with each matrix-product path (label `products`: `vnni`, the default where
/// the CPU has it, and `ggml`), the peak with the default.
///
/// - `score_tok_s` (tok/s): teacher-forced log-probabilities of a 128-token batch (one forward
///   pass with logits at every position, then the log-softmax), params `threads` (1, 2); as
///   llama.cpp's prompt evaluation, but with all 128 rows of logits rather than the last.
/// - `prompt_tok_s` (tok/s): the same 128 tokens with logits at the last position only, as
///   llama.cpp's prompt evaluation computes them, params `threads` (1, 2): the figure to compare
///   with llama.cpp's, since it leaves out the output projection of the other 127 rows (a fifth
///   of scoring's work) that scoring cannot.
/// - `gen_tok_s` (tok/s): greedy decoding of 128 tokens after a one-token prompt, end-of-sequence
///   ignored so that every run decodes the same count, params `threads` (1, 2).
/// - `infer_peak_rss` (MiB): the process's peak resident size during one scoring and one
///   decoding run on two threads, counted from the resident size before the run (so it includes
///   the mapped weights that are resident, the KV cache, activations and the runtime).
public enum InferWorkloads {
    public static func all(path: String) throws -> [Workload] {
        let runners = try MatrixProducts.runnable.map {
            Runner(model: try LanguageModel(path: path, contextLength: 512, products: $0))
        }
        let runner = runners[0]
        let text = "The committee met on Tuesday to review the budget for the coming year. "
        var batch: [Int32] = []
        let tokens = try runner.model.tokenizer().encode(text, addSpecial: false)
        while batch.count < 128 { batch += tokens }
        let scored = Array(batch.prefix(128))
        // The peak first: the ggml runner's mapping of the same file is not resident until it runs.
        var workloads: [Workload] = []
        workloads.append(Workload(
            name: "infer_peak_rss", params: ["threads": 2], unit: .mib, batch: 1,
            prepare: PeakResident.reset, gauge: PeakResident.mib
        ) {
            runner.score(scored, threads: 2)
            runner.generate(128, after: scored[0], threads: 2)
        })
        func each(_ name: String, _ body: @escaping @Sendable (Runner, Int) -> Void) {
            for runner in runners {
                for threads in [1, 2] {
                    workloads.append(Workload(
                        name: name, params: ["threads": threads], labels: ["products": runner.model.products.rawValue],
                        unit: .tokensPerSecond, batch: 128) { body(runner, threads) })
                }
            }
        }
        each("score_tok_s") { $0.score(scored, threads: $1) }
        each("prompt_tok_s") { $0.prompt(scored, threads: $1) }
        each("gen_tok_s") { $0.generate(128, after: scored[0], threads: $1) }
        return workloads
    }

    /// The model behind the workloads. They run one at a time (pot bench measures sequentially),
    /// which is what a `LanguageModel` requires; hence the unchecked sendability.
    private final class Runner: @unchecked Sendable {
        let model: LanguageModel
        init(model: LanguageModel) { self.model = model }

        func score(_ tokens: [Int32], threads: Int) {
            model.threads = threads
            do { blackHole(try model.logProbs(tokens)) } catch { fatalError("scoring failed during the benchmark: \(error)") }
        }

        /// One pass over `tokens` that keeps the last position's logits (and picks its argmax).
        func prompt(_ tokens: [Int32], threads: Int) {
            model.threads = threads
            do {
                let next = try model.generate(prompt: tokens, maxTokens: 1, stop: [])
                precondition(next.count == 1)
            } catch {
                fatalError("prompt evaluation failed during the benchmark: \(error)")
            }
        }

        func generate(_ count: Int, after token: Int32, threads: Int) {
            model.threads = threads
            do {
                let generated = try model.generate(prompt: [token], maxTokens: count, stop: [])
                precondition(generated.count == count)
            } catch {
                fatalError("decoding failed during the benchmark: \(error)")
            }
        }
    }
}
