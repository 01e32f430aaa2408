#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if FUZZING
/// Built with `-sanitize=fuzzer,address -DFUZZING` (scripts/fuzz.sh): libFuzzer owns `main`
/// and calls this for every input; POT_FUZZ_TARGET names the parser.
nonisolated(unsafe) private let target: FuzzTarget = {
    let name = getenv("POT_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTargets.named(name) else {
        complain("POT_FUZZ_TARGET must be one of: \(FuzzTargets.all.map(\.name).joined(separator: ", "))")
        exit(64)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    target.read(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver, run from the entry point SwiftPM gives an executable target
/// (`pot_fuzz_main`, which it links as `main`, so libFuzzer's own `main` is never pulled in).
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("pot_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc, argv = argv
    return runDriver(&argc, &argv, fuzzOneInput)
}
#else
/// A plain build replays inputs (a corpus, the regression inputs under Tests/) through one
/// target, so that every target stays buildable and every past finding keeps being checked:
///     pot-fuzz TARGET FILE...
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTargets.named(name) else {
            complain("usage: pot-fuzz TARGET FILE... (targets: \(FuzzTargets.all.map(\.name).joined(separator: ", ")))")
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                complain("pot-fuzz: \(path): cannot open")
                exit(2)
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while case let n = fread(&buffer, 1, buffer.count, file), n > 0 { bytes += buffer[0..<n] }
            fclose(file)
            target.read(bytes)
            count += 1
        }
        FuzzFile.remove()
        print("pot-fuzz \(name): \(count) inputs replayed")
    }
}
#endif

/// One line on stderr.
func complain(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
