import Foundation
import Commands

let code = GatewayMapper.main(Array(CommandLine.arguments.dropFirst()), context: .standard())
exit(code.rawValue)
