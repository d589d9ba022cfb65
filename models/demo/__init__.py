"""The bundled demo partnership (Northmoor): its file, and loading it into an empty database."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.arrangements import load_arrangements
from models.db import session_scope
from models.scheduling import schedule
from models.tables import Partnership

DEMO_FILE = "demo_partnership.toml"


def demo_file() -> Path:
    """Where the demo arrangements file is installed."""
    return Path(str(resources.files("models.demo").joinpath(DEMO_FILE)))


def prepare_demo(engine: Engine, today: date | None = None) -> None:
    """Load the demo partnership into an empty database and schedule its next year."""
    with Session(engine) as session:
        if session.exec(select(Partnership)).first() is not None:
            return
    load_arrangements(engine, demo_file())
    today = today or date.today()
    with session_scope(engine) as session:
        schedule(session, today, today + timedelta(days=365))
