import Foundation
import PhotogateTestSupport
import Testing

@Suite("Signing in and opening the home")
struct SignInCommandTests {
    /// A folder holding someone else's SQLite database under Photogate's file name.
    func foreignHome(_ sql: String) throws -> TemporaryFolder {
        let folder = TemporaryFolder("foreign")
        let result = try CommandRunner.run("/usr/bin/sqlite3", [folder.path + "/photogate.sqlite", sql])
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }

    @Test("another program's database named photogate.sqlite is refused before the password, and left exactly as it was", arguments: [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('shopping list');",
        // Another GRDB app: a migrations table, but not Photogate's migrations.
        "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('createRecipes');",
        "PRAGMA journal_mode = WAL; CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept in WAL mode');",
        // Photogate's first migration, but marked as another application's file.
        "PRAGMA application_id = 1234; CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('v1: registers, ingest and the audit chain');",
    ])
    func foreignDatabase(sql: String) throws {
        let folder = try foreignHome(sql)
        let before = try #require(folder.read("photogate.sqlite"))
        let listing = folder.list()
        for password in ["whatever-password", nil] {
            var environment = ["PHOTOGATE_USER": "admin"]
            environment["PHOTOGATE_PASSWORD"] = password
            let result = try CommandRunner.photogate(["user", "list", "--home", folder.path], environment: environment)
            #expect(result.status == 2)
            #expect(result.stderrLines == ["photogate: \(folder.path) is not a Photogate home: its photogate.sqlite belongs to another program; nothing was changed"])
        }
        #expect(TestDigest.sha256(Data(try #require(folder.read("photogate.sqlite")))) == TestDigest.sha256(Data(before)))
        #expect(folder.list() == listing)
    }

    @Test("a file that is not a database at all is refused with one line and left as it was")
    func notADatabase() throws {
        let folder = TemporaryFolder("not-a-database")
        let text = Array("these are not the photos you are looking for\n".utf8)
        folder.write("photogate.sqlite", text)
        let result = try CommandRunner.photogate(["user", "list", "--home", folder.path],
                                                 environment: ["PHOTOGATE_USER": "admin", "PHOTOGATE_PASSWORD": "whatever-password"])
        #expect(result.status == 2)
        #expect(result.stderrLines == ["photogate: \(folder.path) is not a Photogate home: its photogate.sqlite belongs to another program; nothing was changed"])
        #expect(folder.read("photogate.sqlite") == text)
        #expect(folder.list() == ["photogate.sqlite"])
    }

    @Test("a wrong password changes nothing in the home's files")
    func wrongPasswordWritesNothing() throws {
        let school = try SchoolHome()
        let database = school.path + "/photogate.sqlite"
        let before = try #require(FileManager.default.contents(atPath: database))
        let modified = try FileManager.default.attributesOfItem(atPath: database)[.modificationDate] as? Date
        let wrong = try school.run(["user", "list"], password: "not-the-password", environment: ["PHOTOGATE_USER": "admin"])
        #expect(wrong.status == 3)
        #expect(FileManager.default.contents(atPath: database) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: database)[.modificationDate] as? Date == modified)
    }

    @Test("a home opens again and again, and its user list still works after a wrong password")
    func reopen() throws {
        let school = try SchoolHome()
        #expect(try school.run(["user", "list"], password: "not-the-password", environment: ["PHOTOGATE_USER": "admin"]).status == 3)
        for _ in 0..<2 {
            let list = try school.run(as: "admin", ["user", "list", "--json"])
            #expect(list.status == 0, "\(list.stderr)")
        }
    }
}
