import Foundation
import PhotogateCore
import PhotogateFiles
import PhotogateMedia
import PhotogateStore

/// Where the command line finds the face model: `$PHOTOGATE_FACE_MODEL` when it is set (and
/// nothing else); otherwise the home's `models` folder, then where `Scripts/install` puts it
/// beside the binary, then `.cache/assets` under the current folder (where `Scripts/setup`
/// puts it). Loaded and checked once per run.
enum FaceModels {
    static func engine(for home: PhotogateHome, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FaceEngine {
        do {
            return FaceEngine(model: try locate(home: home.root, environment: environment), textLanguage: textLanguage(environment: environment))
        } catch let problem as FaceModel.Problem {
            throw PhotogateError.integrity(problem.description, code: "faces.model")
        }
    }

    /// Tesseract's language data: in `$PHOTOGATE_TESSDATA` when it is set, else where Debian
    /// puts it. Checked now, reported only when a photo is to be read.
    static func textLanguage(environment: [String: String]) -> Result<TextLanguage, TextLanguage.Problem> {
        let folder = environment["PHOTOGATE_TESSDATA"].flatMap { $0.isEmpty ? nil : $0 } ?? TextLanguage.standardFolder
        return Result { () throws(TextLanguage.Problem) in try TextLanguage(folder: folder) }
    }

    static func locate(home: String?, environment: [String: String]) throws -> FaceModel {
        if let explicit = environment["PHOTOGATE_FACE_MODEL"], !explicit.isEmpty {
            guard SafeFile.entry(at: explicit) != .missing else {
                throw FaceModel.Problem(description: "the face detection model is missing: PHOTOGATE_FACE_MODEL points to \(explicit), which does not exist")
            }
            return try FaceModel(verifying: explicit)
        }
        var candidates: [String] = []
        if let home { candidates.append("\(home)/models/\(FaceModel.fileName)") }
        if let installed = InstalledFiles.path(FaceModel.fileName) { candidates.append(installed) }
        candidates.append(FileManager.default.currentDirectoryPath + "/.cache/assets/\(FaceModel.fileName)")
        guard let path = candidates.first(where: { SafeFile.entry(at: $0) != .missing }) else {
            throw FaceModel.Problem(description: "the face detection model (\(FaceModel.fileName)) is missing")
        }
        return try FaceModel(verifying: path)
    }
}
