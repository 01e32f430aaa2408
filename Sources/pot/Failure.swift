import ArgumentParser
import Foundation

/// The CLI's one error style, `pot: FILE: at byte N (FIELD): reason` on stderr, and its exit
/// codes (README): 0 ok, 1 checked and invalid, 2 unusable input, 64 usage.
enum Failure {
    static let invalid: Int32 = 1
    static let unusable: Int32 = 2

    /// Prints `pot: message` on stderr.
    static func report(_ message: String) {
        FileHandle.standardError.write(Data("pot: \(message)\n".utf8))
    }

    /// Whether `error` is about the command's input rather than its usage: not one of
    /// ArgumentParser's own (usage, help, an exit code a command chose), which it reports itself.
    static func isAboutInput(_ error: Error) -> Bool {
        !(error is ExitCode) && !(error is CleanExit) && Pot.exitCode(for: error) == .failure
    }

    /// The error in words: the library's own description, or for a Foundation error the file
    /// and the system's reason instead of its `Error Domain=… Code=…` dump.
    static func message(_ error: Error) -> String {
        guard let cocoa = error as? CocoaError else { return String(describing: error) }
        let path = cocoa.filePath ?? cocoa.url?.path
        var reason = cocoa.localizedDescription
        if let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(underlying.code)))
        }
        return path.map { "\($0): \(reason)" } ?? reason
    }
}

/// A command that ran and failed for a reason about its input (not its usage): exit code 2.
struct InputFailure: Error, CustomStringConvertible {
    let description: String
}
