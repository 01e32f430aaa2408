/// Facts about the algebra layer as a whole.
public enum Algebra {
    /// The GMP version the toolkit is linked against (GMP parses and prints big numbers and
    /// serves as the tests' oracle; hot loops never use it).
    public static var gmpVersion: String { BigNumber.libraryVersion }
}
