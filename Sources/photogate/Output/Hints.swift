import PhotogateCore

/// What the command line adds to a refusal: the command or option that puts it right. The
/// services' messages name no flag or command; this is the one place that maps their stable
/// codes to this front end's words.
enum Hint {
    static func suffix(for error: PhotogateError) -> String {
        switch error.code {
        case "device.unknown": "; an admin adds it with `photogate device add`"
        case "channel.unknown": "; an admin adds it with `photogate channel add`"
        case "user.unknown": "; add them with `photogate user add` first"
        case "home.missing": "; create one with `photogate init`"
        case "reason.missing": " (give it with --reason)"
        case "school.missing": " (give it with --school)"
        case "roles.missing": " (give them with --role)"
        case "channel.platform-missing": " (give it with --platform)"
        case "channel.account-missing": " (give it with --account)"
        case "device.holder-missing": " (give it with --holder)"
        case "head.malformed": " (--expect-head)"
        case "password.own": ": run `photogate user password` without a name"
        case "signin.no-name": ": sign in with --user NAME (or set PHOTOGATE_USER)"
        case "signin.password-reset": ": run `photogate user password`"
        case "faces.model": "; run Scripts/setup, or set PHOTOGATE_FACE_MODEL to the model's path"
        case "text.language": "; run Scripts/setup (it installs tesseract-ocr-eng), or set PHOTOGATE_TESSDATA to the folder holding eng.traineddata"
        case "photo.sidecar-changed": " (`photogate ingest --device DEVICE FOLDER`, with the folder that holds both)"
        case "home.schema", "audit.schema": ". An auditor sees what with `photogate audit verify`"
        case "home.upgrades": ". Restore the home from a backup"
        default: ""
        }
    }

    /// The refusal as this front end words it.
    static func message(for error: PhotogateError) -> String {
        error.message + suffix(for: error)
    }
}
