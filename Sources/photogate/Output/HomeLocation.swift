/// Where the home is: `--home DIR`, else `$PHOTOGATE_HOME`, else `./photogate-home`.
enum HomeLocation {
    static let defaultPath = "photogate-home"

    static func resolve(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = environment["PHOTOGATE_HOME"], !variable.isEmpty { return variable }
        return defaultPath
    }
}
