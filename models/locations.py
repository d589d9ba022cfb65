"""Where a database is: URLs, the data folder, and the files SQLite keeps.

Everything here works on paths and the standard library only (no SQLAlchemy),
so that deciding *which* database to open, and whether writing a file would
damage one, costs nothing at start-up. Opening it is ``models.db``'s job.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing, suppress
from pathlib import Path

APP_NAME = "convenor"
ENV_VAR = "CONVENOR_DB"
# The files SQLite keeps beside a database while it is in use.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """The database could not be opened or used; the message is one plain sentence."""


class DatabaseUrlError(DatabaseError):
    """The URL or path given does not name a database Convenor can use (bad input)."""


def data_dir() -> Path:
    """The user's data directory for Convenor (created on first use)."""
    from platformdirs import user_data_dir  # only when the default place is needed

    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    return sqlite_url(data_dir() / "convenor.db")


def demo_url() -> str:
    return sqlite_url(data_dir() / "demo.db")


def sqlite_url(path: str | os.PathLike[str]) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def resolve_url(url: str | os.PathLike[str] | None = None) -> str:
    """The database to use: ``url``, else $CONVENOR_DB, else the default file.

    A value without ``://`` (or a Path) is a path to a SQLite file. An empty
    ``url``, or a CONVENOR_DB of spaces, is refused rather than taken as a
    file of that name (an empty CONVENOR_DB counts as unset).
    """
    if url is not None:
        value = os.fspath(url)
        if not value.strip():
            raise DatabaseUrlError("The database is given as an empty value; "
                                   "give a database URL or a file path.")
    else:
        value = os.environ.get(ENV_VAR) or ""
        if value and not value.strip():
            raise DatabaseUrlError(f"{ENV_VAR} holds only spaces; set it to a database URL "
                                   "or a file path, or unset it.")
        value = value or default_url()
    if "://" not in value:
        return sqlite_url(value)
    return value


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (``sqlite:///PATH`` with no options), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or url.startswith(prefix + "file:"):
        return None
    path = url[len(prefix):]
    return Path(path) if path and ":memory:" not in path else None


def sqlite_files(database: str | os.PathLike[str]) -> tuple[Path, ...]:
    """A SQLite database file and the side files SQLite keeps beside it."""
    path = Path(database)
    return (path, *(path.with_name(path.name + side) for side in SQLITE_SIDE_FILES))


def _is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def not_a_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` exists as something other than a regular file (a folder,
    a device such as /dev/null, a pipe): never to be replaced by a written file."""
    candidate = Path(path)
    return candidate.exists() and not candidate.is_file()


def database_at(path: str | os.PathLike[str]) -> Path | None:
    """The SQLite database that writing to ``path`` would damage, if any.

    That is ``path`` itself when it holds a SQLite database (whatever its
    name, or through a link), or the database whose ``-wal``, ``-shm`` or
    ``-journal`` file ``path`` is.
    """
    candidate = Path(path).expanduser()
    if candidate.is_file() and _is_sqlite_file(candidate):
        return candidate
    for side in SQLITE_SIDE_FILES:
        if candidate.name.endswith(side) and len(candidate.name) > len(side):
            owner = candidate.with_name(candidate.name[: -len(side)])
            if owner.is_file() and _is_sqlite_file(owner):
                return owner
    return None


def another_programs_database(path: Path) -> bool:
    """Whether ``path`` is a SQLite database with tables but no Convenor schema
    (which opening would add to, and set to WAL). Read without changing it."""
    if not path.is_file() or not _is_sqlite_file(path):
        return False
    try:
        # A short wait: while a writer holds the file this check gives way (sqlite3's default
        # would wait 5 s), and opening it then waits its own busy timeout and explains.
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.1)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return False  # damaged or busy: opening it says so in a sentence
    return bool(tables) and "alembic_version" not in tables


def make_private(database: str | os.PathLike[str]) -> None:
    """Make a SQLite database and its side files readable by their owner only."""
    for path in sqlite_files(database):
        try:
            status = path.stat()
        except FileNotFoundError:
            continue
        if stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid() and status.st_mode & 0o077:
            # A file that cannot be changed (immutable, on a read-only disk) is
            # still opened for reading; writing to it is refused later, in a sentence.
            with suppress(OSError):
                os.chmod(path, 0o600)
