"""Opening a database: the one place an engine is made.

``open_database(url)`` accepts any SQLAlchemy URL or a plain file path (taken
as SQLite), applies the Alembic migrations, and for SQLite turns on foreign
keys and WAL and sets a busy timeout. A SQLite database and its ``-wal``,
``-shm`` and ``-journal`` files are kept readable by their owner only.
:func:`explain_failure` turns what the database driver raises (locked, disk
full, read-only, damaged, unreachable) into one plain sentence. Nothing here
runs at import time.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Iterator

from typing import TYPE_CHECKING

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

from models.locations import DatabaseError, DatabaseUrlError, another_programs_database, make_private, resolve_url
from models.schema_files import head_from_files

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection=None) -> Config:
    from alembic.config import Config  # Alembic is imported only when a schema must be checked or changed

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _sqlite_pragmas(path: Path | None, dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    if path is not None:
        make_private(path)  # the -wal and -shm files exist from here on


def _in_memory(url) -> bool:
    database = url.database or ""
    return not database or ":memory:" in database or "mode=memory" in database or url.query.get("mode") == "memory"


def _prepare_sqlite_file(url) -> Path | None:
    """Create the SQLite file readable by its owner only, or make an existing one so."""
    database = url.database
    if database.startswith("file:"):
        return None
    path = Path(database)
    if not path.parent.is_dir():
        raise DatabaseError(f"The folder {str(path.parent)!r} for the database does not exist.")
    if path.is_dir():
        raise DatabaseUrlError(f"{str(path)!r} is a folder, not a database file.")
    if path.exists() and not path.is_file():
        raise DatabaseUrlError(f"{str(path)!r} is a device or other special file, not a database file.")
    if another_programs_database(path):
        raise DatabaseUrlError(f"{str(path)!r} is a SQLite database of another program, not Convenor's; "
                               "nothing was changed.")
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise DatabaseError(f"Cannot create the database file {str(path)!r}: {exc.strerror}.") from exc
    make_private(path)
    return path


def _url_problem(text: str) -> DatabaseUrlError:
    shown = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", text)  # never echo a password
    return DatabaseUrlError(f"{shown!r} is not a database URL or a file path "
                            "(write a SQLite file path, or postgresql+psycopg://USER@HOST/DATABASE).")


def make_engine(url: str | os.PathLike[str] | None = None) -> Engine:
    """An engine for ``url`` without touching the schema (see open_database)."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            if _in_memory(parsed):
                raise DatabaseUrlError(f"{resolved!r} is a database in memory, which loses everything "
                                       "when Convenor stops; give a file path instead.")
            path = _prepare_sqlite_file(parsed)
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", partial(_sqlite_pragmas, path))
            return engine
        engine = create_engine(parsed, pool_pre_ping=True)
        engine.url.port  # a port that is not a number is found here, not at the first query
        return engine
    except (ArgumentError, ValueError) as exc:
        raise _url_problem(resolved) from exc
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"The driver for {parsed.get_backend_name()} is not installed "
            f"(for PostgreSQL: pip install 'convenor[postgres]')."
        ) from exc


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (None: not yet created)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        stored = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        if len(stored) <= 1:
            return stored[0] if stored else None
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()  # several heads: Alembic's refusal


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every schema revision this version of Convenor can open (and upgrade from)."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def newer_schema(revision: str | None, what: str) -> DatabaseError | None:
    """The refusal for ``what`` (a database, a backup) at a schema this version does not know."""
    if revision is None or revision in known_revisions():
        return None
    return DatabaseError(f"{what} was written by a newer version of Convenor (schema {revision}; this "
                         f"version knows up to {head_revision()}); install that version to use it.")


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (no-op when it already is), all or nothing.

    On SQLite, foreign keys are off while migrating: a migration that
    rebuilds a table (batch mode) drops the old copy, which would otherwise
    cascade-delete the rows that refer to it. They are checked afterwards.
    """
    from alembic import command

    if engine.url.get_backend_name() != "sqlite":
        with engine.begin() as conn:  # PostgreSQL changes tables inside a transaction
            command.upgrade(alembic_config(conn), "head")
        return
    # Python's sqlite3 commits each CREATE or ALTER TABLE by itself, so a
    # failure half-way (a full disk) would leave half a schema that no later
    # run can finish. Take the transaction in hand: one BEGIN IMMEDIATE (which
    # also keeps a second Convenor from migrating at the same time) and one COMMIT.
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        previous = raw.isolation_level
        raw.isolation_level = None
        try:
            raw.execute("PRAGMA foreign_keys=OFF")  # only outside a transaction
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            command.upgrade(alembic_config(conn), "head")
            if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise DatabaseError("The database has records that refer to missing ones; it was not upgraded.")
            conn.commit()
        finally:
            if raw.in_transaction:
                raw.rollback()
            raw.execute("PRAGMA foreign_keys=ON")
            raw.isolation_level = previous


def open_database(url: str | os.PathLike[str] | None = None) -> Engine:
    """Open (creating if needed) the database at ``url`` and migrate it.

    Before migrating an existing SQLite database that holds data, a backup is
    written beside it (see models.backup).
    """
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
        if revision is not None and revision == head_from_files():
            return engine  # up to date: Alembic is not even imported
        refusal = newer_schema(revision, f"The database {_where(engine)}")
        if refusal is not None:
            raise refusal
        if revision != head_revision():
            if revision is not None:
                from models.backup import BackupError, backup_before_migration

                try:
                    backup_before_migration(engine, revision)
                except BackupError as exc:
                    raise DatabaseError(f"{exc} The database was not upgraded.") from exc
            migrate(engine)
    except (SQLAlchemyError, sqlite3.Error) as exc:
        engine.dispose()
        raise explain_failure(exc, engine, opening=True) from exc  # type: ignore[misc]
    except DatabaseError:
        engine.dispose()
        raise
    return engine


def _where(engine: Engine | None) -> str:
    if engine is None:
        return ""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=True)


# What SQLite and PostgreSQL say, and the reason the user reads instead.
_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("database is locked", "database table is locked", "55P03"),
     "it is busy because another Convenor is writing to it; nothing was changed, so try again when it has finished"),
    (("disk is full", "no space left on device", "53100"),
     "the disk holding it is full; nothing was changed"),
    (("readonly database", "read-only", "25006"),
     "it cannot be written to here (it is read-only); nothing was changed"),
    (("unable to open database file",),
     "check that its folder exists and that you may read and write there"),
    (("file is not a database", "database disk image is malformed"),
     "it is damaged or is not a Convenor database; restore a backup (convenor restore)"),
    (("disk i/o error",),
     "the disk failed while using it; nothing was changed"),
)


def explain_failure(exc: BaseException, engine: Engine | None = None, *,
                    opening: bool = False) -> DatabaseError | None:
    """The one-sentence :class:`DatabaseError` for a failure the user can meet, or None.

    Covers what the driver raises (a locked, full, read-only, damaged or
    unreachable database) and this module's own refusals; anything else is
    a defect and is left to propagate. The sentence reads "Cannot open the
    database …: <reason>." while opening it, "Cannot use …" afterwards.
    """
    if isinstance(exc, DatabaseError):
        return exc
    if not isinstance(exc, (SQLAlchemyError, sqlite3.Error)):
        return None
    where = _where(engine)
    subject = f"the database {where}" if where else "the database"
    reason = getattr(exc, "orig", None) or exc
    lines = str(reason).strip().splitlines() or [type(reason).__name__]
    found = f"{lines[0]} {getattr(reason, 'sqlstate', '') or ''}".lower()
    explained = next((text for needles, text in _REASONS if any(n.lower() in found for n in needles)), None)
    if explained is None and not opening and not isinstance(exc, OperationalError) \
            and not (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return DatabaseError(f"{subject[:1].upper() + subject[1:]} refused the change "
                             f"({lines[0].rstrip('.')}); nothing was changed.")
    return DatabaseError(f"Cannot {'open' if opening else 'use'} {subject}: {explained or lines[0].rstrip('.')}.")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class DatabaseFailure(DatabaseError):
    """Reading or writing failed (busy, disk full, connection lost); the message is one plain sentence."""


@contextmanager
def database_errors(engine: Engine | None = None) -> Iterator[None]:
    """Turn a SQLAlchemy failure inside the block into DatabaseFailure, worded by :func:`explain_failure`."""
    try:
        yield
    except SQLAlchemyError as exc:
        explained = explain_failure(exc, engine)
        raise DatabaseFailure(str(explained) if explained else "The database failed; nothing was changed.") from exc


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; a database failure comes out as DatabaseFailure."""
    with database_errors(engine), Session(engine) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One transaction (as session_scope); a database failure comes out as DatabaseFailure."""
    with database_errors(engine), session_scope(engine) as session:
        yield session
