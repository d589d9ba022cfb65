"""Who chairs a body: a fixed chair, or a chair that rotates among organisations.

A rotation goes round its organisations in order, each term ``term_months``
long from ``starts``. Within a term the chair is whoever holds ``from_role``
for that organisation on each date, so a change of post-holder splits the
term, and a stretch with nobody in post is a row with no person (a gap).

Choices made here (documented in docs/rules.md):

* When two people hold the role at once (a data error the roster flags), the
  one appointed most recently is taken as chair.
* Without a window, terms are listed from ``starts`` (or today for a fixed
  chair with no ``starts``) to two years after today.
* A fixed chair is one open-ended row (``end`` None); rotation rows are cut
  at the window's ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from models.rules.vocab import ROLES, VocabError, parse_choice, parse_date, show, unknown_key_problem

DEFAULT_FROM_ROLE = "delegated_safeguarding_partner"
DEFAULT_HORIZON = relativedelta(years=2)
CHAIR_KEYS = ("person", "rotation", "term_months", "starts", "from_role")

Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class ChairRule:
    """A fixed chair (``person``) or a rotation among organisations."""

    person: str | None = None
    rotation: tuple[str, ...] = ()
    term_months: int | None = None
    starts: date | None = None
    from_role: str = DEFAULT_FROM_ROLE


@dataclass(frozen=True)
class Holding:
    """One appointment: ``person`` held ``role`` from ``start`` to ``end`` inclusive."""

    person: str
    role: str
    organisation: str | None
    start: date
    end: date | None = None  # None: still in post

    def covers(self, day: date) -> bool:
        """True if the appointment is in force on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ChairTerm:
    """A stretch with one chair; ``person`` None is a gap, ``end`` None is open."""

    organisation: str | None
    person: str | None
    start: date
    end: date | None


# ---------------------------------------------------------------- parsing


def _parse_rotation(value: object, problems: Problems) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not value:
        problems.append(("rotation", "rotation must list the organisations in turn"))
        return ()
    names: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            problems.append((f"rotation[{i}]", f"{show(item)} is not an organisation name"))
        elif item.strip() in names:
            problems.append((f"rotation[{i}]", f"rotation lists {show(item.strip())} twice"))
        else:
            names.append(item.strip())
    return tuple(names)


