import CGGML
import COpenSSL

/// Versions of the system libraries the toolkit is linked against, as they report them.
public enum LibraryVersions {
    public static var openSSL: String { String(cString: OpenSSL_version(numericCast(OPENSSL_VERSION))) }
    public static var ggml: String { String(cString: ggml_version()) }
}
