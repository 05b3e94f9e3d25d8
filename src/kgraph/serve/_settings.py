"""The endpoint's one settings object: defaults, KGRAPH_* environment variables, command-line arguments."""

import argparse
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.replace("\n", ",").split(",") if item.strip())


def _map(value: str) -> dict[str, str]:
    """`IRI=URL,IRI=URL` (the first '=' after the IRI splits)."""
    mapping = {}
    for item in _list(value):
        iri, separator, url = item.partition("=")
        if not separator:
            raise ValueError(f"SERVICE map entry {item!r} is not IRI=URL")
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

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)


def _convert(name: str, raw: str):
    if name in ("port", "max_rows", "workers", "cache_mb"):
        return int(raw)
    if name == "timeout":
        return float(raw)
    if name == "allowed_services":
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


def settings_from_args(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    settings = Settings.from_env(environ)
    overrides = {}
    for name in ("host", "port", "timeout", "max_rows", "workers", "public_url", "update_token", "store_url",
                 "cache_mb"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    if getattr(args, "allow_service", None):
        overrides["allowed_services"] = tuple(s for s in args.allow_service if s.lower() != "none")
    if getattr(args, "service_map", None):
        overrides["service_map"] = {**settings.service_map, **_map(",".join(args.service_map))}
    root = getattr(args, "root", None)
    if root is not None and settings.project_root is None:
        overrides["project_root"] = Path(root)
    return replace(settings, **overrides)
