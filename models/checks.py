"""The rules a record must keep, written once for the forms, the loader and the CLI.

Each check takes plain values and returns ``None`` when they are acceptable,
or one plain sentence fragment (lower case, no full stop) saying what is
wrong. The arrangements file places the fragment (``people[2].name: …``);
a form shows it as a sentence beside its field (:func:`sentence`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from models.rules.vocab import DATE_MAX, DATE_MIN, PER_ORGANISATION_ROLES

NAME_LIMIT = 200  # characters in a name
LINE_LIMIT = 1_000  # characters in other one-line text (a title, a place, a link)
LONG_TEXT_LIMIT = 200_000  # characters in notes, minutes and descriptions
FILE_LIMIT = 5 * 1024 * 1024  # bytes in an arrangements file

__all__ = [
    "DATE_MAX", "DATE_MIN", "FILE_LIMIT", "LINE_LIMIT", "LONG_TEXT_LIMIT", "NAME_LIMIT",
    "check_completed", "check_deputy", "check_email", "check_line", "check_long_text",
    "check_minutes_approved", "check_name", "check_partner_role", "check_partnership", "check_quorum",
    "name_clash", "name_key", "tidy_name", "normal_email", "reports_to_cycle", "sentence",
]


def sentence(text: str) -> str:
    """A fragment as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "?", "!")) else text + "."


def _invisible(char: str) -> bool:
    """Format characters (zero-width spaces, bidi marks) and spaces show nothing by themselves."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def _controls(text: str, what: str) -> str | None:
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" or (category == "Cf" and unicodedata.bidirectional(char) in
                                ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")):
            if char == "\x00":
                return f"{what} contains a NUL character (\\x00), which cannot be stored"
            found = {"\t": "a tab", "\n": "a line break", "\r": "a line break", "\x1b": "a terminal escape"}.get(
                char, f"the control character U+{ord(char):04X}")
            return f"{what} contains {found}; use plain text on one line"
    return None


def _nul(text: str, what: str) -> str | None:
    return f"{what} contains a NUL character (\\x00), which cannot be stored" if "\x00" in text else None


def check_line(text: str, what: str = "this") -> str | None:
    """Other stored text (a job title, a place): at most LINE_LIMIT characters, no NUL.

    Control characters are kept and shown escaped wherever they reach a
    terminal (:func:`models.text.visible`).
    """
    if len(text) > LINE_LIMIT:
        return f"{what} is {len(text)} characters long; the limit is {LINE_LIMIT}"
    return _nul(text, what)


def check_name(text: str, what: str = "the name") -> str | None:
    """A name: visible text on one line, no control characters, at most NAME_LIMIT characters."""
    if not text or all(_invisible(c) for c in text):
        return f"{what} must not be empty"
    if len(text) > NAME_LIMIT:
        return f"{what} is {len(text)} characters long; the limit is {NAME_LIMIT}"
    return _controls(text, what)


def check_long_text(text: str, what: str = "this text") -> str | None:
    """Notes, minutes, descriptions: line breaks allowed, no other control characters."""
    if len(text) > LONG_TEXT_LIMIT:
        return f"{what} is {len(text)} characters long; the limit is {LONG_TEXT_LIMIT}"
    return _nul(text, what)


def tidy_name(name: str) -> str:
    """A name as stored: runs of spaces inside it made one, none around it."""
    return " ".join(name.split())


def name_key(name: str) -> str:
    """What two names are compared by: case and surrounding space ignored."""
    return " ".join(name.split()).casefold()


def name_clash(name: str, existing: Iterable[str], what: str) -> str | None:
    """A name that differs from an existing one only by case or spacing."""
    key = name_key(name)
    for other in existing:
        if other != tidy_name(name) and name_key(other) == key:
            return f'"{name}" differs from the existing {what} "{other}" only by case or spacing; use "{other}"'
    return None


@lru_cache(maxsize=4096)  # a calendar feed checks the same few addresses on every event
def normal_email(value: str) -> str:
    """The address as stored; raises ValueError with one sentence fragment when it cannot be invited."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        reason = str(exc).rstrip(".")
        reason = reason[:1].lower() + reason[1:]
        raise ValueError(f'"{value}" is not an e-mail address that invites can be sent to ({reason})') from None


def check_email(value: str) -> str | None:
    try:
        normal_email(value)
    except ValueError as exc:
        return str(exc)
    return None


def check_partner_role(role: str | None, organisation: str | None, statutory: bool) -> str | None:
    """A Lead or Delegated Safeguarding Partner is held for a statutory organisation."""
    if role not in PER_ORGANISATION_ROLES:
        return None
    if organisation is None:
        return "a safeguarding partner role needs the organisation it is held for"
    if not statutory:
        return (f'"{organisation}" is not a statutory partner, so nobody can be its '
                f'{role.replace("_", " ")}')
    return None


def reports_to_cycle(parents: Mapping[str, str | None], body: str) -> list[str] | None:
    """The loop ``body`` is in when each body reports to ``parents[body]``, or None."""
    path = [body]
    current = parents.get(body)
    while current is not None:
        if current == body:
            return path + [body]
        if current in path:
            return None  # a loop further up, reported for its own bodies
        path.append(current)
        current = parents.get(current)
    return None


def describe_cycle(path: list[str]) -> str:
    return "bodies cannot report in a circle: " + " → ".join(f'"{b}"' for b in path)


def check_quorum(statutory_partners: object, statutory_count: int) -> str | None:
    """A quorum cannot ask for more statutory partners than the partnership has."""
    if isinstance(statutory_partners, int) and not isinstance(statutory_partners, bool) \
            and statutory_partners > statutory_count:
        return (f"the quorum asks for {statutory_partners} statutory partners, but the partnership "
                f"has {statutory_count}")
    return None


def check_deputy(person: str | None, deputy_for: str | None) -> str | None:
    if person is not None and person == deputy_for:
        return f'"{person}" cannot be a deputy for themselves'
    return None


def check_minutes_approved(meeting_date: date | None, approved: date | None) -> str | None:
    if meeting_date is not None and approved is not None and approved < meeting_date:
        return (f"the minutes cannot be approved ({approved.isoformat()}) before the meeting "
                f"({meeting_date.isoformat()})")
    return None


def check_completed(status: str | None, completed: date | None) -> str | None:
    if completed is not None and status != "completed":
        return f'a completed date is given, but the action is {(status or "open").replace("_", " ")}, not completed'
    return None


def check_partnership(existing: str | None, name: str | None) -> str | None:
    """A database holds one partnership: a file for another one is refused."""
    if existing is not None and name is not None and name_key(existing) != name_key(name):
        return (f'this database holds "{existing}"; a file for "{name}" belongs in a database of its own '
                f"(create one with --db)")
    return None
