"""A cadence as a table: read from an arrangements file or a form, stored as JSON.

:func:`parse_cadence` reads the ``cadence`` table of an arrangements file (or
what a form collects) into a :class:`~models.rules.cadence.Cadence`, with a
located problem for each wrong setting; :func:`cadence_to_dict` writes one back
as a table that ``parse_cadence`` reads to the same value. The rules for the
dates a cadence gives are in ``models.rules.cadence``.
"""

from __future__ import annotations

from collections.abc import Mapping

from models.rules.cadence import CADENCE_KEYS, MONTH_STEP, Cadence, Problems, format_time
from models.rules.vocab import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    VocabError,
    parse_date,
    parse_frequency,
    parse_month,
    parse_time,
    parse_weekday,
    show,
    unknown_key_problem,
)

_WEEKS = (1, 2, 3, 4, -1)  # the week of the month: first to fourth, or -1 for the last


def _parse_months(value: object, problems: Problems) -> tuple[int, ...] | None:
    items = value if isinstance(value, (list, tuple)) else [value]
    if not items:
        problems.append(("months", "months is empty; leave it out or list the months"))
        return None
    months: list[int] = []
    before = len(problems)
    for i, item in enumerate(items):
        try:
            month = parse_month(item)
        except VocabError as err:
            problems.append((f"months[{i}]" if value is items else "months", str(err)))
            continue
        if month in months:
            problems.append(("months", f"months lists {MONTH_NAMES[month - 1]} twice"))
        months.append(month)
    if len(problems) > before:  # no count check on a list already in error
        return None
    return tuple(sorted(months))


def _parse_week(value: object) -> int:
    if isinstance(value, str) and value.strip().lower() == "last":
        return -1
    if isinstance(value, int) and not isinstance(value, bool) and value in _WEEKS:
        return value
    raise VocabError(f"week must be 1, 2, 3, 4 or -1 (last), not {show(value)}")


def _parse_whole(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise VocabError(f"{name} must be a whole number, not {show(value)}")
    if not low <= value <= high:
        raise VocabError(f"{name} must be from {low} to {high}, not {value}")
    return value


def _parse_text(value: object, name: str) -> str | None:
    if not isinstance(value, str):
        raise VocabError(f"{name} must be text, not {show(value)}")
    return value.strip() or None


def _parse_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise VocabError(f"{name} must be true or false, not {show(value)}")
    return value


def _frequency_label(frequency: str, every_weeks: int | None) -> str:
    if frequency == "every-n-weeks":
        return f"every-{every_weeks}-weeks"
    return frequency


def _check_months_count(c: dict[str, object], problems: Problems) -> None:
    frequency, months = c["frequency"], c.get("months")
    if months is None or frequency == "monthly":
        return
    if frequency == "every-n-weeks":
        label = _frequency_label("every-n-weeks", c["every_weeks"])  # type: ignore[arg-type]
        problems.append(("months", f"months cannot be used with {label}"))
        return
    needed = 12 // MONTH_STEP[frequency]  # type: ignore[index]
    given = len(months)  # type: ignore[arg-type]
    if given != needed:
        noun = "month" if needed == 1 else "months"
        problems.append(
            ("months", f"{frequency} needs {needed} {noun} in months, not {given}")
        )


def _check_day_rule(c: dict[str, object], problems: Problems) -> None:
    if c.get("weekday") is not None and c.get("day") is not None:
        problems.append(("day", "give either weekday (with week) or day, not both"))
    if c.get("week") is not None and c.get("weekday") is None:
        problems.append(("week", "week needs a weekday as well"))
    if c["frequency"] == "every-n-weeks":
        label = _frequency_label("every-n-weeks", c["every_weeks"])  # type: ignore[arg-type]
        for key in ("week", "day"):
            if c.get(key) is not None:
                problems.append((key, f"{key} cannot be used with {label}"))
        if c.get("starts") is None:
            problems.append(("starts", f"{label} needs a starts date to count from"))
    starts, ends = c.get("starts"), c.get("ends")
    if starts is not None and ends is not None and ends < starts:  # type: ignore[operator]
        problems.append(("ends", f"ends ({ends}) is before starts ({starts})"))


_FIELD_PARSERS = {
    "weekday": parse_weekday,
    "week": _parse_week,
    "day": lambda v: _parse_whole(v, "day", 1, 31),
    "time": parse_time,
    "duration_minutes": lambda v: _parse_whole(v, "duration_minutes", 1, 24 * 60),
    "location": lambda v: _parse_text(v, "location"),
    "online_link": lambda v: _parse_text(v, "online_link"),
    "avoid_bank_holidays": lambda v: _parse_bool(v, "avoid_bank_holidays"),
    "starts": parse_date,
    "ends": parse_date,
}


def parse_cadence(raw: object) -> tuple[Cadence | None, Problems]:
    """Read a ``cadence`` table; returns (cadence, []) or (None, every problem).

    Each problem is (field, sentence); the field is "" for the table as a
    whole and "months[1]" for one element of a list.
    """
    if not isinstance(raw, Mapping):
        return None, [("", "cadence must be a table of settings")]
    problems: Problems = []
    values: dict[str, object] = {}
    for key in raw:
        if key not in CADENCE_KEYS:
            problems.append(unknown_key_problem(key, CADENCE_KEYS))
    if "frequency" not in raw:
        problems.append(("frequency", 'frequency is missing (for example "quarterly")'))
    else:
        try:
            values["frequency"], values["every_weeks"] = parse_frequency(raw["frequency"])
        except VocabError as err:
            problems.append(("frequency", str(err)))
    if "months" in raw:
        values["months"] = _parse_months(raw["months"], problems)
    for key, parser in _FIELD_PARSERS.items():
        if key in raw:
            try:
                values[key] = parser(raw[key])
            except VocabError as err:
                problems.append((key, str(err)))
    if "frequency" in values:  # the cross-checks depend on the frequency
        _check_months_count(values, problems)
        _check_day_rule(values, problems)
    if problems:
        return None, problems
    return Cadence(**values), []  # type: ignore[arg-type]


def cadence_to_dict(c: Cadence) -> dict[str, object]:
    """A JSON-safe table that :func:`parse_cadence` reads back to ``c``."""
    out: dict[str, object] = {"frequency": _frequency_label(c.frequency, c.every_weeks)}
    if c.months is not None:
        out["months"] = list(c.months)
    if c.weekday is not None:
        out["weekday"] = WEEKDAY_NAMES[c.weekday]
    for key in ("week", "day"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    out["time"] = format_time(c.time)
    out["duration_minutes"] = c.duration_minutes
    for key in ("location", "online_link"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    out["avoid_bank_holidays"] = c.avoid_bank_holidays
    for key in ("starts", "ends"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key).isoformat()
    return out
