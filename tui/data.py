"""Small helpers shared by the screens for reading and writing in workers.

The rule in every screen: database work runs in a thread worker
(``@work(thread=True, exclusive=True, group=...)``) that opens its own
session with :func:`reading` or :func:`writing` and posts a message back;
only the message handlers touch widgets.

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        with reading(self.app) as session:
            rows = meeting_rows(session)
        deliver(self, DataLoaded("meetings", rows))

    def on_data_loaded(self, message: DataLoaded) -> None:
        if message.topic == "meetings":
            ...
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Iterator

from textual.message import Message
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.app import App
    from textual.message_pump import MessagePump


_STACK = threading.Lock()
_stack_loaded = False


def load_database_stack() -> None:
    """Import SQLAlchemy, SQLModel and the models once, in one thread at a time.

    The app paints its first frame before these (slow) imports, which then
    happen in a worker. Two threads importing SQLAlchemy at once can see a
    half-initialised module, so every path into the database stack (workers
    through ``app.engine``, screens and the palette on the main thread) goes
    through here first.
    """
    global _stack_loaded
    if _stack_loaded:
        return
    with _STACK:
        if not _stack_loaded:
            import models.dashboard  # noqa: F401  (imports models.queries, .rules, .tables, .db)
            import models.editing  # noqa: F401
            import models.records  # noqa: F401

            _stack_loaded = True


class DatabaseUnavailable(Exception):
    """The database could not be opened; the app is closing with the reason."""


class DataLoaded(Message):
    """A worker finished reading; ``topic`` names what, ``data`` holds plain values."""

    def __init__(self, topic: str, data: Any) -> None:
        super().__init__()
        self.topic = topic
        self.data = data


class DataFailed(Message):
    """A worker could not read or write; ``error`` is one plain sentence for the user."""

    def __init__(self, topic: str, error: str) -> None:
        super().__init__()
        self.topic = topic
        self.error = error


class DataSaved(Message):
    """A worker committed a change; ``summary`` is a sentence to show the user."""

    def __init__(self, topic: str, summary: str, data: Any = None) -> None:
        super().__init__()
        self.topic = topic
        self.summary = summary
        self.data = data


@contextmanager
def reading(app: "App[Any]") -> Iterator["Session"]:
    """A read-only session on the app's engine (call from a worker thread)."""
    engine = app.engine  # type: ignore[attr-defined]  # opens the database and loads the stack
    from sqlmodel import Session

    with Session(engine) as session:
        yield session


@contextmanager
def writing(app: "App[Any]") -> Iterator["Session"]:
    """One transaction on the app's engine: committed on success, rolled back on error."""
    engine = app.engine  # type: ignore[attr-defined]  # opens the database and loads the stack
    from models.db import session_scope

    with session_scope(engine) as session:
        yield session


def deliver(node: "MessagePump", message: Message) -> None:
    """Post ``message`` to ``node`` from a worker, unless a newer worker replaced this one."""
    if not get_current_worker().is_cancelled:
        node.post_message(message)


def today_of(app: "App[Any]") -> date:
    """The date the app treats as today (pinned in tests and snapshots)."""
    return getattr(app, "today", None) or date.today()


def sentence(exc: BaseException) -> str:
    """The user-facing sentence for an error raised by models or exporters."""
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith((".", "?", "!")) else text + "."
