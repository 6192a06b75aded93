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

    static func bytes(_ compressed: ArraySlice<UInt8>, limit: Int) throws(Failure) -> [UInt8] {
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
                let produced = chunk.count - Int(stream.avail_out)
                guard output.count + produced <= limit else { return Z_MEM_ERROR }
                output += chunk[..<produced]
                // No progress with input left means the stream is cut short.
                if result == Z_OK, produced == 0, stream.avail_in == 0 { return Z_DATA_ERROR }
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
