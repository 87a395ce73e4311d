import Foundation
import GatewayMapperCore

MemoryTuning.keepFreedMemoryForReuse()
let code = GatewayMapper.main(Array(CommandLine.arguments.dropFirst()), context: .standard())
exit(code.rawValue)
