import ArgumentParser

/// `pot`: one subcommand per user task.
@main
struct Pot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pot",
        abstract: "Proof-of-Training toolkit: commitments, behavioural checks and zero-knowledge proofs over BN254.",
        version: Toolkit.version,
        subcommands: [Demo.self, Commit.self, Model.self, Challenge.self, Behave.self, Keygen.self, Prove.self, Verify.self, Plan.self, Bench.self, Setup.self, Version.self])
}

enum Toolkit {
    static let version = "0.1.0"
}
