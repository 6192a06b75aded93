/// Limits checked before any pixel is decoded, so a decompression bomb or a huge file is
/// refused from its header. Both limits are configurable.
public struct DecodeLimits: Sendable, Equatable {
    public var maxMegapixels: Int
    public var maxFileBytes: Int64

    public static let standard = DecodeLimits(maxMegapixels: 100, maxFileBytes: 256_000_000)

    public init(maxMegapixels: Int, maxFileBytes: Int64) {
        self.maxMegapixels = maxMegapixels
        self.maxFileBytes = maxFileBytes
    }

    public func check(fileSize: Int64) -> InputRejection? {
        if fileSize == 0 { return .empty }
        if fileSize > maxFileBytes { return .tooLarge(bytes: fileSize, limit: maxFileBytes) }
        return nil
    }

    public func check(width: Int, height: Int) -> InputRejection? {
        guard width > 0, height > 0 else { return .corrupt("the header declares no pixels") }
        let pixels = Double(width) * Double(height)
        if pixels > Double(maxMegapixels) * 1_000_000 {
            return .tooManyPixels(width: width, height: height, limitMegapixels: maxMegapixels)
        }
        return nil
    }
}
