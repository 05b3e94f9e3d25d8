"""Files kgraph writes: whole or not at all, with the permissions any tool gives a new file."""

import os
import secrets
from pathlib import Path


def write_atomically(target: Path, payload: bytes, mode: int | None = None) -> None:
    """Write `payload` to a temporary file beside `target` and rename it over `target` only when complete, so that
    a reader sees the old file or the new one, never part of one.

    The temporary file is created with mode 0666 less the process's umask (0644 under umask 022), as `open()` would
    create the target, unless `mode` is given (e.g. to keep the mode of the file being replaced).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.partial"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
