import PhotogateCore
import Testing

@Suite("Passwords a guesser tries first")
struct PasswordStrengthTests {
    func problem(_ password: String, user: String = "u1", school: String = "Rose Lane Primary") -> String? {
        Credentials.problem(withPassword: password, userName: user, school: school)
    }

    @Test("sequences along the digits, the alphabet or the keyboard are refused, forwards or backwards", arguments: [
        "123456789012", "098765432109", "abcdefghijkl", "lkjihgfedcba", "wertyuiopasd", "asdfghjkl;'z", "1qaz2wsx3edc",
        "abcdef123456", "!@#$%^&*()_+", "zyxwvu987654", "zertyuiopqsd", "poiuytrewqlk",
    ])
    func sequences(password: String) {
        #expect(problem(password)?.contains("a sequence such as 123456") == true, "\(password): \(problem(password) ?? "accepted")")
    }

    @Test("one short part said again and again is refused", arguments: [
        "abababababab", "abcabcabcabc", "12341234123412", "passwordpassword", "xyZ!xyZ!xyZ!",
    ])
    func repeatedParts(password: String) {
        #expect(problem(password)?.contains("one short part repeated") == true, "\(password): \(problem(password) ?? "accepted")")
    }

    @Test("a common password with a little around it is refused, however its letters are disguised", arguments: [
        "password1234", "Password2024!", "P@ssw0rd2024", "pa ss wo rd 12 34", "letmein12345", "iloveyou2024", "Welcome12345",
        "qwerty123456", "qwertyuiopas", "azertyuiopqs", "Summer2024!!",
    ])
    func commonPasswords(password: String) {
        #expect(problem(password)?.contains("a common password") == true || problem(password)?.contains("a sequence") == true,
                "\(password): \(problem(password) ?? "accepted")")
    }

    @Test("the user's own name or the school's name with a little around it is refused")
    func namesAround() {
        #expect(problem("u1u1u1u1u1u1")?.contains("repeated") == true)
        #expect(problem("amelia-2024-12", user: "amelia")?.contains("your user name") == true)
        #expect(problem("AMELIA12345678", user: "amelia")?.contains("your user name") == true)
        #expect(problem("Rose Lane Primary")?.contains("the school's name") == true)
        #expect(problem("roselaneprimary1")?.contains("the school's name") == true)
        #expect(problem("RoseLane2024!!")?.contains("the school's name") == true)
        #expect(problem("Primary!2024x")?.contains("the school's name") == true)
        #expect(problem("Amelia2024-12-25", user: "amelia") != nil, "a name and a date")
    }

    @Test("a password that merely holds a short name or a common word among much else is fine", arguments: [
        ("Companion-Spade-47", "pa"), ("amy-own-choice-7", "amy"), ("passwordX7#kQ9zL", "u1"), ("primary-colours-on-canvas", "u1"),
        ("correct horse battery staple", "u1"), ("Strawberry-Fields-9", "u1"), ("blue-otter-harbour-31", "u1"),
    ])
    func acceptable(password: String, user: String) {
        #expect(problem(password, user: user) == nil, "\(password): \(problem(password, user: user) ?? "")")
    }

    @Test("the measure counts only characters that do not follow from the ones before")
    func measure() {
        #expect(PasswordStrength.freshCount(Array("abc")) == 1)
        #expect(PasswordStrength.freshCount(Array("ab")) == 2, "two neighbours are a pair in many words, not a run")
        #expect(PasswordStrength.freshCount(Array("aab")) == 2)
        #expect(PasswordStrength.freshCount(Array("kT9#mQ2$vL7!")) == 12)
        #expect(PasswordStrength.isShortPartRepeated(Array("abab")))
        #expect(!PasswordStrength.isShortPartRepeated(Array("abaca")))
    }
}
