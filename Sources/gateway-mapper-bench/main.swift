import Foundation
import GatewayMapperCore

let code = Bench.main(Array(CommandLine.arguments.dropFirst()), context: .standard())
exit(code.rawValue)
