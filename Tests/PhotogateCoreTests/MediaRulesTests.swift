import PhotogateCore
import Testing

@Suite("Decode limits")
struct DecodeLimitsTests {
    @Test("a 50,000 × 50,000 header is refused under the default 100-megapixel limit")
    func bomb() {
        let rejection = DecodeLimits.standard.check(width: 50_000, height: 50_000)
        #expect(rejection == .tooManyPixels(width: 50_000, height: 50_000, limitMegapixels: 100))
        #expect(rejection?.message.contains("2500 megapixels") == true)
        #expect(rejection?.message.contains("before decoding") == true)
    }

    @Test("a 12-megapixel photo passes, and the limit is configurable")
    func configurable() {
        #expect(DecodeLimits.standard.check(width: 4000, height: 3000) == nil)
        let strict = DecodeLimits(maxMegapixels: 10, maxFileBytes: 1_000_000)
        #expect(strict.check(width: 4000, height: 3000) != nil)
        #expect(strict.check(fileSize: 2_000_000) == .tooLarge(bytes: 2_000_000, limit: 1_000_000))
    }

    @Test("an empty file and a header without pixels are refused")
    func empty() {
        #expect(DecodeLimits.standard.check(fileSize: 0) == .empty)
        #expect(DecodeLimits.standard.check(width: 0, height: 10) != nil)
    }
}

@Suite("EXIF values")
struct ExifValueTests {
    @Test("EXIF times become ISO 8601, with their offset")
    func times() {
        #expect(ExifDateTime.iso8601("2021:04:11 15:47:53", offset: "-05:00") == "2021-04-11T15:47:53-05:00")
        #expect(ExifDateTime.iso8601("2008:10:22 16:28:39\0") == "2008-10-22T16:28:39")
        #expect(ExifDateTime.iso8601("2008:10:22 16:28:39", offset: "garbage") == "2008-10-22T16:28:39")
    }

    @Test("blank or impossible times are dropped", arguments: [
        "    :  :     :  :  ", "0000:00:00 00:00:00", "2008:13:40 25:00:00", "", "yesterday",
        "2026:99999999999999999999:01 10:00:00", "2026:０４:11 15:47:53",
    ])
    func badTimes(value: String) {
        #expect(ExifDateTime.iso8601(value) == nil)
    }

    @Test("degrees, minutes and seconds with a hemisphere")
    func coordinates() {
        #expect(abs(GeoPoint.degrees(51, 30, 2.52, reference: "N") - 51.5007) < 1e-6)
        #expect(abs(GeoPoint.degrees(0, 7, 28.56, reference: "W") + 0.1246) < 1e-6)
        #expect(GeoPoint(lat: 91, lon: 0).isValid == false)
    }
}

@Suite("Privacy report")
struct PrivacyReportTests {
    @Test("GPS and serial numbers are listed for removal even when only their fields are known")
    func removable() {
        let report = PrivacyReport(format: .jpeg, width: 10, height: 10, gps: GeoPoint(lat: 1, lon: 2),
                                   serial: "123", found: [.exif, .xmp])
        #expect(report.removable == [.gps, .serial, .exif, .xmp])
    }

    @Test("a photo stored sideways reports its upright size")
    func uprightSize() {
        let report = PrivacyReport(format: .jpeg, width: 4000, height: 3000, orientation: .right)
        #expect(report.uprightSize == (3000, 4000))
    }

    @Test("every rejection reads as a sentence with a stable code")
    func rejectionMessages() {
        let all: [InputRejection] = [.notFound, .symbolicLink, .notRegularFile, .unreadable("x"), .empty,
                                     .tooLarge(bytes: 3, limit: 2), .unsupportedFormat,
                                     .tooManyPixels(width: 1, height: 1, limitMegapixels: 1), .corrupt("x"),
                                     .verificationFailed("x"), .writeFailed("x")]
        #expect(Set(all.map(\.code)).count == all.count)
        #expect(all.allSatisfy { !$0.message.isEmpty && !$0.message.contains("\n") })
    }
}
