import CGGML

/// A device of ggml's backend registry: the CPU, and a GPU where the linked ggml was built with
/// one (Metal on a Mac, CUDA, Vulkan, …). The devices are those the ggml library registers
/// when it is loaded; no backend is loaded from a file.
public struct ComputeDevice: Sendable, Equatable, CustomStringConvertible {
    /// ggml's kinds of device.
    public enum Kind: String, Sendable {
        case cpu
        case gpu
        /// A GPU sharing the host's memory.
        case integratedGPU = "igpu"
        /// An accelerator beside the CPU (BLAS, AMX), which takes some operations only.
        case accelerator = "accel"
        /// A kind this toolkit does not know (a later ggml's).
        case other

        init(_ type: ggml_backend_dev_type) {
            switch type {
            case GGML_BACKEND_DEVICE_TYPE_CPU: self = .cpu
            case GGML_BACKEND_DEVICE_TYPE_GPU: self = .gpu
            case GGML_BACKEND_DEVICE_TYPE_IGPU: self = .integratedGPU
            case GGML_BACKEND_DEVICE_TYPE_ACCEL: self = .accelerator
            default: self = .other
            }
        }

        /// Whether `--device gpu` takes a device of this kind.
        var isGPU: Bool { self == .gpu || self == .integratedGPU }
    }

    /// ggml's name for the device: "CPU", "Metal", "CUDA0", …
    public let name: String
    /// ggml's description of it: the processor's or the card's name.
    public let summary: String
    public let kind: Kind
    /// Position in ggml's registry.
    let index: Int

    /// Every device ggml registers, in its order.
    public static var all: [ComputeDevice] {
        (0..<ggml_backend_dev_count()).map { i in
            let device = ggml_backend_dev_get(i)
            return ComputeDevice(
                name: String(cString: ggml_backend_dev_name(device)),
                summary: String(cString: ggml_backend_dev_description(device)),
                kind: Kind(ggml_backend_dev_type(device)), index: i)
        }
    }

    /// `CPU (AMD EPYC, cpu)`.
    public var description: String { "\(name) (\(summary), \(kind.rawValue))" }

    /// ggml's handle of the device.
    var handle: ggml_backend_dev_t { ggml_backend_dev_get(index) }
}
