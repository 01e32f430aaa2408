import ArgumentParser
import PoTModels

/// `--device cpu|gpu|auto`: the device of ggml's registry a model computes on.
struct DeviceOption: ParsableArguments {
    @Option(help: "Device to compute on: cpu, gpu or auto (a GPU where ggml has one the runner computes on, else the CPU; `pot model info` lists ggml's devices).")
    var device = DeviceChoice.auto

    /// Refuses, naming the devices present, a choice no device meets.
    func validate() throws {
        do { _ = try device.device() } catch { throw ValidationError("--device \(device.rawValue): \(error.reason)") }
    }
}

extension DeviceChoice: ExpressibleByArgument {}
