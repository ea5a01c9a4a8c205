import XCTest
@testable import Python

final class TokenizerTests: XCTestCase {
    func testIndentDedentAndNewlines() {
        let t = tokenize("if x:\n    y\n\n    # c\n  \nz\n")
        XCTAssertEqual(t.kinds, [.kwIf, .name, .colon, .newline, .indent, .name, .newline, .dedent, .name, .newline, .endMarker])
    }

    func testImplicitJoiningInsideBracketsAndBackslash() {
        let t = tokenize("x = (1,\n  2)\ny = 1 + \\\n 2\n")
        XCTAssertEqual(t.kinds.filter { $0 == .newline }.count, 2)
        XCTAssertFalse(t.kinds.contains(.indent))
    }

    func testEveryOperator() {
        let ops = ":= -> @= **= //= >>= <<= ... != == <= >= ** // << >> += -= *= /= %= &= |= ^= ( ) [ ] { } : , ; + - * / | & < > = . % ~ ^ @ !"
        let t = tokenize("f'{x" + "}'\n" + ops + "\n")
        let kinds = Array(t.kinds.drop { $0 != .newline }.dropFirst().prefix { $0 != .newline && $0 != .error })
        XCTAssertEqual(kinds, [.colonEqual, .rarrow, .atEqual, .doubleStarEqual, .doubleSlashEqual, .rightShiftEqual,
                               .leftShiftEqual, .ellipsis, .notEqual, .eqEqual, .lessEqual, .greaterEqual, .doubleStar,
                               .doubleSlash, .leftShift, .rightShift, .plusEqual, .minEqual, .starEqual, .slashEqual,
                               .percentEqual, .amperEqual, .vbarEqual, .circumflexEqual, .lpar, .rpar, .lsqb, .rsqb,
                               .lbrace, .rbrace, .colon, .comma, .semi, .plus, .minus, .star, .slash, .vbar, .amper,
                               .less, .greater, .equal, .dot, .percent, .tilde, .circumflex, .at, .exclamation])
    }

    func testNumbers() {
        for n in ["0", "00", "0_0", "1_000", "0x_1F", "0o17", "0b1_0", "1.5", ".5", "5.", "1e10", "1E-5", "1.5e+3", "1j", "1.5J", "1_0.0_1e1_0j"] {
            let t = tokenize(n + "\n")
            XCTAssertEqual(t.kinds, [.number, .newline, .endMarker], n)
            XCTAssertEqual(t.texts[0], n)
        }
        for bad in ["01", "1__0", "1_", "0x", "0b2", "0o8", "1e", "1abc", "0x1g"] {
            XCTAssertFalse(tokenize(bad + "\n").errors.isEmpty, bad)
        }
        // A keyword may touch a number.
        XCTAssertEqual(tokenize("1if x else 2\n").kinds.prefix(2), [.number, .kwIf])
    }

    func testStringPrefixesAndQuotes() {
        for s in ["'a'", "\"a\"", "'''a\nb'''", "\"\"\"a\"\"\"", "r'\\\\'", "r'\\''", "b'x'", "B'x'", "u'x'", "U'x'", "rb'x'", "bR'x'", "Rb'x'", "BR'x'", "'it\\'s'"] {
            let t = tokenize(s + "\n")
            XCTAssertEqual(t.kinds, [.string, .newline, .endMarker], s)
        }
        for s in ["f'x'", "F'x'", "rf'x'", "fR'x'", "Rf'x'", "FR'x'"] {
            let t = tokenize(s + "\n")
            XCTAssertEqual(t.kinds, [.fstringStart, .fstringMiddle, .fstringEnd, .newline, .endMarker], s)
        }
        // `ur` is not a prefix: a name and then a string.
        XCTAssertEqual(tokenize("ur'x'\n").kinds.prefix(2), [.name, .string])
        XCTAssertFalse(tokenize("'abc\n").errors.isEmpty)
        XCTAssertFalse(tokenize("'''abc\n").errors.isEmpty)
    }

    func testFStringTokensWithNestedFieldsAndSpecs() {
        let t = tokenize("f'a{b!r:>{w}}c'\n")
        XCTAssertEqual(t.kinds, [.fstringStart, .fstringMiddle, .lbrace, .name, .exclamation, .name, .colon, .fstringMiddle,
                                 .lbrace, .name, .rbrace, .rbrace, .fstringMiddle, .fstringEnd, .newline, .endMarker])
        XCTAssertEqual(t.texts[7], ">")
    }

