"""What every record command shares: its error, reading a form's values, naming and creating.

A command checks the values it is given with the rules in
:mod:`models.checks` and raises :class:`RecordErrors` (field -> one
sentence) before it writes anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from models.audit import plain, record_change
from models.checks import check_line, check_long_text, check_name, name_clash, sentence, tidy_name
from models.editing import StaleEdit
from models.name_index import created, defer, names
from models.rules.vocab import VocabError, parse_date


class RecordErrors(ValueError):
    """A save refused because of the values given; ``errors`` maps field to one sentence."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values()), "The values given cannot be saved."))


def text_of(value: object) -> str | None:
    """Stripped text, or None for empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def line_of(values: Mapping[str, Any], key: str, errors: dict[str, str], *, long: bool = False) -> str | None:
    """Optional one-line (or, ``long``, multi-line) text, checked for length and control characters."""
    text = text_of(values.get(key))
    if text is not None:
        trouble = check_long_text(text, key) if long else check_line(text, key.replace("_", " "))
        if trouble:
            errors[key] = sentence(trouble)
    return text


def date_of(value: object, name: str, errors: dict[str, str], *, required: bool = False) -> date | None:
    text = value if isinstance(value, date) else text_of(value)
    if text is None:
        if required:
            errors[name] = f"Give the {name} date as YYYY-MM-DD."
        return None
    try:
        return parse_date(text)
    except VocabError as err:
        errors[name] = sentence(str(err))
        return None


def named(session: Session, model: type[SQLModel], name: str | None) -> Any:
    if name is None:
        return None
    index = names(session, model)
    if index is not None:
        return index.by_name.get(name)
    return session.exec(select(model).where(model.name == name)).first()  # type: ignore[attr-defined]


def name_of(session: Session, model: type[SQLModel], values: Mapping[str, Any], own_id: int | None,
            what: str, errors: dict[str, str]) -> str | None:
    """The record's name, checked: visible, one line, not too long, and not another record's."""
    raw = values.get("name")
    name = str(raw).strip() if raw is not None else ""
    trouble = check_name(name, f"the {what}'s name")
    if trouble:
        errors["name"] = f"Give the {what}'s name." if not name else sentence(trouble)
        return None
    name = tidy_name(name)
    found = named(session, model, name)
    if found is not None and found.id != own_id:
        errors["name"] = f'There is already {"an" if what[0] in "aeiou" else "a"} {what} named "{name}".'
        return None
    index = names(session, model)
    if index is not None:
        similar = [other for other in index.by_lower.get(index.lower(name), [])
                   if own_id is None or index.by_name[other].id != own_id]
    else:
        query = select(model.name).where(func.lower(model.name) == name.lower())  # type: ignore[attr-defined]
        if own_id is not None:
            query = query.where(model.id != own_id)  # type: ignore[attr-defined]
        similar = list(session.exec(query))
    clash = name_clash(name, similar, what)
    if clash:
        errors["name"] = sentence(clash)
        return None
    return name


def load_record(session: Session, model: type[SQLModel], record_id: int) -> Any:
    record = session.get(model, record_id)
    if record is None:
        raise StaleEdit(f"This {model.__name__.lower()} was deleted by someone else while you were editing.")
    return record


def create_record(session: Session, record: SQLModel, summary: str, values: dict[str, Any]) -> SQLModel:
    session.add(record)
    created(session, record)
    if defer(session, record, summary, values):
        return record  # flushed with the others, and audited then (models.name_index)
    session.flush()
    record_change(session, "create", type(record).__tablename__, record.id, summary,  # type: ignore[attr-defined]
                  {k: plain(v) for k, v in values.items()})
    return record
