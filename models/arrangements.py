"""The arrangements file: read it, check all of it, then write all of it or nothing.

``check_arrangements(doc, known)`` (in :mod:`models.arrangements_check`)
returns a :class:`Plan` and every problem found, each with its place
(``bodies[2].cadence.months``) and one plain sentence.
``load_arrangements(engine, path)`` reads the TOML, checks it against the
file itself and what the database already holds, and writes it in one
transaction through the same commands the forms use (:mod:`models.loader`).
Names are the keys, so loading the same file twice changes nothing, an
edited file updates records by name, and a setting left out of a record
keeps its value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import tomli
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.arrangements_check import SECTIONS, check_arrangements
from models.checks import FILE_LIMIT
from models.loader import write_plan
from models.plan import ArrangementsError, Known, LoadSummary, Plan, Problem
from models.progress import Progress
from models.tables import Body, Organisation, Partnership, Person

__all__ = [
    "ArrangementsError", "Known", "LoadSummary", "Plan", "Problem", "SECTIONS",
    "check_arrangements", "known_names", "load_arrangements", "load_files", "read_toml",
]


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file of at most FILE_LIMIT bytes, turning any failure into an ArrangementsError."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(FILE_LIMIT + 1)
    except FileNotFoundError:
        raise ArrangementsError([Problem("", f'there is no file "{path}"')]) from None
    except OSError as exc:
        raise ArrangementsError([Problem("", f'"{path}" cannot be read: {exc.strerror or exc}')]) from None
    if len(data) > FILE_LIMIT:
        raise ArrangementsError([Problem(path.name, f"the file is larger than {FILE_LIMIT // (1024 * 1024)} MB, "
                                                    "the most an arrangements file may be")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArrangementsError([Problem(path.name, "the file is not UTF-8 text")]) from None
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise ArrangementsError([Problem(path.name, f"not valid TOML: {exc}")]) from None
    except RecursionError:
        raise ArrangementsError([Problem(path.name, "lists or tables are nested too deeply to read")]) from None


def known_names(session: Session) -> Known:
    """What the database holds that a file may refer to."""
    known = Known()
    organisations = {o.id: o.name for o in session.exec(select(Organisation))}
    known.organisations = set(organisations.values())
    for person in session.exec(select(Person)):
        known.people.add(person.name)
        known.person_organisation[person.name] = organisations.get(person.organisation_id)
    bodies = list(session.exec(select(Body)))
    names = {b.id: b.name for b in bodies}
    known.bodies = set(names.values())
    known.body_parents = {b.name: names.get(b.reports_to_id) for b in bodies}
    partnership = session.exec(select(Partnership)).first()
    known.partnership = partnership.name if partnership else None
    return known


def load_arrangements(engine: Engine, path: str | Path, progress: Progress | None = None) -> LoadSummary:
    """Check the file at ``path`` and write it in one transaction.

    Raises ArrangementsError listing every problem; the database is then
    untouched. ``progress(done, total)`` (see :mod:`models.progress`) hears
    how many of the file's meetings, agenda items and actions are written.
    """
    return load_files(engine, [path], progress)[0]


def load_files(engine: Engine, paths: Sequence[str | Path], progress: Progress | None = None) -> list[LoadSummary]:
    """Check and write several files in order, in one transaction: all of them or nothing.

    A later file may refer to what an earlier one creates (the partnership
    file, then a year of meeting records). Each file is checked against the
    database as the files before it left it; the first file with problems
    stops the load, raising ArrangementsError with its ``path``, and nothing
    of any file is written. One summary per file, in order.
    ``progress(done, total)`` counts thousandths of the whole load.
    """
    summaries: list[LoadSummary] = []
    with Session(engine, expire_on_commit=False) as session:
        try:
            known: Known | None = None
            for number, path in enumerate(paths):
                try:
                    doc = read_toml(path)
                    known = known or known_names(session)
                    plan, problems = check_arrangements(doc, known)
                    if problems:
                        raise ArrangementsError(problems)
                except ArrangementsError as exc:
                    exc.path = str(path)
                    raise
                summaries.append(write_plan(session, plan, source=Path(path).name,
                                            progress=_share(progress, number, len(paths))))
                session.flush()
                if _names_may_change(doc, known):
                    known = None  # read again for the next file
            session.commit()
        except IntegrityError as exc:
            session.rollback()
            raise ArrangementsError([Problem("", "another officer changed the same records while this file was "
                                                 "loading; nothing was written, so load it again")]) from exc
        except BaseException:
            session.rollback()
            raise
    return summaries


def _names_may_change(doc: dict[str, Any], known: Known) -> bool:
    """Whether writing ``doc`` can change what a later file may refer to.

    A file of meeting records for a partnership already named changes no
    name; anything else (people, bodies, the partnership itself) may.
    """
    sections = set(doc) - {"meetings"}
    if known.partnership is not None:
        sections.discard("partnership")
    return bool(sections)


def _share(progress: Progress | None, number: int, count: int) -> Progress | None:
    """The part of an overall ``progress`` that file ``number`` of ``count`` reports into."""
    if progress is None or count == 1:
        return progress

    def report(done: int, total: int) -> None:
        progress(number * 1000 + (done * 1000 // total if total else 1000), count * 1000)

    return report
