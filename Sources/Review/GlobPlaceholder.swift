// Temporary until Glob.swift lands from the report branch.
func globMatches(_ pattern: String, _ path: String) -> Bool {
    if pattern.hasSuffix("/**") { return path.hasPrefix(String(pattern.dropLast(2))) }
    return pattern == path
}
