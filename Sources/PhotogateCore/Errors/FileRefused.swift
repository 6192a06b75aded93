/// A file refused whole (a consent sheet, a tag manifest), with every problem by line, so
/// the office can fix them all at once. Nothing from it was used.
public struct FileRefused: Error, Sendable {
    /// The file's name as the person gave it.
    public var file: String
    public var problems: [LineProblem]

    public init(file: String, problems: [LineProblem]) {
        self.file = file
        self.problems = problems
    }
}
