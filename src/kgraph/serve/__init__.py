"""The SPARQL endpoint of kgraph: SPARQL 1.1 Protocol, query UI, Linked Data pages, ontology docs, timeline.

Public entry points: `Settings`, `create_app`, `add_arguments`, `run`. They are imported lazily so that query worker
processes (which import `kgraph.serve._pool`) do not pay for the web stack.
"""

__all__ = ["Settings", "add_arguments", "create_app", "run"]


def __getattr__(name: str) -> object:
    if name in ("Settings", "add_arguments"):
        from kgraph.serve import _settings

        return getattr(_settings, name)
    if name == "create_app":
        from kgraph.serve._app import create_app

        return create_app
    if name == "run":
        from kgraph.serve._run import run

        return run
    raise AttributeError(f"module 'kgraph.serve' has no attribute {name!r}")
