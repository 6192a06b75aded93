import ArgumentParser
import Foundation
import HummingbirdTLS
import PhotogateCore
import PhotogateStore
import PhotogateWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open Photogate in the browser on this computer (the office, the head, the PA...).",
        discussion: """
        Listens on 127.0.0.1 (this computer only) unless --bind names another address; then the \
        connection must be encrypted (--tls-cert and --tls-key), or a proxy in front must do it \
        (--behind-proxy). People sign in with the same names and passwords as on the command line.
        """
    )

    @Option(help: "The Photogate home folder (default: $PHOTOGATE_HOME, else ./photogate-home).")
    var home: String?

    @Option(help: "The address to listen on.")
    var bind = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "The TLS certificate chain (PEM), to serve HTTPS.")
    var tlsCert: String?

    @Option(help: "The TLS private key (PEM).")
    var tlsKey: String?

    @Flag(help: "A reverse proxy in front encrypts the connection (it must send only HTTPS to browsers).")
    var behindProxy = false

    @Option(help: "Where published posts go (default: the home's outbox folder).")
    var outbox: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port is 1 to 65535.") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together.") }
        if !Self.isLoopback(bind), tlsCert == nil, !behindProxy {
            throw ValidationError("""
                listening on \(bind) would send passwords and children's photos over the network unencrypted: \
                give --tls-cert and --tls-key, or --behind-proxy when a proxy in front encrypts the connection.
                """)
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "127.0.0.1" || address == "::1" || address == "localhost" || address.hasPrefix("127.")
    }

    func run() async throws {
        let root = HomeLocation.resolve(option: home, environment: ProcessInfo.processInfo.environment)
        let opened = try await HomeEntrance.open(at: root).enter()
        let engine = try FaceModels.engine(for: opened)
        var tls: TLSConfiguration?
        if let tlsCert, let tlsKey {
            do {
                tls = TLSConfiguration.makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(tlsCert).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(file: tlsKey, format: .pem)))
            } catch {
                throw PhotogateError.invalid("the TLS certificate or key cannot be read: \(error)")
            }
        }
        let options = WebOptions(host: bind, port: port, tls: tls, outbox: outbox ?? root + "/outbox")
        let app = try await WebApp.application(home: opened, engine: engine, options: options)
        let school = try await opened.settings.current().school
        let scheme = tls == nil ? "http" : "https"
        Terminal.line("Photogate for \(school) is open at \(scheme)://\(bind.contains(":") ? "[\(bind)]" : bind):\(port)")
        try await app.runService()
    }
}
