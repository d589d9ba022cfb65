"""What an arrangements file becomes once read: its problems, its plan, and what a load did.

These plain values pass between checking (:mod:`models.arrangements_check`)
and writing (:mod:`models.loader`), so neither imports the other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from models.text import visible


@dataclass(frozen=True)
class Problem:
    place: str
    message: str

    def __str__(self) -> str:
        return visible(f"{self.place}: {self.message}" if self.place else self.message)


class ArrangementsError(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[Problem], path: str | None = None):
        self.problems = problems
        self.path = path  # the file with the problems, when several were loaded together
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded.")


@dataclass
class Known:
    """What the database already holds, so a file may refer to it."""

    organisations: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    person_organisation: dict[str, str | None] = field(default_factory=dict)
    partnership: str | None = None  # the partnership's name, when the database holds one
    body_parents: dict[str, str | None] = field(default_factory=dict)  # body -> the body it reports to


@dataclass
class Plan:
    """The checked content of a file, in plain values ready to write.

    Each entry holds only the settings the file gives: a setting left out
    keeps its current value; an empty one ("", [] or {}) is None/[] here and
    clears it.
    """

    partnership: dict[str, Any] | None = None
    organisations: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    appointments: list[dict[str, Any]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    forward_plan: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)  # top-level [[actions]]
    obligations: list[dict[str, Any]] = field(default_factory=list)  # models.obligations_file
    warnings: list[str] = field(default_factory=list)  # loaded anyway, e.g. a case reference like a name


_LABELS = {
    "partnership": ("partnership", "partnerships"),
    "organisation": ("organisation", "organisations"),
    "person": ("person", "people"),
    "appointment": ("appointment", "appointments"),
    "body": ("body", "bodies"),
    "forward plan item": ("forward plan item", "forward plan items"),
    "meeting": ("meeting", "meetings"),
    "agenda item": ("agenda item", "agenda items"),
    "attendance": ("attendance record", "attendance records"),
    "action": ("action", "actions"),
    "obligation": ("obligation", "obligations"),
    "checkpoint rule": ("checkpoint rule", "checkpoint rules"),
}


@dataclass
class LoadSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)  # e.g. a case reference that looks like a name

    def count(self, kind: str, outcome: str) -> None:
        getattr(self, outcome)[kind] += 1

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def line(self, source: str = "") -> str:
        """One line for the terminal, e.g. 'Loaded northmoor.toml: created 5 organisations, ...'."""
        def part(counter: Counter, verb: str) -> str | None:
            items = [f"{n} {_LABELS.get(k, (k, k + 's'))[n != 1]}" for k, n in counter.items() if n]
            return f"{verb} " + ", ".join(items) if items else None

        parts = [p for p in (part(self.created, "created"), part(self.updated, "updated")) if p]
        head = f"Loaded {source}: " if source else "Loaded: "
        text = head + ("; ".join(parts) + "." if parts else "nothing changed (everything was already up to date).")
        return "\n".join([text, *(f"Warning: {w}" for w in self.warnings)])
