/// Which of ggml's devices (``ComputeDevice``) a model computes on: `--device cpu|gpu|auto`.
public enum DeviceChoice: String, Sendable, CaseIterable {
    /// ggml's CPU device.
    case cpu
    /// The first GPU device ggml registers (a discrete one before an integrated one).
    case gpu
    /// The first GPU device the model runner computes on, otherwise the CPU.
    case auto

    /// The device this choice names among `devices` (ggml's, by default).
    /// - Throws: ``DeviceError`` naming the devices present when there is none of the kind
    ///   asked for, or when the GPU present is one the model runner does not compute on.
    public func device(among devices: [ComputeDevice] = ComputeDevice.all) throws(DeviceError) -> ComputeDevice {
        let present = devices.isEmpty ? "none" : devices.map(\.description).joined(separator: ", ")
        let gpus = devices.filter { $0.kind == .gpu } + devices.filter { $0.kind == .integratedGPU }
        switch self {
        case .cpu:
            guard let cpu = devices.first(where: { $0.kind == .cpu }) else {
                throw DeviceError(reason: "ggml registers no CPU device (devices: \(present))")
            }
            return cpu
        case .gpu:
            guard let gpu = gpus.first else {
                throw DeviceError(reason: "ggml registers no GPU device; the devices present are: \(present)")
            }
            guard LanguageModel.computes(on: gpu) else {
                throw DeviceError(
                    reason: "the model runner computes on ggml's CPU device only so far; \(gpu) is not one it can use (docs/models.md)")
            }
            return gpu
        case .auto:
            if let gpu = gpus.first(where: LanguageModel.computes(on:)) { return gpu }
            return try DeviceChoice.cpu.device(among: devices)
        }
    }
}
