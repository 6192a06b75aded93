import PhotogateCore

/// Recognises RAW camera files by their content. Their first page, when a decoder can read
/// one at all, is often a small preview (a DNG's can be 8 × 8 pixels): publishing it would
/// publish something other than the photo, so they are refused, with what they are.
///
/// Formats with their own signature are named by it; TIFF-based ones are recognised by
/// structure as well as by signature: a DNG version, sensor data (CFA or linear raw), a
/// first page that is a reduced-resolution image, images in sub-directories, or a Phase One
/// raw block in the maker note.
enum RawCameraFile {
    static func rejection(_ bytes: [UInt8]) -> InputRejection? {
        kind(bytes).map(InputRejection.rawCameraFile)
    }

    /// What kind of RAW file the bytes are, in words, or `nil`.
    static func kind(_ b: [UInt8]) -> String? {
        if b.hasBytes("FUJIFILMCCD-RAW", at: 0) { return "Fujifilm RAF" }
        if b.hasBytes("ftypcrx ", at: 4) { return "Canon CR3" }
        if b.hasBytes("HEAPCCDR", at: 6) { return "Canon CRW" }
        if b.hasBytes([0x00, 0x4D, 0x52, 0x4D], at: 0) { return "Minolta MRW" }
        if b.hasBytes("FOVb", at: 0) { return "Sigma X3F" }
        if b.hasBytes("IIRO", at: 0) || b.hasBytes("IIRS", at: 0) || b.hasBytes("MMOR", at: 0) { return "Olympus ORF" }
        if b.hasBytes([0x49, 0x49, 0x55, 0x00], at: 0) { return "Panasonic RW2" }
        guard let tiff = TIFFStructure(b) else { return nil }
        if b.hasBytes([0x43, 0x52, 0x02, 0x00], at: 8) { return "Canon CR2" }
        // The first few pages and their sub-directories are where RAW files keep their images.
        let pages = tiff.pages.prefix(8)
        guard let first = pages.first else { return nil }
        if first[TIFFTag.dngVersion] != nil { return "DNG" }
        let subDirectories = pages.flatMap { tiff.directories(pointedToBy: $0[TIFFTag.subIFDs]).prefix(8) }
        // 32803: colour filter array (a Bayer mosaic); 34892: linear raw.
        if (pages + subDirectories).contains(where: { [32803, 34892].contains(tiff.numbers($0[TIFFTag.photometric]).first ?? 0) }) {
            return "sensor data in a TIFF structure"
        }
        let makerNote = tiff.directories(pointedToBy: first[TIFFTag.exifIFD]).first.flatMap { tiff.data($0[TIFFTag.makerNote]) }
        if let makerNote, makerNote.starts(with: Array("IIII".utf8)) && Array(makerNote.dropFirst(5).prefix(3)) == Array("waR".utf8)
            || makerNote.starts(with: Array("MMMMRaw".utf8)) {
            return "Phase One IIQ"
        }
        // Bit 0 of NewSubfileType: the page is a reduced-resolution copy of another image.
        if (tiff.numbers(first[TIFFTag.newSubfileType]).first ?? 0) & 1 == 1 || first[TIFFTag.subIFDs] != nil {
            return "a TIFF whose first page is only a preview"
        }
        return nil
    }
}
