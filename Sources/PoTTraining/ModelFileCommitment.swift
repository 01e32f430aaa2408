import PoTCircuits
import PoTAlgebra
import PoTCommitments
import PoTHashing

/// `C(W)` (docs/training.md) of the floating-point tensors of a model file, so that a released
/// model can be bound to a training chain: every F32, F16 and BF16 tensor, in the order the
/// file stores them, each value converted to fixed point (`round(x · 2^16)`, half away from
/// zero) and packed, then the salt leaf. Tensors of other dtypes are not committed; they are
/// listed in ``skipped``. The file is streamed: memory does not grow with its size.
public struct ModelFileCommitment: Sendable {
    public let root: Fr
    public let salt: Fr
    /// The committed tensors, in commitment order.
    public let tensors: [TensorLayout]
    /// Tensors that are not F32, F16 or BF16, left out.
    public let skipped: [TensorLayout]
    /// Values committed.
    public let valueCount: Int

    /// Reads the model `layout` and commits to its float tensors with `salt`.
    /// - Throws: ``ModelFileError`` naming the file for a value that is not finite or outside
    ///   the fixed-point range (with the tensor's name and the value's index), for a file that
    ///   ends early, and for a model without float tensors.
    public init(layout: ModelLayout, salt: Fr, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws {
        let floats = layout.tensors.filter(FloatTensorReader.isFloat)
        guard !floats.isEmpty else {
            throw ModelFileError(path: layout.files[0].path, reason: "no F32, F16 or BF16 tensors to commit to")
        }
        var accumulator = TensorCommitment.Accumulator()
        var count = 0
        for (t, tensor) in floats.enumerated() {
            let path = layout.files[tensor.file].path
            var index = 0
            var values: [Int64] = []
            try FloatTensorReader.read(tensor, in: layout) { chunk in
                values.removeAll(keepingCapacity: true)
                do throws(FixedPointError) {
                    for x in chunk {
                        values.append(try FixedPoint.value(of: x, "tensor \(tensor.name.debugDescription) element \(index)"))
                        index += 1
                    }
                } catch {
                    throw ModelFileError(path: path, reason: error.description)
                }
                // FixedPoint's range is the packing's, so this append cannot fail.
                try accumulator.append(values)
            }
            accumulator.endTensor()
            count += index
            progress(t + 1, floats.count)
        }
        root = accumulator.finish(salt: salt)
        self.salt = salt
        tensors = floats
        skipped = layout.tensors.filter { !FloatTensorReader.isFloat($0) }
        valueCount = count
    }
}
