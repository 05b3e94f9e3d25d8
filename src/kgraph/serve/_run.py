"""`kgraph serve`: uvicorn in the foreground."""

import argparse
import sys

from kgraph.serve._remote import check_publication
from kgraph.serve._settings import settings_from_args
from kgraph.store import BuiltDataset


def run(dataset: BuiltDataset, args: argparse.Namespace) -> int:
    """Serve `dataset` until interrupted; the exit code is 0 after a clean shutdown."""
    import uvicorn

    from kgraph.serve._app import create_app

    try:
        settings = settings_from_args(args)
    except ValueError as error:
        print(f"kgraph: error: {error}", file=sys.stderr)
        return 2
    if settings.store_url:
        check_publication(settings.store_url)
    app = create_app(dataset, settings)
    print(f"kgraph: serving {dataset.directory} at http://{settings.host}:{settings.port}/ "
          f"(SPARQL at /sparql; {settings.workers} query workers, timeout {settings.timeout:g} s, "
          f"max rows {settings.max_rows})", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info",
                            proxy_headers=True, server_header=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 1