    func testPEP701NestedQuotesDependOnVersion() {
        let src = "f'{x['k']}'\n"
        XCTAssertTrue(tokenize(src, version: .v3_12).errors.isEmpty)
        XCTAssertFalse(tokenize(src, version: .v3_11).errors.isEmpty)
        XCTAssertTrue(tokenize("f'{\"k\"}'\n", version: .v3_11).errors.isEmpty)
        XCTAssertFalse(tokenize("f'{a\\\nb}'\n", version: .v3_11).errors.isEmpty)
        let deep = tokenize("f\"{f'{f\"{1}\"}'}\"\n")
        XCTAssertEqual(deep.kinds.filter { $0 == .fstringStart }.count, 3)
        XCTAssertTrue(deep.errors.isEmpty)
    }

    func testPositionsAreBytesFromLineStart() {
        let t = tokenize("é = 'ü'\n  x\n")
        XCTAssertEqual(t.tokens[0].startPos, Position(line: 1, column: 0))
        XCTAssertEqual(t.tokens[0].endPos, Position(line: 1, column: 2))
        XCTAssertEqual(t.tokens[2].startPos, Position(line: 1, column: 5))
        XCTAssertEqual(t.tokens[2].endPos, Position(line: 1, column: 9))
        let multi = tokenize("x = '''a\nbc'''\n")
        XCTAssertEqual(multi.tokens[2].endPos, Position(line: 2, column: 5))
    }

    func testBOMCRLFTabsAndFormFeeds() {
        let bom = tokenize("\u{FEFF}x = 1\n")
        XCTAssertEqual(bom.tokens[0].startPos, Position(line: 1, column: 0))
        XCTAssertTrue(bom.errors.isEmpty)
        let crlf = tokenize("if x:\r\n    y\r\nz\r\n")
        XCTAssertEqual(crlf.kinds, [.kwIf, .name, .colon, .newline, .indent, .name, .newline, .dedent, .name, .newline, .endMarker])
        XCTAssertEqual(crlf.tokens[5].startPos, Position(line: 2, column: 4))
        XCTAssertTrue(tokenize("if x:\n\ty\n\tz\n").errors.isEmpty)
        // A tab and eight spaces reach the same column, but CPython refuses to mix them.
        XCTAssertFalse(tokenize("if x:\n\ty\n        z\n").errors.isEmpty)
        XCTAssertFalse(tokenize("if x:\n\ty\n    z\n").errors.isEmpty)
        XCTAssertTrue(tokenize("\u{0C}x = 1\n").errors.isEmpty)
    }

    func testBackslashInsideIndentation() {
        // CPython: the first backslash fixes the level at its column, unless that column is 0.
        XCTAssertFalse(tokenize("if x:\n    a\n   \\\n    b\n").errors.isEmpty)
        XCTAssertTrue(tokenize("if x:\n    a\n   \\\n         # c\n    b\n").errors.isEmpty)
        XCTAssertTrue(tokenize("if x:\n    a\n\\\n    b\n").errors.isEmpty)
        let r = parse("if x:\n    a\n    \\\nb\n")
        guard case .if(_, let body, _)? = r.module.body.first?.kind else { return XCTFail() }
        XCTAssertEqual(body.count, 2, "b continues the if body at the backslash's column")
    }

    func testErrorsAreTokensAndTokenizingGoesOn() {
        let t = tokenize("x = $\ny = 1\n")
        XCTAssertTrue(t.kinds.contains(.error))
        XCTAssertEqual(t.texts.filter { $0 == "y" }.count, 1)
        XCTAssertEqual(t.errors.first?.position, Position(line: 1, column: 4))
        XCTAssertFalse(tokenize("x = (1,\n").errors.isEmpty, "unclosed bracket")
        XCTAssertFalse(tokenize("x = 1)\n").errors.isEmpty, "unmatched bracket")
        XCTAssertFalse(tokenize("if x:\n    y\n  z\n").errors.isEmpty, "dedent to an unknown level")
    }

    func testNonASCIIIdentifiers() {
        XCTAssertTrue(tokenize("名前 = ñ\n").errors.isEmpty)
        XCTAssertFalse(tokenize("a€ = 1\n").errors.isEmpty)
        XCTAssertFalse(tokenize("a\u{00A0}= 1\n").errors.isEmpty)
    }
}
