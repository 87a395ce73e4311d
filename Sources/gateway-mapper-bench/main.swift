import Foundation
import Benchmarks
import Commands

let code = Bench.main(Array(CommandLine.arguments.dropFirst()), context: .standard())
exit(code.rawValue)
