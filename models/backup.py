"""Consistent copies of the database.

SQLite: the online backup API (safe while others read or write). PostgreSQL:
use ``pg_dump`` (see docs/operations.md); this module says so rather than
pretending.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine


class BackupError(Exception):
    """A backup or restore could not be made; one plain sentence."""


def _sqlite_path(engine: Engine) -> Path:
    if engine.url.get_backend_name() != "sqlite":
        raise BackupError(
            "Backups of a PostgreSQL database are made with pg_dump "
            "(see docs/operations.md), not with convenor backup."
        )
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(database)


def backup_sqlite_file(source: Path, output: Path) -> Path:
    """Copy ``source`` to ``output`` with the online backup API, all or nothing."""
    output = Path(output).expanduser()
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"The folder {str(folder)!r} does not exist.")
    if output.resolve() == source.resolve():
        raise BackupError("The backup cannot overwrite the database itself.")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=folder)
    os.close(fd)
    os.chmod(tmp, 0o600)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(tmp, output)
    except (sqlite3.Error, OSError) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BackupError(f"The backup to {str(output)!r} failed: {exc}.") from exc
    return output


def backup(engine: Engine, output: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of the database behind ``engine`` to ``output``."""
    return backup_sqlite_file(_sqlite_path(engine), Path(output))


def restore(engine: Engine, source: str | os.PathLike[str]) -> Path:
    """Replace the database behind ``engine`` with the backup at ``source``."""
    target = _sqlite_path(engine)
    source = Path(source).expanduser()
    if not source.is_file():
        raise BackupError(f"There is no backup file at {str(source)!r}.")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(f"{str(source)!r} is not a Convenor backup: {exc}.") from exc
    if result != "ok":
        raise BackupError(f"{str(source)!r} is damaged ({result}).")
    engine.dispose()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=10)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The restore into {str(target)!r} failed: {exc}.") from exc
    return target


def backup_before_migration(engine: Engine, revision: str) -> Path | None:
    """Keep a copy of an existing SQLite database before its schema changes."""
    if engine.url.get_backend_name() != "sqlite":
        return None
    source = _sqlite_path(engine)
    if not source.exists() or source.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return backup_sqlite_file(source, source.with_name(f"{source.name}.before-{revision}-{stamp}.bak"))
