import Foundation
import Store
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run per SQLite mappings file: an exclusive `flock` on `<database>.lock`, released when the
/// lease goes or the process ends however it ends. The holder writes who it is into the file for
/// the next comer.
final class FileRunLock: RunLease {
    let path: String
    private let descriptor: Int32

    /// Takes the lock at once or fails; never waits.
    init(databasePath: String, mode: String) throws(RunLockFailure) {
        path = databasePath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .cannotCreate(location: path, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let holder = count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
            throw .held(holder: holder)
        }
        descriptor = fd
        let host = ProcessInfo.processInfo.hostName
        let note = "pid=\(getpid()) host=\(host) mode=\(mode) started=\(Date().ISO8601Format())\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
