import ArgumentParser
import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// `pot verify`: checks a proof against a verifying key that the verifier has anchored, and
/// its public inputs against the values the verifier expects.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify a proof with an anchored verifying key; exits 0 if it is valid, 1 if not, 2 if an input is unusable.",
        discussion: """
            The key is trusted only through an anchor: --srs re-derives it from the SRS (keygen is \
            deterministic, so an honest key is re-made byte for byte) and --vk-digest compares its \
            digest with a published one. Without either, the key is refused unless --trust-vk. \
            --public NAME=VALUE (or --public-file) states the public inputs the verifier expects; \
            the others are shown as the proof gives them.
            """)

    @Argument(help: "An evidence bundle (docs/bundle.md): check every claim in it, instead of one proof given by --vk and --proof.")
    var bundle: String?

    @Option(name: .customLong("vk"), help: "The verifying key.")
    var vkPath: String?

    @Option(name: .customLong("proof"), help: "The proof.")
    var proofPath: String?

    @Option(help: "With a bundle: a model file whose model root must be one of the bundle's (repeatable).")
    var model: [String] = []

    @OptionGroup var anchor: KeyAnchor

    @Option(name: .customLong("public"), help: "An expected public input, NAME=VALUE (decimal or 0x-hex; repeatable).")
    var publicInputs: [String] = []

    @Option(help: "A JSON object of expected public inputs, {\"NAME\": \"VALUE\", …}.")
    var publicFile: String?

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    private var vk: String { vkPath! }
    private var proof: String { proofPath! }

    func validate() throws {
        if bundle != nil {
            guard vkPath == nil, proofPath == nil, publicInputs.isEmpty, publicFile == nil else {
                throw ValidationError("a bundle states its own keys, proofs and public inputs: drop --vk, --proof and --public")
            }
        } else {
            guard vkPath != nil, proofPath != nil else { throw ValidationError("give a BUNDLE, or --vk and --proof") }
            guard model.isEmpty else { throw ValidationError("--model binds a model file to a bundle; give the BUNDLE") }
        }
    }

    func run() throws {
        if let bundle {
            let check = BundleCheck(models: model, srs: anchor.srs, vkDigests: anchor.vkDigest.map { [$0] } ?? [], trustVk: anchor.trustVk, json: json)
            return try check.run(bundlePath: bundle)
        }
        let start = ContinuousClock.now
        let expected = try expectedInputs()
        let key: VerifyingKey
        let statement: any ProvableStatement
        let decoded: (proof: Proof, vkDigest: [UInt8])
        do {
            key = try VerifyingKey.load(path: vk)
            statement = try Statements.named(keyName: key.circuit)
            decoded = try Proof.load(path: proof)
        } catch {
            throw ProofCLI.unusable("\(error)")
        }
        let names = Set(statement.publicInputNames.joined())
        if let unknown = expected.keys.sorted().first(where: { !names.contains($0) }) {
            throw ProofCLI.unusable("\(statement) has no public input '\(unknown)' (it has \(statement.publicInputNames.joined().joined(separator: ", ")))")
        }

        var failure: String?
        let anchors = try anchor.check(key, at: vk, statement: statement, failure: &failure)
        if failure == nil, decoded.vkDigest != key.digest {
            failure = "\(proof) was made for another verifying key than \(vk)"
        }
        if failure == nil {
            do { try statement.verify(decoded.proof, key: key, expected: expected) } catch { failure = "\(error)" }
        }
        let ms = (ContinuousClock.now - start).seconds * 1000
        let inputs = statement.named(decoded.proof.instances)
        if json {
            var summary: [String: Any] = [
                "circuit": key.circuit, "valid": failure == nil, "vk_digest": Hex.encode(key.digest),
                "srs_digest": Hex.encode(key.srsDigest), "srs_development": key.isDevelopmentSRS, "anchors": anchors,
                "public_inputs": Dictionary(inputs.map { ($0.name, $0.value.description) }, uniquingKeysWith: { a, _ in a }),
                "compared": inputs.map(\.name).filter { expected[$0] != nil },
                "ms": (ms * 100).rounded() / 100,
            ]
            if let failure { summary["reason"] = failure }
            let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(failure == nil ? "valid" : "INVALID"): \(statement)")
            print("  key \(Hex.encode(key.digest)), anchored by \(anchors.isEmpty ? "nothing" : anchors.joined(separator: " and "))")
            print("  SRS \(Hex.encode(key.srsDigest))" + (key.isDevelopmentSRS ? " — INSECURE development SRS: whoever made it can forge proofs" : ""))
            for (name, value) in inputs {
                print("  \(name) = \(value)" + (expected[name] != nil ? " (as expected)" : " (from the proof, not compared)"))
            }
        }
        if let failure { throw json ? ExitCode.failure : ProofCLI.fail(failure) }
    }

    /// --public and --public-file as field elements by name.
    private func expectedInputs() throws -> [String: Fr] {
        var texts = try ProofCLI.pairs(publicInputs, option: "--public")
        if let publicFile {
            let object: Any
            let bytes: [UInt8]
            do { bytes = try InputFile.read(publicFile, limit: 1 << 20) } catch { throw ProofCLI.unusable("\(error)") }
            do { object = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
                throw ProofCLI.unusable("\(publicFile): not JSON: \(error.localizedDescription)")
            }
            guard let members = object as? [String: Any] else { throw ProofCLI.unusable("\(publicFile): not a JSON object") }
            for (name, value) in members {
                guard texts[name] == nil else { throw ValidationError("public input \(name) is given twice") }
                switch value {
                case let text as String: texts[name] = text
                default: throw ProofCLI.unusable("\(publicFile): \(name) must be a string (a decimal or 0x-hex element of Fr)")
                }
            }
        }
        var values: [String: Fr] = [:]
        for (name, text) in texts {
            guard let value = Fr(text) else { throw ValidationError("public input \(name): '\(text)' is not an element of Fr") }
            values[name] = value
        }
        return values
    }
}
