import ArgumentParser
import PoTAlgebra
import PoTSystem

/// Prints the toolkit's version and those of the libraries it is linked against.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the toolkit and library versions.")

    func run() {
        print("pot \(Toolkit.version)")
        print("GMP \(Algebra.gmpVersion)")
        print(LibraryVersions.openSSL)
        print("ggml \(LibraryVersions.ggml)")
    }
}
