"""Writing export files safely: all or nothing, never a partial file, never over a database.

Every export reaches the disk through :func:`atomic_write`, so that is where
a path naming a database (the open one under any name, or its ``-wal``,
``-shm`` or ``-journal`` file) is refused, for the command line and the app
alike.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from models.locations import database_at, not_a_file


class ExportError(Exception):
    """An export could not be written; the message is one plain sentence."""


def resolve_output(path: str | os.PathLike[str], *, suffixes: tuple[str, ...] = ()) -> Path:
    """Check an output path given by the user and return it as a Path.

    The folder must exist and be writable; when ``suffixes`` is given the file
    name must end with one of them.
    """
    out = Path(path).expanduser()
    if out.name in ("", ".", ".."):
        raise ExportError(f"{str(path)!r} is not a file name.")
    if suffixes and out.suffix.lower() not in suffixes:
        wanted = " or ".join(suffixes)
        raise ExportError(f"{out.name!r} should end in {wanted}.")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"The folder {str(folder)!r} does not exist.")
    if out.is_dir():
        raise ExportError(f"{str(out)!r} is a folder, not a file.")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"The folder {str(folder)!r} cannot be written to.")
    return out


def refuse_database(path: Path) -> None:
    """Refuse ``path`` when writing it would overwrite or damage a database,
    or replace something that is not a file (a folder, a device)."""
    if not_a_file(path):
        raise ExportError(f"{str(path)!r} is not a file (a folder or a device); choose a file name.")
    database = database_at(path)
    if database is not None:
        what = "is a database" if database == path else f"belongs to the database {str(database)!r}"
        raise ExportError(f"{str(path)!r} {what}; an export never writes over a database, "
                          "so choose another file name.")


def atomic_write(path: str | os.PathLike[str], data: bytes, *, mode: int = 0o600) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The file appears complete or not at all. Exports hold personal data, so
    they are created readable by their owner only unless ``mode`` says
    otherwise.
    """
    out = Path(path)
    folder = out.parent if str(out.parent) else Path(".")
    refuse_database(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot write to the folder {str(folder)!r}: {exc.strerror}.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise ExportError(f"Cannot write {str(out)!r}: {exc.strerror}.") from exc
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return out
