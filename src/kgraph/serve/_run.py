"""`kgraph serve`: uvicorn in the foreground, with the HTTP-level bounds of `_http`."""

import argparse
import logging
import resource
import socket
import sys

from kgraph.errors import ServeError
from kgraph.serve._remote import check_publication
from kgraph.serve._settings import settings_from_args
from kgraph.store import BuiltDataset

log = logging.getLogger("kgraph.serve")


def _raise_open_files_limit() -> int:
    """Every connection costs a descriptor; the default soft limit (often 1024) would let a flood of half-sent
    requests starve the workers' respawns. Raise it to the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 1048576 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            return target
        except (ValueError, OSError):
            pass
    return soft


def _listen(host: str, port: int) -> socket.socket:
    """The bound server socket (uvicorn listens on it); ServeError if the address is taken or not ours."""
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as error:
        listening.close()
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    listening.set_inheritable(True)
    return listening


def run(dataset: BuiltDataset, args: argparse.Namespace) -> int:
    """Serve `dataset` until interrupted; the exit code is 0 after a clean shutdown."""
    import uvicorn

    from kgraph.serve._app import create_app
    from kgraph.serve._http import bounded_protocol, with_error_header

    settings = settings_from_args(args)
    if settings.store_url:
        check_publication(settings.store_url)
    open_files = _raise_open_files_limit()
    listening = _listen(settings.host, settings.port)  # before saying "serving": a busy port is the only message
    app = create_app(dataset, settings)
    print(f"kgraph: serving {dataset.directory} at http://{settings.host}:{settings.port}/ "
          f"(SPARQL at /sparql; {settings.workers} query workers, timeout {settings.timeout:g} s, "
          f"max rows {settings.max_rows}, {settings.queries_per_client} queries per client, "
          f"{open_files} open files)", file=sys.stderr, flush=True)
    if settings.host in ("0.0.0.0", "::", "") and not settings.public_url:
        print("kgraph: warning: listening on every interface without --public-url: the service description, VoID "
              f"and dump URLs will name http://127.0.0.1:{settings.port}", file=sys.stderr, flush=True)
    config = uvicorn.Config(
        with_error_header(app), host=settings.host, port=settings.port, log_level="info", server_header=False,
        timeout_graceful_shutdown=5,
        http=bounded_protocol(settings.max_head_kb * 1024, settings.request_timeout, settings.max_connections,
                              settings.max_connections_per_client, settings.trusted_proxies),
        proxy_headers=bool(settings.trusted_proxies), forwarded_allow_ips=list(settings.trusted_proxies) or None,
        backlog=min(2048, settings.max_connections))
    server = uvicorn.Server(config)
    server.run(sockets=[listening])
    return 0 if server.started else 1
