import SystemZlib

/// Unpacks zlib-compressed data (PNG's compressed text chunks) with a cap on what comes out,
/// so a small chunk cannot unpack into gigabytes.
enum Inflate {
    enum Failure: Error, Equatable {
        /// The data is not a whole zlib stream.
        case damaged
        /// It unpacks to more than the cap.
        case tooLarge
    }

    /// - Parameter produced: how many bytes came out, whether the stream was whole or not.
    static func bytes(_ compressed: ArraySlice<UInt8>, limit: Int, produced total: inout Int) throws(Failure) -> [UInt8] {
        var produced = 0
        defer { total = produced }
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .damaged }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let input = Array(compressed)
        let status: Int32 = input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            var result = Z_OK
            while result == Z_OK {
                result = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let out = chunk.count - Int(stream.avail_out)
                produced += out
                guard output.count + out <= limit else { return Z_MEM_ERROR }
                output += chunk[..<out]
                // No progress with input left means the stream is cut short.
                if result == Z_OK, out == 0, stream.avail_in == 0 { return Z_DATA_ERROR }
            }
            return result
        }
        switch status {
        case Z_STREAM_END: return output
        case Z_MEM_ERROR: throw .tooLarge
        default: throw .damaged
        }
    }
}

/// What unpacking may cost one photo: compressed blocks that could say who is in it are
/// unpacked at most `maxBlocks` times, to at most `maxBytes` in all (a block that unpacks to
/// too much counts as all it was allowed). A small file of many compressed blocks, or of many
/// items that point at one block, then takes a moment and a few tens of megabytes at most;
/// whatever is beyond is reported unreadable.
struct UnpackBudget {
    static let maxBlocks = 8
    static let maxBytes = 16 << 20

    enum Refusal: Error, Equatable {
        case damaged, tooLarge, tooManyBlocks, overTotal

        /// Words after the block's name.
        var description: String {
            switch self {
            case .damaged: "is damaged and cannot be unpacked"
            case .tooLarge: "unpacks to more than the \(XMPReader.maxPacketBytes >> 20) MB limit"
            case .tooManyBlocks: "was not unpacked: the photo has more than \(UnpackBudget.maxBlocks) compressed blocks that could name people"
            case .overTotal: "was not unpacked: the photo's compressed blocks come to more than \(UnpackBudget.maxBytes >> 20) MB in all"
            }
        }
    }

    private var blocks = 0
    private var bytes = 0

    mutating func inflate(_ compressed: ArraySlice<UInt8>) throws(Refusal) -> [UInt8] {
        blocks += 1
        guard blocks <= Self.maxBlocks else { throw .tooManyBlocks }
        let room = Self.maxBytes - bytes
        guard room > 0 else { throw .overTotal }
        let limit = min(XMPReader.maxPacketBytes, room)
        var produced = 0
        defer { bytes += produced }
        do throws(Inflate.Failure) {
            return try Inflate.bytes(compressed, limit: limit, produced: &produced)
        } catch .tooLarge {
            throw limit < XMPReader.maxPacketBytes ? .overTotal : .tooLarge
        } catch {
            throw .damaged
        }
    }
}
