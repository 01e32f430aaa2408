/// Why a `--device` choice cannot be met.
public struct DeviceError: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}
