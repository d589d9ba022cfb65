"""The helpers every screen uses to read and write in workers.

The one pattern (see docs/architecture.md): a screen nests its own messages
(``class Loaded(Message)``, ``class Failed(Notice)``, ...), reads in a
thread worker with :func:`reading`, writes with :func:`writing`, and posts
the result back with :func:`deliver` (:func:`read_into` does all three
for a plain read); only the message handlers touch widgets. A failure reaches the user as :func:`sentence`, never as an
exception's class name; today's date is :func:`today_of`.

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        try:
            with reading(self.app) as session:
                rows = meeting_rows(session, quorum=False)
        except DatabaseError as exc:
            deliver(self, self.Failed(sentence(exc)))
            return
        deliver(self, self.Loaded(rows))

    def on_meetings_screen_loaded(self, message: Loaded) -> None:
        ...

tui/ never imports SQLAlchemy or SQLModel (an import-linter contract checks
it): sessions come from ``models.db.read_session`` / ``write_session``, which
turn a database failure into ``models.db.DatabaseFailure`` with one sentence.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterator

from textual.message import Message
from textual.worker import get_current_worker

if TYPE_CHECKING:
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


class Notice(Message):
    """A sentence for the user: the base of each screen's nested ``Failed`` / ``Saved`` /
    ``Exported`` messages (``class Failed(Notice)`` inside the screen, handled by
    ``on_<screen>_failed``). ``title`` heads the notification, when there is one."""

    def __init__(self, text: str, title: str = "") -> None:
        super().__init__()
        self.text = text
        self.title = title


@contextmanager
def reading(app: "App[Any]") -> Iterator[Any]:
    """A read-only session on the app's engine (call from a worker thread).

    Raises ``models.db.DatabaseError`` when the database cannot be opened or
    read (its message is one sentence).
    """
    engine = app.engine  # type: ignore[attr-defined]  # opens the database and loads the stack
    from models.db import read_session

    with read_session(engine) as session:
        yield session


@contextmanager
def writing(app: "App[Any]") -> Iterator[Any]:
    """One transaction on the app's engine: committed on success, rolled back on error."""
    engine = app.engine  # type: ignore[attr-defined]  # opens the database and loads the stack
    from models.db import write_session

    with write_session(engine) as session:
        yield session


def deliver(node: "MessagePump", message: Message) -> bool:
    """Post ``message`` to ``node`` from a worker, unless a newer worker replaced this one
    (then False: the worker can stop)."""
    if get_current_worker().is_cancelled:
        return False
    node.post_message(message)
    return True


def read_into(screen: Any, read: Callable[[Any], Any], loaded: Callable[[Any], Message]) -> None:
    """From a worker: ``loaded(read(session))`` is posted to ``screen``, or, when the
    database fails, ``screen.Failed`` with the sentence."""
    from models.db import DatabaseError

    try:
        with reading(screen.app) as session:
            result = read(session)
    except DatabaseError as exc:
        deliver(screen, screen.Failed(sentence(exc)))
        return
    deliver(screen, loaded(result))


def today_of(app: "App[Any]") -> date:
    """The date the app treats as today (pinned in tests and snapshots)."""
    return getattr(app, "today", None) or date.today()


def sentence(exc: BaseException) -> str:
    """The user-facing sentence for an error raised by models or exporters."""
    from models.text import visible

    text = visible(str(exc).strip()) or "Something went wrong, and nothing was changed"
    return text if text.endswith((".", "?", "!")) else text + "."
