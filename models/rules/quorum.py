"""Quorum: were enough partners (and members) at a meeting for it to decide?

A statutory partner is represented when a voting member present for it, or a
deputy standing in for one of its members, attends. Apologies and absences
do not count, and neither do non-voting attendees (a participant observer
does not make the council quorate).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from models.rules.vocab import show, unknown_key_problem

QUORUM_KEYS = ("statutory_partners", "members")
COUNTING_STATUSES = frozenset({"present", "deputy"})

Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class QuorumRule:
    """``statutory_partners``: "all", a number, or None (no such test); ``members`` likewise."""

    statutory_partners: Literal["all"] | int | None
    members: int | None = None


@dataclass(frozen=True)
class AttendanceFact:
    """One attendee; a deputy's ``organisation_represented`` is that of whom they stand in for."""

    person: str
    organisation_represented: str | None
    status: str  # present | apologies | absent | deputy
    voting: bool = True


@dataclass(frozen=True)
class QuorumResult:
    """Whether the meeting was quorate, and the statutory partners not represented."""

    met: bool
    missing: list[str]


def _count(value: object, name: str, allow_all: bool) -> tuple[object, str | None]:
    if allow_all and isinstance(value, str) and value.strip().lower() == "all":
        return "all", None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value, None
    choices = '"all" or a number from 1' if allow_all else "a number from 1"
    return None, f"{name} must be {choices}, not {show(value)}"


def parse_quorum(raw: object) -> tuple[QuorumRule | None, Problems]:
    """Read ``quorum = { statutory_partners = "all", members = 4 }``; every problem is reported."""
    if not isinstance(raw, Mapping):
        return None, [("", 'quorum must be a table such as { statutory_partners = "all" }')]
    problems: Problems = [unknown_key_problem(k, QUORUM_KEYS) for k in raw if k not in QUORUM_KEYS]
    values: dict[str, object] = {"statutory_partners": None}
    for key in QUORUM_KEYS:
        if key in raw:
            values[key], problem = _count(raw[key], key, key == "statutory_partners")
            if problem:
                problems.append((key, problem))
    if problems:
        return None, problems
    return QuorumRule(**values), []  # type: ignore[arg-type]


def quorum_rule_to_dict(rule: QuorumRule) -> dict[str, object]:
    """A JSON-safe table that :func:`parse_quorum` reads back to ``rule``."""
    return {k: v for k, v in (("statutory_partners", rule.statutory_partners),
                              ("members", rule.members)) if v is not None}


def check_quorum(rule: QuorumRule, statutory_orgs: Sequence[str],
                 attendance: Sequence[AttendanceFact]) -> QuorumResult:
    """Check attendance against the rule; ``missing`` keeps the order of ``statutory_orgs``."""
    counting = [a for a in attendance if a.status in COUNTING_STATUSES and a.voting]
    represented = {a.organisation_represented for a in counting}
    missing = [org for org in statutory_orgs if org not in represented]
    met = True
    if rule.statutory_partners == "all":
        met = not missing
    elif rule.statutory_partners is not None:
        met = len(statutory_orgs) - len(missing) >= rule.statutory_partners
    if rule.members is not None:
        met = met and len({a.person for a in counting}) >= rule.members
    return QuorumResult(met, missing)
