"""kgraph: the knowledge graph of the 'Schrödinger's Iskanders' affair, its build pipeline and its SPARQL endpoint."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kgraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
