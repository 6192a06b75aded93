import PhotogateCore

/// A copy of a clean JPEG (a sanitized photo or a render) small enough for a screen, made with
/// shrink-on-load, re-encoded with no metadata and verified clean like every JPEG Photogate
/// hands out.
public enum ScreenImage {
    public static func jpeg(fromClean jpeg: [UInt8], size: ScreenSize, quality: Int = 85) throws(InputRejection) -> [UInt8] {
        do {
            let reduced = try VipsImage.shrunkJPEG(jpeg, maxSide: size.longSide)
            let bytes = try reduced.srgb8().jpegBytes(quality: quality)
            try CleanJPEGVerifier.verify(bytes, expectedSize: (reduced.width, reduced.height))
            return bytes
        } catch let error as VipsError {
            throw .corrupt(error.description)
        } catch let error as CleanJPEGVerifier.Failure {
            throw .verificationFailed(error.description)
        } catch {
            throw .corrupt("\(error)")
        }
    }
}
