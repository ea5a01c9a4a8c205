import Findings

public enum ReportFormat: String, CaseIterable, Sendable { case text, json, sarif, github }
