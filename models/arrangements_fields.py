"""Reading the settings of an arrangements file one value at a time.

:class:`FieldChecker` turns raw TOML values into plain ones and records a
located :class:`~models.plan.Problem` for each it cannot use. The rules
themselves (names, e-mails, dates) come from :mod:`models.checks`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from models.checks import check_line, check_long_text, check_name, name_clash, name_key, tidy_name
from models.plan import Known, Problem
from models.rules.vocab import VocabError, did_you_mean, parse_choice, parse_date, show

def kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__


class FieldChecker:
    def __init__(self, known: Known):
        self.known = known
        self.problems: list[Problem] = []
        self.organisations: set[str] = set(known.organisations)
        self.people: set[str] = set(known.people)
        self.bodies: set[str] = set(known.bodies)

    def problem(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message))

    @staticmethod
    def at(place: str, key: str) -> str:
        return f"{place}.{key}" if place else key

    # -- shapes

    def table(self, value: object, place: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.problem(place, f"should be a table of settings, not {kind_of(value)}")
        return None

    def tables(self, doc: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = doc.get(key, [])
        if not isinstance(value, list):
            self.problem(key, f"should be a list of [[{key}]] tables, not {kind_of(value)}")
            return []
        result = []
        for index, entry in enumerate(value):
            table = self.table(entry, f"{key}[{index}]")
            if table is not None:
                result.append((f"{key}[{index}]", table))
        return result

    def list_of(self, table: Mapping[str, Any], key: str, place: str) -> list[Any]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(f"{place}.{key}", f"should be a list, not {kind_of(value)}")
            return []
        return value

    def keys(self, table: Mapping[str, Any], place: str, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in table:
            if key not in allowed:
                guess = did_you_mean(str(key), allowed)
                hint = f' (did you mean "{guess}"?)' if guess else ""
                self.problem(self.at(place, key), f'unknown setting "{key}"{hint}')

    # -- values

    def text(self, table: Mapping[str, Any], key: str, place: str, *, required: bool = False,
             kind: str = "line") -> str | None:
        """Stripped text (None when empty). ``kind``: "name", "line" (one line) or "long"."""
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{place}.{key}", f"{key} is required")
            return None
        if not isinstance(value, str):
            self.problem(f"{place}.{key}", f"should be text in quotes, not {kind_of(value)}")
            return None
        value = value.strip()
        if kind == "name":
            trouble = check_name(value, key)
        elif not value:
            trouble = None
        elif kind == "long":
            trouble = check_long_text(value, key)
        else:
            trouble = check_line(value, key)
        if trouble:
            self.problem(f"{place}.{key}", trouble)
            return None
        if required and not value:
            self.problem(f"{place}.{key}", f"{key} must not be empty")
            return None
        return (tidy_name(value) if kind == "name" else value) or None

    def flag(self, table: Mapping[str, Any], key: str, place: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{place}.{key}", f"should be true or false, not {show(value)}")
            return default
        return value

    def number(self, table: Mapping[str, Any], key: str, place: str, *, low: int = 0, high: int = 10**6) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{place}.{key}", f"should be a whole number, not {show(value)}")
            return None
        if not low <= value <= high:
            self.problem(f"{place}.{key}", f"should be between {low} and {high}, not {value}")
            return None
        return value

    def parsed(self, table: Mapping[str, Any], key: str, place: str, parse: Callable[[object], Any], *,
               required: bool = False) -> Any:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{place}.{key}", f"{key} is required")
            return None
        try:
            return parse(value)
        except VocabError as exc:
            self.problem(f"{place}.{key}", str(exc))
            return None

    def a_date(self, table, key, place, *, required=False) -> date | None:
        if not required and table.get(key) == "":
            return None  # "" clears an optional date
        return self.parsed(table, key, place, parse_date, required=required)

    def choice(self, table, key, place, choices, what, *, default=None) -> str | None:
        if table.get(key) is None:
            return default
        return self.parsed(table, key, place, lambda v: parse_choice(v, choices, what))

    def text_list(self, table, key, place, *, kind: str = "line") -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(f"{place}.{key}", f"should be a list of texts, not {kind_of(value)}")
            return []
        result = []
        for index, entry in enumerate(value):
            if not isinstance(entry, str) or not entry.strip():
                self.problem(f"{place}.{key}[{index}]", f"should be text in quotes, not {show(entry)}")
                continue
            trouble = check_long_text(entry.strip(), key) if kind == "long" else check_line(entry.strip(), key)
            if trouble:
                self.problem(f"{place}.{key}[{index}]", trouble)
            else:
                result.append(entry.strip())
        return result

    def given(self, entry: dict[str, Any], table: Mapping[str, Any], key: str, read: Callable[[], Any],
              name: str | None = None) -> None:
        """Put ``read()`` into ``entry[name or key]`` only when the file gives ``key``."""
        if key in table:
            entry[name or key] = read()

    # -- references

    def ref(self, table, key, place, pool: set[str], what: str, *, required: bool = False) -> str | None:
        name = self.text(table, key, place, required=required)
        if name is None:
            return None
        return self.ref_value(name, f"{place}.{key}", pool, what)

    def ref_value(self, name: str, place: str, pool: set[str], what: str) -> str | None:
        if name in pool:
            return name
        guess = did_you_mean(name, pool)
        hint = f' (did you mean "{guess}"?)' if guess else ""
        self.problem(place, f'no {what} named "{name}"{hint}')
        return None

    def unique(self, entries: list[tuple[str, Mapping[str, Any]]], what: str, pool: set[str]) -> None:
        """Each name once in the file, and never a near copy of a name the database holds."""
        known: dict[str, list[str]] = {}  # the database's names by name_key: one look-up per entry
        for other in pool:
            known.setdefault(name_key(other), []).append(other)
        seen: dict[str, tuple[str, str]] = {}
        for place, table in entries:
            name = table.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            name = tidy_name(name)
            key = name_key(name)
            if key in seen:
                first_name, first_place = seen[key]
                same = "" if first_name == name else f' (as "{first_name}")'
                self.problem(f"{place}.name", f'{what} "{name}" is already defined at {first_place}{same}')
                continue
            seen[key] = (name, place)
            clash = name_clash(name, known.get(key, ()), what)
            if clash:
                self.problem(f"{place}.name", clash)
                continue
            pool.add(name)
