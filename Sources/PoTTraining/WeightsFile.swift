import PoTSystem
import PoTCircuits
import Foundation
import PoTAlgebra
import PoTCommitments

/// A run's weights file (`weights-final.safetensors`, `private/weights-initial.safetensors`;
/// docs/training.md, "Run directory"), read back: the exact values, the salt and the step,
/// checked against the commitment and the F32 copies the file also holds.
public struct WeightsFile: Sendable {
    public let parameters: MLPParameters
    /// The step t whose weights these are, and `salt_t`.
    public let step: Int
    public let salt: Fr
    /// `C(W_t)`, recomputed from the values and the salt (and equal to the one the file states).
    public let commitment: Fr

    /// Reads and checks a weights file: the metadata name the format and the layer widths;
    /// every `W_l.fixed`, `b_l.fixed` (I32) has its shape and holds values; every F32 copy is
    /// exactly value / 2^16; and `C(W)` of the values and salt is the stated commitment.
    /// - Throws: ``TrainingError/badWeights(_:)`` naming the file and the first fault.
    /// The largest weights file read: an MLP of this toolkit has far fewer than 2^26 values.
    public static let maxBytes: UInt64 = 1 << 30

    public static func read(path: String) throws(TrainingError) -> WeightsFile {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: maxBytes) } catch { throw .badWeights("\(error)") }
        return try WeightsFile(bytes: bytes, name: path)
    }

    public init(bytes: [UInt8], name: String) throws(TrainingError) {
        func bad(_ reason: String) -> TrainingError { .badWeights("\(name): \(reason)") }
        let file = try SafetensorsFile(bytes: bytes, name: name)
        let metadata = file.metadata
        guard metadata["format"] == RunDirectory.weightsFormat else { throw bad("metadata format is not \(RunDirectory.weightsFormat)") }
        guard metadata["fraction_bits"] == "\(FixedPoint.fractionBits)" else { throw bad("metadata fraction_bits is not \(FixedPoint.fractionBits)") }
        let widthTexts = metadata["layers"]?.split(separator: ",", omittingEmptySubsequences: false) ?? []
        let widths = widthTexts.compactMap { Int($0) }
        guard widths.count >= 2, widths.count == widthTexts.count, widths.allSatisfy({ $0 >= 1 }) else {
            throw bad("metadata layers is not a list of widths")
        }
        guard let stepText = metadata["step"], let step = Int(stepText), step >= 0 else { throw bad("metadata step is not a step number") }
        guard let saltText = metadata["salt"], let salt = Fr(saltText) else { throw bad("metadata salt is not a field element") }
        guard let statedText = metadata["commitment"], let stated = Fr(statedText) else {
            throw bad("metadata commitment is not a field element")
        }

        var layers: [DenseLayer] = []
        var expectedNames: Set<String> = []
        for l in 1..<widths.count {
            func values(_ tensor: String, shape: [Int]) throws(TrainingError) -> [Int64] {
                expectedNames.formUnion([tensor, tensor + ".fixed"])
                guard let fixed = file.tensor(tensor + ".fixed"), case .i32(let integers) = fixed.data, fixed.shape == shape else {
                    throw bad("no I32 tensor \(tensor).fixed of shape \(shape)")
                }
                guard let real = file.tensor(tensor), case .f32(let floats) = real.data, real.shape == shape else {
                    throw bad("no F32 tensor \(tensor) of shape \(shape)")
                }
                let exact = integers.map(Int64.init)
                if let i = exact.indices.first(where: { !FixedPoint.isValue(exact[$0]) }) {
                    throw bad("\(tensor).fixed[\(i)] = \(exact[i]) is outside the value range [−2^30, 2^30)")
                }
                if let i = exact.indices.first(where: { floats[$0].bitPattern != Float(FixedPoint.real(exact[$0])).bitPattern }) {
                    throw bad("\(tensor)[\(i)] = \(floats[i]) is not \(tensor).fixed[\(i)] / 2^16 = \(Float(FixedPoint.real(exact[i])))")
                }
                return exact
            }
            let weights = try values("W_\(l)", shape: [widths[l], widths[l - 1]])
            let bias = try values("b_\(l)", shape: [widths[l]])
            layers.append(DenseLayer(weights: IntegerMatrix(rows: widths[l], columns: widths[l - 1], values: weights), bias: bias))
        }
        if let extra = file.tensors.map(\.name).sorted().first(where: { !expectedNames.contains($0) }) {
            throw bad("unexpected tensor \(extra) for layers \(widths)")
        }
        // Every entry was checked to be a value above.
        parameters = try! MLPParameters(layers: layers)
        self.step = step
        self.salt = salt
        commitment = try! TensorCommitment.commit(parameters.tensors, salt: salt)
        guard commitment == stated else {
            throw bad("the weights and salt commit to \(RunDirectory.hex(commitment)), the file states \(RunDirectory.hex(stated))")
        }
    }
}
