"""The endpoint's one settings object: defaults, KGRAPH_* environment variables, command-line arguments."""

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kgraph.errors import UsageError

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


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


@dataclass(frozen=True)
class Settings:
    """Every knob of `kgraph serve`. Each field can be set by the environment variable named in its metadata."""

    host: str = field(default="127.0.0.1", metadata={"env": "KGRAPH_HOST"})
    port: int = field(default=8000, metadata={"env": "PORT"})
    timeout: float = field(default=30.0, metadata={"env": "KGRAPH_TIMEOUT"})
    max_rows: int = field(default=10000, metadata={"env": "KGRAPH_MAX_ROWS"})
    workers: int = field(default=2, metadata={"env": "KGRAPH_WORKERS"})
    allowed_services: tuple[str, ...] = field(default=(WIKIDATA_SPARQL,), metadata={"env": "KGRAPH_ALLOW_SERVICE"})
    service_map: dict[str, str] = field(default_factory=dict, metadata={"env": "KGRAPH_SERVICE_MAP"})
    update_token: str | None = field(default=None, metadata={"env": "KGRAPH_UPDATE_TOKEN"})
    public_url: str | None = field(default=None, metadata={"env": "KGRAPH_PUBLIC_URL"})
    project_root: Path | None = field(default=None, metadata={"env": "KGRAPH_ROOT"})
    cors: bool = field(default=True, metadata={"env": "KGRAPH_CORS"})
    store_url: str | None = field(default=None, metadata={"env": "KGRAPH_STORE"})
    cache_mb: int = field(default=64, metadata={"env": "KGRAPH_CACHE_MB"})
    # bounds on what one request may use (README: "Security model")
    max_query_kb: int = field(default=64, metadata={"env": "KGRAPH_MAX_QUERY_KB"})
    max_depth: int = field(default=64, metadata={"env": "KGRAPH_MAX_DEPTH"})
    max_answer_mb: int = field(default=16, metadata={"env": "KGRAPH_MAX_ANSWER_MB"})
    max_head_kb: int = field(default=32, metadata={"env": "KGRAPH_MAX_HEAD_KB"})
    max_body_kb: int = field(default=256, metadata={"env": "KGRAPH_MAX_BODY_KB"})
    request_timeout: float = field(default=10.0, metadata={"env": "KGRAPH_REQUEST_TIMEOUT"})
    worker_memory_mb: int = field(default=1024, metadata={"env": "KGRAPH_WORKER_MEMORY_MB"})
    isolation: str = field(default="auto", metadata={"env": "KGRAPH_ISOLATION"})
    client_queries: int | None = field(default=None, metadata={"env": "KGRAPH_CLIENT_QUERIES"})
    trusted_proxies: tuple[str, ...] = field(default=(), metadata={"env": "KGRAPH_TRUSTED_PROXIES"})
    max_connections: int = field(default=1000, metadata={"env": "KGRAPH_MAX_CONNECTIONS"})
    max_connections_per_client: int = field(default=32, metadata={"env": "KGRAPH_MAX_CONNECTIONS_PER_CLIENT"})
    long_queries: int | None = field(default=None, metadata={"env": "KGRAPH_LONG_QUERIES"})

    def __post_init__(self) -> None:
        if self.isolation not in ISOLATION_MODES:
            raise UsageError(f"isolation must be one of {', '.join(ISOLATION_MODES)}, not {self.isolation!r}")
        for name in (*INTEGER_FIELDS, "timeout", "request_timeout"):
            if getattr(self, name) is not None and getattr(self, name) < (0 if name == "cache_mb" else 1):
                raise UsageError(f"{name.replace('_', '-')} must be positive, not {getattr(self, name)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            try:
                values[f.name] = _convert(f.name, raw)
            except ValueError:
                raise UsageError(f"${f.metadata['env']} is not a valid {f.name.replace('_', '-')}: {raw!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

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


ISOLATION_MODES = ("auto", "namespace", "none")
INTEGER_FIELDS = ("port", "max_rows", "workers", "cache_mb", "max_query_kb", "max_depth", "max_answer_mb",
                  "max_head_kb", "max_body_kb", "worker_memory_mb", "client_queries", "max_connections",
                  "max_connections_per_client", "long_queries")


def _convert(name: str, raw: str) -> Any:
    if name in INTEGER_FIELDS:
        return int(raw)
    if name in ("timeout", "request_timeout"):
        return float(raw)
    if name in ("allowed_services", "trusted_proxies"):
        return _list(raw)
    if name == "service_map":
        return _map(raw)
    if name == "project_root":
        return Path(raw)
    if name == "cors":
        return raw.strip().lower() not in ("0", "false", "no", "off")
    return raw


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


def settings_from_args(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    settings = Settings.from_env(environ)
    overrides = {}
    for name in ("host", "port", "timeout", "max_rows", "workers", "public_url", "update_token", "store_url",
                 "cache_mb", "max_query_kb", "max_depth", "max_answer_mb", "max_head_kb", "max_body_kb",
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
        overrides["service_map"] = {**settings.service_map, **_map(",".join(args.service_map))}
    root = getattr(args, "root", None)
    if root is not None:  # the CLI resolved it already: --root, else $KGRAPH_ROOT, else the current directory
        overrides["project_root"] = Path(root)
    return replace(settings, **overrides)
