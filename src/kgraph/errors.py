"""The one exception hierarchy of kgraph: every message is a single line a person can act on.

Each class says what it becomes for a user: `exit_code` for the command line (`kgraph.cli.main` is the one place
that turns an error into an exit status) and `http_status`, `cause` (the `X-Kgraph-Error` header) and `headers` for
the endpoint (`kgraph.serve._answers.error_response` is the one place that turns an error into an HTTP answer).
"""

from pathlib import Path
from typing import ClassVar


class KgraphError(Exception):
    """Base of every error kgraph reports to a user; the CLI prints it as one line and exits non-zero."""

    exit_code: ClassVar[int] = 1
    http_status: int = 500
    cause: str = "error"
    headers: ClassVar[dict[str, str]] = {}

    @property
    def message(self) -> str:
        return str(self)


class UsageError(KgraphError):
    """An option's value is not one kgraph accepts (an unknown format, engine or setting)."""

    exit_code = 2
    http_status = 400
    cause = "usage"


class InputError(KgraphError):
    """An input file cannot be read or parsed."""

    exit_code = 2

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column = str(path), line, column
        location = self.path if line is None else f"{self.path}:{line}:{column or 1}"
        super().__init__(f"{location}: {message}")
        self.detail = message


class ValidationFailed(KgraphError):
    """The data does not conform to the SHACL shapes."""

    def __init__(self, report_text: str, violations: int):
        self.report_text, self.violations = report_text, violations
        super().__init__(f"the data does not conform to the shapes ({violations} violations); "
                         "run `kgraph validate` for the report")


class QueryError(KgraphError):
    """A SPARQL query is malformed or refused."""

    http_status = 400
    cause = "query"


class RequestRefused(QueryError):
    """A request the endpoint will not evaluate; `status` is the HTTP status to answer, `cause` a short name."""

    def __init__(self, status: int, message: str, cause: str = "refused", headers: dict[str, str] | None = None):
        super().__init__(message)
        self.http_status, self.cause = status, cause
        self.headers = dict(headers or {})  # type: ignore[misc]  # per instance, where the class has none

    @property
    def status(self) -> int:
        return self.http_status


class QuerySyntaxError(RequestRefused):
    def __init__(self, message: str):
        super().__init__(400, message, "syntax")


class ServeError(KgraphError):
    """The endpoint cannot start (its address is taken, its store cannot be used)."""


class EvaluationError(KgraphError):
    """A query that was accepted could not be answered."""

    http_status = 500
    cause = "engine"


class QueryTimeout(EvaluationError):
    http_status = 422
    cause = "timeout"

    def __init__(self, seconds: float):
        super().__init__(f"query timed out: it did not finish within the {seconds:g} s limit and its evaluation was "
                         "stopped. Narrow it down (LIMIT, more specific patterns) or ask the operator for a longer "
                         "--timeout.")


class QueryOutOfMemory(EvaluationError):
    http_status = 422
    cause = "memory"

    def __init__(self, megabytes: int):
        super().__init__(f"the query needed more than the {megabytes} MB a query may use; its evaluation was stopped. "
                         "Narrow it down (LIMIT, fewer unbound patterns, no ORDER BY over a cross product).")


class PoolBusy(EvaluationError):
    http_status = 429
    cause = "busy"
    headers: ClassVar[dict[str, str]] = {"Retry-After": "5"}

    def __init__(self, workers: int, seconds: float):
        super().__init__(f"all {workers} query workers stayed busy for {seconds:g} s; try again later")


class TooManyLongQueries(EvaluationError):
    """The query ran past the long-query mark while every long-query slot was taken: it was stopped, so that a worker
    stays free for quick queries."""

    http_status = 429
    cause = "long-queries"
    headers: ClassVar[dict[str, str]] = {"Retry-After": "5"}

    def __init__(self, seconds: float, others: int):
        super().__init__(f"this query ran past {seconds:g} s while {others} other long queries were running, so it "
                         "was stopped to keep a worker free for quick queries; try again later, or narrow it down")


class WorkerCrashed(EvaluationError):
    """The worker died under the query: `reason` is 'panic' (the engine gave up), 'crash', or 'killed' (from
    outside, again and again)."""

    cause = "engine-crash"

    def __init__(self, reason: str):
        self.reason = reason
        if reason == "killed":
            self.http_status, self.cause = 503, "workers-killed"
            self.headers = {"Retry-After": "5"}  # type: ignore[misc]
            super().__init__("query workers kept being killed from outside under this query; try again")
        else:
            super().__init__(f"the query engine {'gave up on' if reason == 'panic' else 'crashed under'} this query "
                             "(a fault of the engine; the operator's log has its message). Rephrasing it may avoid it.")
