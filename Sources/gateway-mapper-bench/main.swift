import Foundation
import GatewayMapperCore

MemoryTuning.keepFreedMemoryForReuse()
let code = Bench.main(Array(CommandLine.arguments.dropFirst()), context: .standard())
exit(code.rawValue)
