"""Entry point of a query worker process: `python -m kgraph.serve._worker FD STORE_PATH`."""

import sys
from multiprocessing.connection import Connection

from kgraph.serve._pool import worker_main

if __name__ == "__main__":
    worker_main(sys.argv[2], Connection(int(sys.argv[1])))
