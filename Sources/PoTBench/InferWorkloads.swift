import Foundation
import PoTModels

/// `pot bench infer MODEL`: the ggml model runner, names and units fixed by issue 7.
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
        let runner = Runner(model: try LanguageModel(path: path, contextLength: 512))
        let text = "The committee met on Tuesday to review the budget for the coming year. "
        var batch: [Int32] = []
        let tokens = try runner.model.tokenizer().encode(text, addSpecial: false)
        while batch.count < 128 { batch += tokens }
        let scored = Array(batch.prefix(128))
        var workloads: [Workload] = []
        for threads in [1, 2] {
            workloads.append(Workload(name: "score_tok_s", params: ["threads": threads], unit: .tokensPerSecond, batch: 128) {
                runner.score(scored, threads: threads)
            })
        }
        for threads in [1, 2] {
            workloads.append(Workload(name: "prompt_tok_s", params: ["threads": threads], unit: .tokensPerSecond, batch: 128) {
                runner.prompt(scored, threads: threads)
            })
        }
        for threads in [1, 2] {
            workloads.append(Workload(name: "gen_tok_s", params: ["threads": threads], unit: .tokensPerSecond, batch: 128) {
                runner.generate(128, after: scored[0], threads: threads)
            })
        }
        workloads.append(Workload(
            name: "infer_peak_rss", params: ["threads": 2], unit: .mib, batch: 1,
            prepare: PeakResident.reset, gauge: PeakResident.mib
        ) {
            runner.score(scored, threads: 2)
            runner.generate(128, after: scored[0], threads: 2)
        })
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
