@testable import PoTModels
import XCTest

/// `--device`: ggml's registry, which device each choice takes, and the refusals.
final class ComputeDeviceTests: XCTestCase {
    private let cpu = ComputeDevice(name: "CPU", summary: "Some CPU", kind: .cpu, index: 0)
    private let igpu = ComputeDevice(name: "Vulkan0", summary: "Some iGPU", kind: .integratedGPU, index: 1)
    private let gpu = ComputeDevice(name: "CUDA0", summary: "Some card", kind: .gpu, index: 2)

    func testTheRegistryHasTheCPU() throws {
        let devices = ComputeDevice.all
        XCTAssertTrue(devices.contains { $0.kind == .cpu }, "\(devices)")
        XCTAssertEqual(try DeviceChoice.cpu.device().kind, .cpu)
    }

    func testTheChoicesAmongDevices() throws {
        XCTAssertEqual(try DeviceChoice.cpu.device(among: [igpu, cpu]), cpu)
        XCTAssertEqual(try DeviceChoice.auto.device(among: [cpu]), cpu)
        // The runner computes on no GPU yet: auto keeps to the CPU, gpu says why it refuses.
        XCTAssertEqual(try DeviceChoice.auto.device(among: [cpu, igpu, gpu]), cpu)
        XCTAssertThrowsError(try DeviceChoice.gpu.device(among: [cpu, igpu, gpu])) { error in
            // A discrete GPU comes before an integrated one.
            XCTAssertTrue("\(error)".contains("CUDA0 (Some card, gpu) is not one it can use"), "\(error)")
        }
        XCTAssertThrowsError(try DeviceChoice.gpu.device(among: [cpu])) { error in
            XCTAssertEqual("\(error)", "ggml registers no GPU device; the devices present are: CPU (Some CPU, cpu)")
        }
        XCTAssertThrowsError(try DeviceChoice.cpu.device(among: [gpu])) { error in
            XCTAssertTrue("\(error)".contains("no CPU device"), "\(error)")
        }
    }

    /// Where ggml registers no GPU (this Linux machine), `--device gpu` names every device present.
    func testGPUWhereThereIsNoneNamesTheDevicesPresent() throws {
        let devices = ComputeDevice.all
        try XCTSkipIf(devices.contains { $0.kind.isGPU }, "ggml registers a GPU here")
        let path = Fixtures.url("tiny-llama.gguf").path
        XCTAssertThrowsError(try LanguageModel(path: path, device: .gpu)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("\(path): ggml registers no GPU device"), message)
            for device in devices { XCTAssertTrue(message.contains(device.description), message) }
        }
    }

    /// `auto` takes the registry's CPU device while the runner computes on no GPU, and scores
    /// bit for bit as `cpu` (the device every reference test runs on).
    func testAutoIsTheCPUDevice() throws {
        let path = Fixtures.url("tiny-qwen2.gguf").path
        let tokens = try Reference.load("tiny-qwen2_reference.json").tokens
        let onCPU = try LanguageModel(path: path, threads: 2, device: .cpu)
        let onAuto = try LanguageModel(path: path, threads: 2, device: .auto)
        XCTAssertEqual(onCPU.device, try DeviceChoice.cpu.device())
        XCTAssertEqual(onAuto.device, onCPU.device)
        XCTAssertEqual(try onCPU.logProbs(tokens), try onAuto.logProbs(tokens))
    }
}
