"""The one exception hierarchy of kgraph: every message is a single line a person can act on."""

from pathlib import Path


class KgraphError(Exception):
    """Base of every error kgraph reports to a user; the CLI prints it as one line and exits non-zero."""

    exit_code = 1


class InputError(KgraphError):
    """An input file cannot be read or parsed."""

    exit_code = 2

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column, self.message = str(path), line, column, message
        location = self.path if line is None else f"{self.path}:{line}:{column or 1}"
        super().__init__(f"{location}: {message}")


class ValidationFailed(KgraphError):
    """The data does not conform to the SHACL shapes."""

    def __init__(self, report_text: str, violations: int):
        self.report_text, self.violations = report_text, violations
        super().__init__(f"the data does not conform to the shapes ({violations} violations); "
                         "run `kgraph validate` for the report")


class QueryError(KgraphError):
    """A SPARQL query is malformed or refused."""
