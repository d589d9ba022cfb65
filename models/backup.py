"""Consistent copies of the database.

SQLite: the online backup API (safe while others read or write). PostgreSQL:
use ``pg_dump`` (see docs/operations.md); this module says so rather than
pretending.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine


class BackupError(Exception):
    """A backup or restore could not be made; one plain sentence."""


def _sqlite_path(engine: Engine, *, restoring: bool = False) -> Path:
    if engine.url.get_backend_name() != "sqlite":
        if restoring:
            raise BackupError("A PostgreSQL database is restored with pg_restore from a pg_dump file "
                              "(see docs/operations.md), not with convenor restore.")
        raise BackupError(
            "Backups of a PostgreSQL database are made with pg_dump "
            "(see docs/operations.md), not with convenor backup."
        )
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(database)


def _read_only(path: Path) -> str:
    """A URI opening ``path`` read-only (any characters in the name are escaped)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with -2, -3, ... added when that name is taken."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def backup_sqlite_file(source: Path, output: Path) -> Path:
    """Copy ``source`` to ``output`` with the online backup API, all or nothing."""
    output = Path(output).expanduser()
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"The folder {str(folder)!r} does not exist.")
    if output.resolve() == source.resolve():
        raise BackupError("The backup cannot overwrite the database itself.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BackupError(f"Cannot write to the folder {str(folder)!r}: {exc.strerror}.") from exc
    os.close(fd)
    os.chmod(tmp, 0o600)
    try:
        with closing(sqlite3.connect(_read_only(source), uri=True, timeout=10)) as src, \
                closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)  # one step: a consistent snapshot even while others write
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        os.replace(tmp, output)
    except (sqlite3.Error, OSError) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BackupError(f"The backup to {str(output)!r} failed: {exc}.") from exc
    return output


def backup(engine: Engine, output: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of the database behind ``engine`` to ``output``."""
    return backup_sqlite_file(_sqlite_path(engine), Path(output))


def _check_backup(source: Path) -> None:
    """Refuse a file that is not a whole Convenor database this version can open."""
    from alembic.script import ScriptDirectory

    from models.db import alembic_config, head_revision

    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    try:
        with closing(sqlite3.connect(_read_only(source), uri=True)) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"{str(source)!r} is damaged ({result}); nothing was restored.")
            row = check.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{str(source)!r} is not a Convenor backup ({exc}); nothing was restored.") from exc
    revision = row[0] if row else None
    if revision not in known:
        raise BackupError(f"{str(source)!r} was made by a newer or unknown version of Convenor "
                          f"(schema {revision}, this one knows up to {head_revision()}); nothing was restored.")


def restore(engine: Engine, source: str | os.PathLike[str]) -> Path:
    """Replace the database behind ``engine`` with the backup at ``source``.

    The database being replaced is first copied beside itself
    (``NAME.before-restore-STAMP.bak``), so a restore can itself be undone.
    A backup from an older schema is upgraded the next time it is opened.
    """
    target = _sqlite_path(engine, restoring=True)
    source = Path(source).expanduser()
    if not source.is_file():
        raise BackupError(f"There is no backup file at {str(source)!r}.")
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError("The backup to restore is the database itself; nothing was restored.")
    _check_backup(source)
    engine.dispose()
    if target.exists() and target.stat().st_size > 0:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite_file(target, _free_name(target.with_name(f"{target.name}.before-restore-{stamp}.bak")))
    try:
        with closing(sqlite3.connect(_read_only(source), uri=True)) as src, \
                closing(sqlite3.connect(target, timeout=10)) as dst:
            src.backup(dst)
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
    return backup_sqlite_file(source, _free_name(source.with_name(f"{source.name}.before-{revision}-{stamp}.bak")))
