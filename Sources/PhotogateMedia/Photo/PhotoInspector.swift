import PhotogateCore

/// Everything read from a photo before any pixel is decoded: the privacy report, the people
/// its metadata names, and the header the decoder will start from.
struct InspectedPhoto {
    let report: PrivacyReport
    let xmp: XMPFacts
    let header: VipsImage
    /// How the image the photo's regions describe turns upright: the EXIF orientation, or for
    /// a HEIF (which the decoder shows already turned) its rotation and mirroring properties.
    let regionOrientation: Orientation
}

/// Builds the privacy report office staff read before they trust a photo.
public enum PhotoInspector {
    /// Reads the report of one photo. Refuses a file whose header is unreadable or declares
    /// more pixels than the limit, before decoding anything.
    public static func inspect(_ photo: PhotoFile, limits: DecodeLimits) throws(InputRejection) -> PrivacyReport {
        try inspectForProcessing(photo, limits: limits).report
    }

    /// Reads the report and proves every pixel decodes (`OpenedPhoto`'s rule), so a truncated
    /// or damaged photo is refused now rather than when it is first published.
    public static func inspectAndDecode(_ photo: PhotoFile, limits: DecodeLimits) throws(InputRejection) -> PrivacyReport {
        try OpenedPhoto(photo, limits: limits).inspected.report
    }

    static func inspectForProcessing(_ photo: PhotoFile, limits: DecodeLimits) throws(InputRejection) -> InspectedPhoto {
        if let problem = ContainerIntegrity.hazard(photo.bytes, format: photo.format) { throw .corrupt(problem) }
        let header: VipsImage
        do {
            header = try VipsImage.load(photo.bytes, format: photo.format, randomAccess: false)
        } catch {
            throw .corrupt("\(error)")
        }
        if let rejection = limits.check(width: header.width, height: header.height) { throw rejection }

        var container = ContainerScanner.scan(photo.bytes, format: photo.format)
        container.merge(
            decoderExif: header.blob("exif-data") ?? (photo.format == .tiff ? photo.bytes : nil),
            decoderXMP: header.blob("xmp-data"),
            decoderICC: header.hasField("icc-profile-data"),
            decoderIPTC: header.hasField("iptc-data")
        )
        let exif = container.exif.flatMap(ExifReader.read) ?? ExifFacts()
        let xmp = tags(photo.format, container: container, exif: exif)

        var found = container.found
        if !exif.xmpPackets.isEmpty { found.insert(.xmp) }
        if exif.hasGPS { found.insert(.gps) }
        if exif.hasMakerNote { found.insert(.makernote) }
        if exif.hasThumbnail { found.insert(.thumbnail) }
        if photo.format == .tiff, !exif.describesCapture {
            // A TIFF's own directory always has tags; only capture details count as EXIF.
            found.remove(.exif)
        }

        let report = PrivacyReport(
            format: photo.format,
            width: header.width,
            height: header.height,
            orientation: header.orientation,
            gps: exif.gps,
            make: exif.make,
            model: exif.model,
            serial: exif.serial ?? container.serial,
            capturedAt: exif.capturedAt,
            people: xmp.people,
            found: found,
            makerNotesUndecoded: exif.makerNoteUndecoded,
            unreadableTags: xmp.unreadable
        )
        // The decoder has already applied a HEIF's own turn; any orientation it still
        // reports is applied after it.
        let regionOrientation = (container.transform ?? .up).then(header.orientation)
        return InspectedPhoto(report: report, xmp: xmp, header: header, regionOrientation: regionOrientation)
    }

    /// What every XMP packet of the photo says about who is in it, and every tag-bearing
    /// block that could not be read. Package-wide for the fuzz targets, which read tags
    /// exactly as this does.
    package static func tags(_ format: ImageFormat, container: ContainerMetadata, exif: ExifFacts) -> XMPFacts {
        var packets = container.xmpPackets
        // A TIFF's own directory is its EXIF: its main directory's XMP was read with the container.
        packets += exif.xmpPackets.filter { format != .tiff || !$0.inMainDirectory }.map(\.packet)
        var xmp = XMPReader.read(packets)
        // Many blocks refused for one reason are one sentence.
        var seen = Set<String>()
        xmp.unreadable = (container.unreadable + xmp.unreadable).filter { seen.insert($0).inserted }
        // The main packet names its extended packet: one with no part at all is missing too.
        if format == .jpeg, xmp.declaredExtensions.contains(where: { !container.extendedXMPGUIDs.contains($0.uppercased()) }) {
            xmp.unreadable.append("\(ExtendedXMPAssembler.source) is missing, though the photo's XMP says it has one")
        }
        return xmp
    }
}
