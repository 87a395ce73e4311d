/// Process exit codes, from sysexits.h.
public struct ExitCode: Error, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    public static let success = ExitCode(0)
    /// `report`: something is pending, drifted or failing (see the README).
    public static let attention = ExitCode(1)
    /// EX_USAGE: the command line is wrong.
    public static let usage = ExitCode(64)
    /// EX_DATAERR: the input data is wrong (not a log database, a broken catalog file).
    public static let dataError = ExitCode(65)
    /// EX_NOINPUT: an input file does not exist or cannot be read.
    public static let noInput = ExitCode(66)
    /// EX_UNAVAILABLE: a service the command needs (a database server) cannot be reached.
    public static let unavailable = ExitCode(69)
    /// EX_SOFTWARE: an internal error.
    public static let software = ExitCode(70)
    /// EX_CANTCREAT: an output cannot be created or written (read-only database, full disk).
    public static let cannotCreate = ExitCode(73)
    /// EX_IOERR: an I/O error.
    public static let ioError = ExitCode(74)
    /// EX_TEMPFAIL: try again later (the database is locked, another run holds the lock).
    public static let tryAgain = ExitCode(75)
    /// EX_NOPERM: this user lacks a permission the command needs (a directory SQLite must write in).
    public static let noPermission = ExitCode(77)

    public var description: String { "\(rawValue)" }
}
