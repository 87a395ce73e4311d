import Foundation
import GatewayMapperCore

let code = GatewayMapper.main(Array(CommandLine.arguments.dropFirst()), context: .standard())
exit(code.rawValue)
