// swift-tools-version:6.0
import PackageDescription

/// glib's headers, which only the C targets that include libvips need (Debian multiarch
/// folders; a folder that does not exist is ignored). Swift never imports glib.
let glibHeaderFlags = [
    "-I/usr/include/glib-2.0",
    "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include",
    "-I/usr/lib/aarch64-linux-gnu/glib-2.0/include",
]

let package = Package(
    name: "Photogate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "photogate", targets: ["photogate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C interop: system libraries and the thin C layer Swift needs to call them.
        // libvips is reached only through CVips' opaque handles.
        .target(
            name: "CVips",
            cSettings: [.unsafeFlags(glibHeaderFlags)],
            linkerSettings: [
                .linkedLibrary("vips"), .linkedLibrary("gobject-2.0"), .linkedLibrary("glib-2.0"), .linkedLibrary("lcms2"),
                .linkedLibrary("jpeg"),
            ]
        ),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        // CenterFace through OpenCV's DNN module (Debian's libopencv-dnn-dev).
        .target(
            name: "CFaceDetect",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4"])],
            linkerSettings: [.linkedLibrary("opencv_dnn"), .linkedLibrary("opencv_core")]
        ),
        // Reading text in photos: Tesseract 5 through its C API (Debian's libtesseract-dev), with
        // lines of text found first by OpenCV's image processing (libopencv-imgproc-dev).
        .target(
            name: "CTextRead",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4"])],
            linkerSettings: [.linkedLibrary("tesseract"), .linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core")]
        ),
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        // Unicode's confusables from the system ICU (Debian's libicu-dev), behind a C function
        // whose header shows Swift no ICU type (Foundation carries its own ICU).
        .target(name: "CConfusables", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        // zlib, for the compressed XMP chunks of PNG files (and the tests' PNG builders).
        .systemLibrary(name: "SystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Domain: pure Swift, no I/O.
        .target(name: "PhotogateCore"),

        // The Unicode data the domain's name rules need (confusables), from ICU.
        .target(name: "PhotogateUnicode", dependencies: ["PhotogateCore", "CConfusables"]),

        // Safe file primitives shared by every layer that touches the disk.
        // A tiny C layer for the one call Swift cannot reach (rename without replacing).
        .target(name: "CFileOps"),
        .target(
            name: "PhotogateFiles",
            dependencies: ["PhotogateCore", "CFileOps", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // Media: decode, inspect, sanitize, verify.
        .target(
            name: "PhotogateMedia",
            dependencies: [
                "PhotogateCore", "PhotogateFiles", "CVips", "CExif", "CFaceDetect", "CTextRead", "SystemZlib",
            ]
        ),

        // Storage: the SQLite schema and its migrations, the vault, the audit chain.
        .target(
            name: "PhotogateStore",
            dependencies: [
                "PhotogateCore", "PhotogateFiles", "CArgon2",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // Services: the use cases the front ends call.
        .target(
            name: "PhotogateServices",
            dependencies: [
                "PhotogateCore", "PhotogateFiles", "PhotogateMedia", "PhotogateStore", "PhotogateUnicode",
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),

        // Front end: the web app (Hummingbird 2, Mustache templates, plain JavaScript).
        .target(
            name: "PhotogateWeb",
            dependencies: [
                "PhotogateCore", "PhotogateFiles", "PhotogateMedia", "PhotogateStore", "PhotogateServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),

        // Front end: the command-line tool.
        .executableTarget(
            name: "photogate",
            dependencies: [
                "PhotogateCore", "PhotogateFiles", "PhotogateMedia", "PhotogateStore", "PhotogateServices", "PhotogateWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ]
        ),

        // Fuzzing: every reader of outside bytes as a target (PhotogateFuzzing), and the program
        // libFuzzer drives (`Scripts/fuzz`, built with PHOTOGATE_FUZZING and the fuzzer and
        // address sanitizers). Built normally, the program only replays saved inputs.
        .target(name: "PhotogateFuzzing", dependencies: ["PhotogateCore", "PhotogateMedia", "PhotogateServices"]),
        .executableTarget(name: "photogate-fuzz", dependencies: ["PhotogateFuzzing"]),

        // Test-only: builders for worst-case inputs (libvips encoders, libexif writer, Little
        // CMS for a Display P3 profile) and the shared test helpers.
        .systemLibrary(name: "CLittleCMS", path: "Tests/CLittleCMS", pkgConfig: "lcms2"),
        .target(
            name: "CVipsTestSupport",
            path: "Tests/CVipsTestSupport",
            cSettings: [.unsafeFlags(glibHeaderFlags)],
            linkerSettings: [.linkedLibrary("vips"), .linkedLibrary("gobject-2.0"), .linkedLibrary("glib-2.0")]
        ),
        .target(
            name: "PhotogateTestSupport",
            dependencies: [
                "CVipsTestSupport", "CExif", "CLittleCMS", "SystemZlib", "PhotogateCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/PhotogateTestSupport"
        ),
        // Test-only: a school's home built once through the real use cases, copied for each
        // test (the services' tests and the web app's).
        .target(
            name: "PhotogateSchoolSupport",
            dependencies: ["PhotogateCore", "PhotogateMedia", "PhotogateServices", "PhotogateStore", "PhotogateTestSupport"],
            path: "Tests/PhotogateSchoolSupport"
        ),

        .testTarget(name: "PhotogateCoreTests", dependencies: ["PhotogateCore", "PhotogateUnicode"]),
        .testTarget(
            name: "PhotogateStoreTests",
            dependencies: ["PhotogateCore", "PhotogateStore", "PhotogateTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "PhotogateFilesTests", dependencies: ["PhotogateCore", "PhotogateFiles", "PhotogateTestSupport"]),
        .testTarget(
            name: "PhotogateMediaTests",
            dependencies: ["PhotogateCore", "PhotogateFiles", "PhotogateMedia", "PhotogateTestSupport"]
        ),
        // Every use case in-process against a temporary home, as a web front end would call them.
        .testTarget(
            name: "PhotogateServicesTests",
            dependencies: ["PhotogateCore", "PhotogateFiles", "PhotogateMedia", "PhotogateServices", "PhotogateStore", "PhotogateTestSupport",
                           "PhotogateSchoolSupport"]
        ),
        .testTarget(
            name: "PhotogateWebTests",
            dependencies: ["PhotogateCore", "PhotogateMedia", "PhotogateServices", "PhotogateStore", "PhotogateWeb", "PhotogateTestSupport", "PhotogateSchoolSupport",
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "PhotogateCLITests",
            dependencies: ["PhotogateCore", "PhotogateMedia", "PhotogateTestSupport", "photogate"]
        ),
        .testTarget(name: "PhotogateFuzzingTests", dependencies: ["PhotogateFuzzing"]),
        .testTarget(
            name: "PhotogateCorpusTests",
            dependencies: ["PhotogateCore", "PhotogateMedia", "PhotogateTestSupport", "photogate"]
        ),
    ]
)
