import Findings
import Git
import PythonRules
import Secrets
