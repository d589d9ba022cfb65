"""Consistent copies of the database.

SQLite: the online backup API (safe while others read or write). PostgreSQL:
use ``pg_dump`` (see docs/operations.md); this module says so rather than
pretending.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from models.db import DatabaseError, newer_schema
from models.locations import database_at, not_a_file, sqlite_files


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


def _tmp_beside(output: Path, folder: Path) -> Path:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BackupError(f"Cannot write to the folder {str(folder)!r}: {exc.strerror}.") from exc
    os.close(fd)
    os.chmod(tmp, 0o600)
    return Path(tmp)


def _remove(database: Path) -> None:
    for path in sqlite_files(database):
        path.unlink(missing_ok=True)


def backup_sqlite_file(source: Path, output: Path) -> Path:
    """Copy ``source`` to ``output`` with the online backup API, all or nothing."""
    output = Path(output).expanduser()
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"The folder {str(folder)!r} does not exist.")
    if output.is_dir():
        raise BackupError(f"{str(output)!r} is a folder; give the backup a file name in it, "
                          f"such as {str(output / 'convenor-backup.db')!r}.")
    if not_a_file(output):
        raise BackupError(f"{str(output)!r} is a device or other special file, not a file for a backup.")
    damaged = database_at(output)
    if damaged is not None and damaged.resolve() == source.resolve():
        raise BackupError("The backup cannot overwrite the database itself or the files SQLite keeps beside it.")
    tmp = _tmp_beside(output, folder)
    try:
        with closing(sqlite3.connect(_read_only(source), uri=True, timeout=10)) as src, \
                closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)  # one step: a consistent snapshot even while others write
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        os.replace(tmp, output)
    except (sqlite3.Error, OSError) as exc:
        _remove(tmp)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(f"The backup to {str(output)!r} failed: {reason}.") from exc
    return output


def backup(engine: Engine, output: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of the database behind ``engine`` to ``output``."""
    return backup_sqlite_file(_sqlite_path(engine), Path(output))


def _check_backup(source: Path) -> None:
    """Refuse a file that is not an undamaged SQLite database of a schema this version knows."""
    try:
        with closing(sqlite3.connect(_read_only(source), uri=True)) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"{str(source)!r} is damaged ({result}); nothing was restored.")
            row = check.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{str(source)!r} is not a Convenor backup ({exc}); nothing was restored.") from exc
    newer = newer_schema(row[0] if row else None, repr(str(source)))
    if newer is not None:
        raise BackupError(f"{newer} Nothing was restored.")
    if row is None:
        raise BackupError(f"{str(source)!r} is not a Convenor backup (it records no schema); nothing was restored.")


def _checked_copy(source: Path, folder: Path) -> Path:
    """A private copy of ``source`` in ``folder``, brought up to date and shown to hold every table."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (registers the tables)
    from models.db import make_engine, migrate

    copy = _tmp_beside(source, folder)
    try:
        backup_sqlite_file(source, copy)
        engine = make_engine(copy)
        try:
            migrate(engine)
            found = inspect(engine)
            tables = set(found.get_table_names())
            missing = sorted(set(SQLModel.metadata.tables) - tables) or sorted(
                f"{name}.{column.name}" for name, table in SQLModel.metadata.tables.items()
                for column in table.columns
                if column.name not in {c["name"] for c in found.get_columns(name)})
        finally:
            engine.dispose()
    except (SQLAlchemyError, DatabaseError) as exc:
        _remove(copy)
        raise BackupError(f"{str(source)!r} is not a Convenor database that this version can open; "
                          "nothing was restored.") from exc
    except BaseException:
        _remove(copy)
        raise
    if missing:
        _remove(copy)
        raise BackupError(f"{str(source)!r} is not a whole Convenor database (it lacks "
                          f"{', '.join(missing[:3])}{' and more' if len(missing) > 3 else ''}); nothing was restored.")
    return copy


def _keep_before_restore(target: Path) -> None:
    """Copy the database about to be replaced beside itself, even when it is damaged."""
    if not target.exists() or target.stat().st_size == 0:
        return
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    keep = _free_name(target.with_name(f"{target.name}.before-restore-{stamp}.bak"))
    try:
        backup_sqlite_file(target, keep)
    except BackupError:
        # Too damaged for SQLite to read: keep its bytes as they are.
        tmp = _tmp_beside(keep, keep.parent)
        try:
            shutil.copyfile(target, tmp)
            os.replace(tmp, keep)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise BackupError(f"Cannot keep a copy of {str(target)!r} before restoring: {exc.strerror}; "
                              "nothing was restored.") from exc


def restore(engine: Engine, source: str | os.PathLike[str]) -> Path:
    """Replace the database behind ``engine`` with the backup at ``source``.

    The backup is checked first on a private copy: an undamaged SQLite file,
    of a schema this version knows, that upgrades cleanly and then holds every
    table and column of a Convenor database. Otherwise nothing changes. The
    database being replaced is copied beside itself
    (``NAME.before-restore-STAMP.bak``), so a restore can itself be undone.
    The database may be damaged beyond opening; restoring is then the cure.
    """
    target = _sqlite_path(engine, restoring=True)
    source = Path(source).expanduser()
    if not source.is_file():
        raise BackupError(f"There is no backup file at {str(source)!r}.")
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError("The backup to restore is the database itself; nothing was restored.")
    _check_backup(source)
    engine.dispose()
    folder = target.parent if str(target.parent) else Path(".")
    checked = _checked_copy(source, folder)
    try:
        _keep_before_restore(target)
        if database_at(target) is not None:
            # Through SQLite, so a copy of the app still open sees the change safely.
            with closing(sqlite3.connect(checked)) as src, closing(sqlite3.connect(target, timeout=10)) as dst:
                src.backup(dst)
        else:
            # Not a database SQLite can read at all: replace the file whole.
            for side in sqlite_files(target)[1:]:
                side.unlink(missing_ok=True)
            os.replace(checked, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"The restore into {str(target)!r} failed: "
                          f"{getattr(exc, 'strerror', None) or exc}.") from exc
    finally:
        _remove(checked)
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
