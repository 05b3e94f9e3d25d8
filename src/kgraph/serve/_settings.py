"""The endpoint's one settings object (pydantic-settings): command-line arguments, then KGRAPH_* environment
variables, then the defaults."""

import argparse
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from kgraph.errors import UsageError

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
ISOLATION_MODES = ("auto", "namespace", "none")


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.replace("\n", ",").split(",") if item.strip())


def _map(value: str) -> dict[str, str]:
    """`IRI=URL,IRI=URL` (the first '=' after the IRI splits)."""
    mapping = {}
    for item in _list(value):
        iri, separator, url = item.partition("=")
        if not separator:
            raise UsageError(f"SERVICE map entry {item!r} is not IRI=URL")
        mapping[iri.strip()] = url.strip()
    return mapping


def _env(name: str, variable: str) -> Any:
    """A field read from an environment variable other than KGRAPH_<NAME> (and settable by its own name)."""
    return AliasChoices(name, variable)


Positive = Annotated[int, Field(ge=1)]


class Settings(BaseSettings):
    """Every knob of `kgraph serve`. Each field is read from KGRAPH_<FIELD> unless another variable is named."""

    model_config = SettingsConfigDict(env_prefix="KGRAPH_", frozen=True, populate_by_name=True, env_ignore_empty=True,
                                      extra="forbid")

    host: str = "127.0.0.1"
    port: Positive = Field(8000, validation_alias=_env("port", "PORT"))
    timeout: float = Field(30.0, gt=0)
    max_rows: Positive = 10000
    workers: Positive = 2
    allowed_services: Annotated[tuple[str, ...], NoDecode] = Field(
        (WIKIDATA_SPARQL,), validation_alias=_env("allowed_services", "KGRAPH_ALLOW_SERVICE"))
    service_map: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    update_token: str | None = None
    public_url: str | None = None
    project_root: Path | None = Field(None, validation_alias=_env("project_root", "KGRAPH_ROOT"))
    cors: bool = True
    store_url: str | None = Field(None, validation_alias=_env("store_url", "KGRAPH_STORE"))
    cache_mb: int = Field(64, ge=0)
    plan_cache_mb: int = Field(4, ge=0)
    # bounds on what one request may use (README: "Security model")
    max_query_kb: Positive = 64
    max_depth: Positive = 64
    max_answer_mb: Positive = 16
    max_head_kb: Positive = 32
    max_body_kb: Positive = 256
    request_timeout: float = Field(10.0, gt=0)
    worker_memory_mb: Positive = 1024
    isolation: Literal["auto", "namespace", "none"] = "auto"
    client_queries: Positive | None = None
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    max_connections: Positive = 1000
    max_connections_per_client: Positive = 32
    long_queries: Positive | None = None

    @field_validator("allowed_services", "trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return _list(value) if isinstance(value, str) else value

    @field_validator("service_map", mode="before")
    @classmethod
    def _service_map(cls, value: Any) -> Any:
        return _map(value) if isinstance(value, str) else value

    @classmethod
    def load(cls, **overrides: Any) -> "Settings":
        """The settings: `overrides` (the command line's), then the environment, then the defaults; a bad value is a
        UsageError naming the setting."""
        try:
            return cls(**overrides)
        except ValidationError as invalid:
            problem = invalid.errors()[0]
            name = str(problem["loc"][0]).replace("_", "-") if problem["loc"] else "setting"
            raise UsageError(f"{name}: {problem['msg']} (got {problem.get('input')!r})") from None

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)

    @property
    def queries_per_client(self) -> int:
        """Queries one client may have in the pool at once: by default one worker fewer than there are, so that a
        single client can never hold them all."""
        return self.client_queries or max(1, self.workers - 1)

    @property
    def stack_mb(self) -> int:
        """The evaluation thread's stack: measured, Oxigraph needs at most 1-2 KB of stack per byte of query (a 64 KB
        chain of `!` or 32,000 nested parentheses run in 64 MB); 4 KB per byte leaves a margin of two or more."""
        return max(64, 4 * self.max_query_kb)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `kgraph serve` options; unset options fall back to KGRAPH_* variables, then to the defaults."""
    group = parser.add_argument_group("endpoint")
    group.add_argument("--host", help="interface to listen on (default 127.0.0.1; $KGRAPH_HOST)")
    group.add_argument("--port", type=int, help="TCP port (default 8000; $PORT)")
    group.add_argument("--timeout", type=float, help="per-query time limit in seconds (default 30; $KGRAPH_TIMEOUT)")
    group.add_argument("--max-rows", type=int, help="cap on result rows/triples (default 10000; $KGRAPH_MAX_ROWS)")
    group.add_argument("--workers", type=int, help="query worker processes (default 2; $KGRAPH_WORKERS)")
    group.add_argument("--allow-service", action="append", metavar="IRI",
                       help="SERVICE endpoint IRI queries may call; repeatable; replaces the default "
                            f"({WIKIDATA_SPARQL}); $KGRAPH_ALLOW_SERVICE (comma-separated); "
                            "--allow-service none allows none")
    group.add_argument("--service-map", action="append", metavar="IRI=URL",
                       help="send SERVICE <IRI> to URL instead (e.g. a local Wikidata stand-in); repeatable; "
                            "$KGRAPH_SERVICE_MAP")
    group.add_argument("--public-url", help="the endpoint's public base URL, e.g. https://w3id.org "
                                            "(default: taken from each request; $KGRAPH_PUBLIC_URL)")
    group.add_argument("--cache-mb", type=int, help="memory for cached query answers, in MB; 0 turns the cache off "
                                                    "(default 64; $KGRAPH_CACHE_MB)")
    group.add_argument("--plan-cache-mb", type=int,
                       help="memory for the inspector's plans of recent query texts, in MB, so that a repeated query "
                            "is not inspected again, also with --cache-mb 0; 0 turns it off (default 4; "
                            "$KGRAPH_PLAN_CACHE_MB)")
    group.add_argument("--store", dest="store_url", metavar="SPARQL_URL",
                       help="evaluate queries in this external SPARQL store (its query endpoint) instead of the "
                            "embedded one; publish the graphs there first with `kgraph publish` ($KGRAPH_STORE)")
    group.add_argument("--update-token", help="enable SPARQL Update for requests bearing this token "
                                              "(default: off, read-only; prefer $KGRAPH_UPDATE_TOKEN)")
    bounds = parser.add_argument_group("bounds (see the README's security model)")
    bounds.add_argument("--max-query-kb", type=int, help="largest query text, KiB (default 64; 413 past it)")
    bounds.add_argument("--max-depth", type=int, help="deepest nesting of brackets in a query (default 64; 400)")
    bounds.add_argument("--max-answer-mb", type=int, help="largest answer, MiB, truncated like --max-rows (default 16)")
    bounds.add_argument("--max-head-kb", type=int, help="largest request line + headers, KiB (default 32; 414/431)")
    bounds.add_argument("--max-body-kb", type=int, help="largest request body, KiB (default 256; 413)")
    bounds.add_argument("--request-timeout", type=float, help="seconds a request's head, then its body, may take to "
                                                             "arrive (default 10; 408)")
    bounds.add_argument("--worker-memory-mb", type=int, help="memory a query may add to its worker, MiB "
                                                             "(default 1024; 422 past it)")
    bounds.add_argument("--isolation", choices=ISOLATION_MODES,
                        help="query workers in a network namespace of their own: auto (where the OS allows it), "
                             "namespace (required), none (default auto)")
    bounds.add_argument("--client-queries", type=int, help="queries one client may have running or waiting at once "
                                                          "(default: workers - 1, at least 1; 429 past it)")
    bounds.add_argument("--trusted-proxy", dest="trusted_proxies", action="append", metavar="IP",
                        help="a reverse proxy whose X-Forwarded-For names the client; repeatable (default: none)")
    bounds.add_argument("--max-connections", type=int, help="open connections at once (default 1000; 503 past it, "
                                                           "except /health)")
    bounds.add_argument("--max-connections-per-client", type=int,
                        help="open connections from one client (an IPv4 address, an IPv6 /64) at once (default 32; "
                             "429 past it; a --trusted-proxy is not limited)")
    bounds.add_argument("--long-queries", type=int,
                        help="queries that may run past 1 s at once, from all clients (default: workers - 1, at "
                             "least 1; a query past 1 s without a free slot is stopped: 429)")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The command line's settings over the environment's (a --service-map adds to $KGRAPH_SERVICE_MAP)."""
    overrides: dict[str, Any] = {}
    for name in ("host", "port", "timeout", "max_rows", "workers", "public_url", "update_token", "store_url",
                 "cache_mb", "plan_cache_mb", "max_query_kb", "max_depth", "max_answer_mb", "max_head_kb", "max_body_kb",
                 "request_timeout", "worker_memory_mb", "isolation", "client_queries", "max_connections",
                 "max_connections_per_client", "long_queries"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    if getattr(args, "allow_service", None):
        overrides["allowed_services"] = tuple(s for s in args.allow_service if s.lower() != "none")
    if getattr(args, "trusted_proxies", None):
        overrides["trusted_proxies"] = tuple(args.trusted_proxies)
    if getattr(args, "service_map", None):
        overrides["service_map"] = {**Settings.load().service_map, **_map(",".join(args.service_map))}
    root = getattr(args, "root", None)
    if root is not None:  # the CLI resolved it already: --root, else $KGRAPH_ROOT, else the current directory
        overrides["project_root"] = Path(root)
    return Settings.load(**overrides)
