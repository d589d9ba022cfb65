"""Opening a database: the one place an engine is made.

``open_database(url)`` accepts any SQLAlchemy URL or a plain file path (taken
as SQLite), applies the Alembic migrations, and for SQLite turns on foreign
keys and WAL and sets a busy timeout. Nothing here runs at import time.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import Session, create_engine

APP_NAME = "convenor"
ENV_VAR = "CONVENOR_DB"
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """The database could not be opened; the message is one plain sentence."""


def data_dir() -> Path:
    """The user's data directory for Convenor (created on first use)."""
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

    A value without ``://`` (or a Path) is a path to a SQLite file.
    """
    value = os.fspath(url) if url else (os.environ.get(ENV_VAR) or default_url())
    if "://" not in value:
        return sqlite_url(value)
    return value


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _prepare_sqlite_file(url) -> None:
    """Create the SQLite file (and folder) readable by its owner only."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        raise DatabaseError(f"The folder {str(path.parent)!r} for the database does not exist.")
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def make_engine(url: str | os.PathLike[str] | None = None) -> Engine:
    """An engine for ``url`` without touching the schema (see open_database)."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise DatabaseError(f"{resolved!r} is not a database URL or a file path.") from exc
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"The driver for {parsed.get_backend_name()} is not installed "
            f"(for PostgreSQL: pip install 'convenor[postgres]')."
        ) from exc


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (no-op when it already is).

    On SQLite, foreign keys are off while migrating: a migration that
    rebuilds a table (batch mode) drops the old copy, which would otherwise
    cascade-delete the rows that refer to it. They are checked afterwards.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise DatabaseError("The database has records that refer to missing ones; it was not upgraded.")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def open_database(url: str | os.PathLike[str] | None = None) -> Engine:
    """Open (creating if needed) the database at ``url`` and migrate it.

    Before migrating an existing SQLite database that holds data, a backup is
    written beside it (see models.backup).
    """
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
        head = head_revision()
        if revision != head:
            if revision is not None:
                from models.backup import backup_before_migration

                backup_before_migration(engine, revision)
            migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"Cannot open the database {engine.url.render_as_string(hide_password=True)}: "
                            f"{str(reason).strip().splitlines()[0]}.") from exc
    return engine


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