def _parse_term_months(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 120:
        raise VocabError(
            f"term_months must be a whole number of months from 1 to 120, not {show(value)}"
        )
    return value


def _parse_rotating(raw: Mapping[str, object], problems: Problems) -> dict[str, object]:
    values: dict[str, object] = {"rotation": _parse_rotation(raw["rotation"], problems)}
    for key, parser in (
        ("term_months", _parse_term_months),
        ("starts", parse_date),
        ("from_role", lambda v: parse_choice(v, ROLES, "role")),
    ):
        if key in raw:
            try:
                values[key] = parser(raw[key])
            except VocabError as err:
                problems.append((key, str(err)))
        elif key != "from_role":
            problems.append((key, f"a rotating chair needs {key}"))
    return values


def parse_chair(raw: object) -> tuple[ChairRule | None, Problems]:
    """Read ``chair = {person = ...}`` or ``{rotation = [...], term_months, starts, from_role}``.

    A bare string is taken as ``{person = ...}``. Returns (rule, []) or
    (None, every problem as (field, sentence)).
    """
    if isinstance(raw, str):
        raw = {"person": raw}
    if not isinstance(raw, Mapping):
        return None, [("", "chair must be a table such as { person = \"...\" }")]
    problems: Problems = [unknown_key_problem(k, CHAIR_KEYS) for k in raw if k not in CHAIR_KEYS]
    if ("person" in raw) == ("rotation" in raw):
        problems.append(("", "chair needs either person or rotation (but not both)"))
        return None, problems
    if "person" in raw:
        values: dict[str, object] = {}
        person = raw["person"]
        if not isinstance(person, str) or not person.strip():
            problems.append(("person", f"{show(person)} is not a person's name"))
        else:
            values["person"] = person.strip()
        for key in ("term_months", "from_role"):
            if key in raw:
                problems.append((key, f"{key} only applies to a rotating chair"))
        if "starts" in raw:
            try:
                values["starts"] = parse_date(raw["starts"])
            except VocabError as err:
                problems.append(("starts", str(err)))
    else:
        values = _parse_rotating(raw, problems)
    if problems:
        return None, problems
    return ChairRule(**values), []  # type: ignore[arg-type]


def chair_rule_to_dict(rule: ChairRule) -> dict[str, object]:
    """A JSON-safe table that :func:`parse_chair` reads back to ``rule``."""
    out: dict[str, object] = {}
    if rule.person is not None:
        out["person"] = rule.person
    else:
        out.update(rotation=list(rule.rotation), term_months=rule.term_months,
                   from_role=rule.from_role)
    if rule.starts is not None:
        out["starts"] = rule.starts.isoformat()
    return out


# ---------------------------------------------------------------- terms


def _holder_on(holdings: Sequence[Holding], role: str, organisation: str, day: date) -> str | None:
    """Who holds ``role`` for ``organisation`` on ``day`` (latest appointment wins)."""
    current = [h for h in holdings
               if h.role == role and h.organisation == organisation and h.covers(day)]
    if not current:
        return None
    return max(current, key=lambda h: (h.start, h.person)).person


def _split_by_holder(rule: ChairRule, holdings: Sequence[Holding], organisation: str,
                     first: date, last: date) -> list[ChairTerm]:
    """Rows for one organisation's term from ``first`` to ``last``, one per post-holder."""
    changes = {first}
    for h in holdings:
        if h.role == rule.from_role and h.organisation == organisation:
            changes.add(h.start)
            if h.end is not None:
                changes.add(h.end + timedelta(days=1))
    points = sorted(d for d in changes if first <= d <= last)
    rows: list[ChairTerm] = []
    for i, point in enumerate(points):
        end = points[i + 1] - timedelta(days=1) if i + 1 < len(points) else last
        person = _holder_on(holdings, rule.from_role, organisation, point)
        if rows and rows[-1].person == person:
            rows[-1] = ChairTerm(organisation, person, rows[-1].start, end)
        else:
            rows.append(ChairTerm(organisation, person, point, end))
    return rows


def term_bounds(rule: ChairRule, k: int) -> tuple[str, date, date]:
    """Organisation, first day and last day of the ``k``-th term (0-based) of a rotation."""
    starts: date = rule.starts  # type: ignore[assignment]
    months = rule.term_months or 1
    first = starts + relativedelta(months=k * months)
    last = starts + relativedelta(months=(k + 1) * months) - timedelta(days=1)
    return rule.rotation[k % len(rule.rotation)], first, last


def _term_index(rule: ChairRule, day: date) -> int:
    """The 0-based index of the term containing ``day`` (on or after ``starts``)."""
    gap = relativedelta(day, rule.starts)
    k = (gap.years * 12 + gap.months) // (rule.term_months or 1)
    while term_bounds(rule, k)[1] > day:  # clamped month ends can overshoot by one
        k -= 1
    while term_bounds(rule, k)[2] < day:
        k += 1
    return k


def chair_terms(rule: ChairRule, holdings: Sequence[Holding], start: date | None = None,
                end: date | None = None, organisations: Mapping[str, str] | None = None,
                today: date | None = None) -> list[ChairTerm]:
    """Chair terms in date order, cut to the window ``start``..``end`` (inclusive).

    ``organisations`` maps a person to their organisation, used for a fixed
    chair's row. ``today`` (default: the real date) sets the default window.
    """
    today = today or date.today()
    if rule.person is not None:
        known = [d for d in (start, rule.starts) if d is not None]
        first = max(known) if known else today
        if end is not None and first > end:
            return []
        org = (organisations or {}).get(rule.person)
        return [ChairTerm(org, rule.person, first, None)]
    first = max(start or rule.starts, rule.starts)  # type: ignore[type-var]
    last = end if end is not None else today + DEFAULT_HORIZON
    rows: list[ChairTerm] = []
    if last < first:
        return rows
    k = _term_index(rule, first)
    while True:
        org, term_first, term_last = term_bounds(rule, k)
        if term_first > last:
            return rows
        rows += _split_by_holder(rule, holdings, org, max(term_first, first), min(term_last, last))
        k += 1


def chair_on(rule: ChairRule, holdings: Sequence[Holding], day: date,
             organisations: Mapping[str, str] | None = None) -> ChairTerm | None:
    """The whole (uncut) row that covers ``day``, or None before a rotation starts."""
    if rule.person is not None:
        if rule.starts is not None and day < rule.starts:
            return None
        org = (organisations or {}).get(rule.person)
        return ChairTerm(org, rule.person, rule.starts or day, None)
    if day < rule.starts:  # type: ignore[operator]
        return None
    org, first, last = term_bounds(rule, _term_index(rule, day))
    rows = _split_by_holder(rule, holdings, org, first, last)
    return next(r for r in rows if r.start <= day <= r.end)  # type: ignore[operator]


def next_handover(rule: ChairRule, holdings: Sequence[Holding], after: date,
                  organisations: Mapping[str, str] | None = None) -> ChairTerm | None:
    """The first row that begins after ``after``: the next change of chair, if any."""
    if rule.person is not None:
        if rule.starts is not None and rule.starts > after:
            return chair_on(rule, holdings, rule.starts, organisations)
        return None
    current = chair_on(rule, holdings, after, organisations)
    begins = current.end + timedelta(days=1) if current else rule.starts  # type: ignore[operator]
    return chair_on(rule, holdings, begins, organisations)  # type: ignore[arg-type]
