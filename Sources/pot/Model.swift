import ArgumentParser
import Foundation
import PoTModels

/// `pot model`: run a GGUF language model (llama, qwen2) through ggml.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect, score text with, or generate from a GGUF language model (llama, qwen2).",
        subcommands: [Info.self, Score.self, Generate.self, Perturb.self])
}

/// What every subcommand that runs the model takes.
struct ModelOptions: ParsableArguments {
    @Argument(help: "A GGUF model file.")
    var model: String

    @Option(help: "ggml CPU threads.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Matrix products: vnni (AVX-512 VNNI or aarch64 dot-product kernels for Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 and Q2_K-Q6_K weights) or ggml (ggml's own). Default: vnni where the CPU has it.")
    var products = MatrixProducts.automatic

    @OptionGroup var device: DeviceOption

    func validate() throws {
        guard threads >= 1, threads <= 1024 else { throw ValidationError("--threads must be between 1 and 1024") }
        guard products.runsHere else {
            throw ValidationError("--products vnni needs \(MatrixProducts.vnniRequirement), which this CPU lacks")
        }
    }

    func load() throws -> LanguageModel {
        try LanguageModel(path: model, threads: threads, products: products, device: device.device)
    }
}

extension MatrixProducts: ExpressibleByArgument {}

extension Model {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Architecture, sizes, tensor types and tokenizer of a GGUF model.")

        @Argument(help: "A GGUF model file.")
        var model: String

        func run() throws {
            let lm = try LanguageModel(path: model, contextLength: 1)
            let h = lm.hyper
            let tokenizer = try lm.tokenizer()
            let v = tokenizer.vocabulary
            print("model          \(lm.name ?? "(unnamed)")")
            print("architecture   \(h.architecture.rawValue)")
            print("layers         \(h.layerCount)")
            print("embedding      \(h.embeddingLength), feed-forward \(h.feedForwardLength)")
            print("heads          \(h.headCount) query, \(h.keyValueHeadCount) key/value, dimension \(h.headDimension)")
            print("rope           base \(h.ropeFrequencyBase), scale \(h.ropeFrequencyScale), \(h.ropeDimensions) dimensions")
            print("context        \(h.trainedContextLength) trained")
            let groups = lm.tensorGroups
            let elements = groups.reduce(0) { $0 + $1.elements }
            print(String(format: "parameters     %.1f M", Double(elements) / 1e6))
            for g in groups {
                print(String(format: "  %-12@ %4d tensors %8.1f M parameters %8.1f MiB", g.type as NSString, g.count,
                             Double(g.elements) / 1e6, Double(g.bytes) / 1_048_576))
            }
            let types = groups.map(\.type)
            let vnni = types.filter(MatrixProducts.vnniTakes), other = types.filter { !MatrixProducts.vnniTakes(type: $0) }
            if MatrixProducts.vnniAvailable {
                print("products       vnni for \(vnni.isEmpty ? "none" : vnni.joined(separator: ", "))"
                      + (other.isEmpty ? "" : "; ggml for \(other.joined(separator: ", "))"))
            } else {
                print("products       ggml (this CPU lacks \(MatrixProducts.vnniRequirement))")
            }
            let bos = v.bos.map(String.init) ?? "none", eos = v.eos.map(String.init) ?? "none"
            print("tokenizer      \(v.model), pre-tokenizer \(v.pre ?? "(none)"), \(v.tokens.count) tokens")
            print("special        BOS \(bos)\(v.addsBOS ? " (added)" : ""), EOS \(eos)\(v.addsEOS ? " (added)" : "")")
            // ggml's devices, and which one --device auto takes.
            let auto = try? DeviceChoice.auto.device()
            for (i, d) in ComputeDevice.all.enumerated() {
                let use = d == auto ? "auto" : LanguageModel.computes(on: d) ? "" : "not used by the runner"
                print((i == 0 ? "devices        " : "               ") + d.description + (use.isEmpty ? "" : " - \(use)"))
            }
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Teacher-forced log-probability of every token of a text given the tokens before it.",
            discussion: "Special tokens written in the text (such as <|im_start|>) are parsed; BOS is added only where the model's metadata asks for it.")

        @OptionGroup var options: ModelOptions

        @Option(help: "The text to score.")
        var text: String

        @Flag(help: "Print {\"tokens\": [...], \"logprobs\": [...]}: logprobs[i - 1] is ln p(token i | tokens before it).")
        var json = false

        func run() throws {
            let lm = try options.load()
            let tokenizer = try lm.tokenizer()
            let tokens = tokenizer.encode(text, parseSpecial: true)
            guard tokens.count <= lm.contextLength else {
                throw InputFailure(description: "the text has \(tokens.count) tokens, more than the context of \(lm.contextLength)")
            }
            let logProbs = try lm.logProbs(tokens)
            if json {
                // JSON has no infinities or NaN: a token the model gives probability 0 is null.
                let numbers = logProbs.map { $0.isFinite ? String(format: "%.6f", $0) : "null" }
                print("{\"tokens\": [\(tokens.map(String.init).joined(separator: ", "))], "
                      + "\"logprobs\": [\(numbers.joined(separator: ", "))]}")
                return
            }
            for (i, token) in tokens.enumerated() {
                let score = i == 0 ? "" : String(format: "%10.4f", logProbs[i - 1])
                print(String(format: "%6d %-24@ %@", token, tokenizer.decode([token], special: true).debugDescription as NSString,
                             score as NSString))
            }
            if !logProbs.isEmpty {
                let mean = -logProbs.reduce(0, +) / Double(logProbs.count)
                print(String(format: "%d tokens, mean negative log-likelihood %.4f nats, perplexity %.2f", tokens.count, mean, exp(mean)))
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Greedy continuation of a prompt.",
            discussion: "Special tokens written in the prompt (such as <|im_start|>) are parsed; generation stops at the model's end-of-sequence token or after -n tokens.")

        @OptionGroup var options: ModelOptions

        @Option(help: "The prompt.")
        var prompt: String

        @Option(name: .short, help: "Most tokens to generate.")
        var n = 64

        func validate() throws {
            guard n >= 1 else { throw ValidationError("-n must be at least 1") }
        }

        func run() throws {
            let lm = try options.load()
            let tokenizer = try lm.tokenizer()
            let prompt = tokenizer.encode(self.prompt, parseSpecial: true)
            guard !prompt.isEmpty else { throw ValidationError("the prompt has no tokens") }
            let generated = try lm.generate(prompt: prompt, maxTokens: n)
            print(tokenizer.decode(generated))
        }
    }
}
