#if canImport(Glibc)
import Glibc
#endif

/// Process-wide malloc settings for a batch job, applied once by the executables' `main`
/// before any work (the benchmark's read floor runs under them too).
public enum MemoryTuning {
    /// Asks glibc's malloc to serve blocks up to 4 MiB from its heaps and to keep up to 16 MiB
    /// free at a heap's top. Each sampled row makes SQLite copy its bodies into a buffer it frees
    /// at the next row, and each key's shapes are freed once decided: with the defaults, large
    /// buffers are mapped and unmapped (past a threshold that moves) and heap tops are returned
    /// to the kernel, so the same memory is faulted in again and again (1M rows: ≈ 23,000 page
    /// faults, ≈ 16,000 with these settings; peak RSS unchanged). Does nothing off glibc.
    public static func keepFreedMemoryForReuse() {
        #if canImport(Glibc)
        // `mallopt` is in <malloc.h>, which the Glibc module leaves out; M_TRIM_THRESHOLD is -1
        // and M_MMAP_THRESHOLD -3 there.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 4 << 20)
        _ = mallopt(-1, 16 << 20)
        #endif
    }
}
