"""The ``[[obligations]]`` section of an arrangements file: the same checks as the forms.

    [[obligations]]                 # one-off: a case reference, never a child's name
    kind = "serious_incident"
    case_reference = "RR-2027-01"
    trigger = 2027-03-26
    notified = 2027-03-31           # optional

    [[obligations]]
    kind = "yearly_report"          # or arrangements_review, independent_scrutiny
    last_met = 2026-09-30
    every_months = 12               # optional (12)

    [[obligations]]
    kind = "checkpoint"             # a further checkpoint for every serious incident
    name = "learning_published"
    after = "rapid_review"          # trigger, notification, rapid_review or an earlier checkpoint
    working_days = 60

Keys on reload: the case reference for a one-off, the kind for a recurring
obligation, the name for a checkpoint; a setting left out stays as it is.
A recurring obligation's ``last_met`` never moves back on reload (a later
date recorded as met in the database wins). The load's one audit entry (models.loader) records what was created or updated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from models.audit import plain
from models.obligations import KINDS, RECURRING_KINDS, check_case, check_recurring, check_rule
from models.rules.vocab import did_you_mean
from models.tables import CheckpointRule, Obligation, utcnow

SETTINGS = {
    "serious_incident": ("kind", "case_reference", "trigger", "notified"),
    "recurring": ("kind", "last_met", "every_months"),
    "checkpoint": ("kind", "name", "after", "working_days"),
}


@dataclass
class ObligationsCheck:
    entries: list[dict[str, Any]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (place, message)
    warnings: list[str] = field(default_factory=list)


def _strip_stop(text: str) -> str:
    return text.rstrip(".")


def check_obligations(entries: object, place: str = "obligations") -> ObligationsCheck:
    """Check the raw ``[[obligations]]`` list; every problem has its place."""
    out = ObligationsCheck()
    if not isinstance(entries, list):
        out.problems.append((place, "should be a list of [[obligations]] tables"))
        return out
    seen: dict[tuple[str, str], str] = {}
    rule_names: list[str] = []
    for index, table in enumerate(entries):
        where = f"{place}[{index}]"
        if not isinstance(table, Mapping):
            out.problems.append((where, "should be a table of settings"))
            continue
        kind = table.get("kind")
        if kind not in (*KINDS, "checkpoint"):
            guess = did_you_mean(str(kind), [*KINDS, "checkpoint"]) if isinstance(kind, str) else None
            hint = f' (did you mean "{guess}"?)' if guess else ""
            out.problems.append((f"{where}.kind", f"{kind!r} is not a kind of obligation{hint}"
                                 if kind is not None else "kind is required"))
            continue
        group = "recurring" if kind in RECURRING_KINDS else kind
        for key in table:
            if key not in SETTINGS[group]:
                guess = did_you_mean(key, SETTINGS[group])
                hint = f' (did you mean "{guess}"?)' if guess else ""
                out.problems.append((f"{where}.{key}", f'unknown setting "{key}"{hint}'))
        if kind == "serious_incident":
            clean, errors, warnings = check_case(table)
            key = ("case", clean["case_reference"] or "")
            out.warnings.extend(f"{where}.case_reference: {w}" for w in warnings)
            entry = {"kind": kind, **{k: clean[k] for k in ("case_reference", "trigger", "notified")}}
            entry["given"] = [k for k in ("notified",) if table.get(k) is not None]
        elif kind == "checkpoint":
            clean, errors = check_rule(table, rule_names)
            key = ("rule", clean["name"])
            entry = {"kind": kind, **clean}
            if not errors:
                rule_names.append(clean["name"])
        else:
            clean, errors = check_recurring(table)
            key = ("recurring", kind)
            entry = {**clean, "given": [k for k in ("last_met", "every_months") if table.get(k) is not None]}
        for name, message in errors.items():
            out.problems.append((f"{where}.{name}", _strip_stop(message)))
        if key[1] and key in seen:
            out.problems.append((where, f"the same obligation is already given at {seen[key]}"))
        seen.setdefault(key, where)
        out.entries.append(entry)
    return out


def _update(record: Any, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    changes = {k: [plain(getattr(record, k)), plain(v)] for k, v in values.items() if getattr(record, k) != v}
    if changes:
        for k in changes:
            setattr(record, k, values[k])
        record.version += 1
        record.updated_at = utcnow()
    return changes


def write_obligations(session: Session, entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Write checked entries (the caller's transaction); returns (what, created|updated|unchanged) pairs."""
    outcomes: list[tuple[str, str]] = []
    for entry in entries:
        kind = entry["kind"]
        if kind == "checkpoint":
            what, table = "checkpoint rule", CheckpointRule
            record = session.exec(select(CheckpointRule).where(CheckpointRule.name == entry["name"])).first()
            values = {k: entry[k] for k in ("name", "after", "working_days")}
        elif kind == "serious_incident":
            what, table = "obligation", Obligation
            record = session.exec(select(Obligation).where(
                Obligation.case_reference == entry["case_reference"])).first()
            values = {"kind": kind, "case_reference": entry["case_reference"], "trigger": entry["trigger"]}
            if record is None or "notified" in entry["given"]:
                values["notified"] = entry["notified"]
        else:
            what, table = "obligation", Obligation
            record = session.exec(select(Obligation).where(Obligation.kind == kind)).first()
            values = {"kind": kind, **{k: entry[k] for k in entry["given"]}}
            if record is not None and record.last_met and values.get("last_met") and values["last_met"] < record.last_met:
                del values["last_met"]  # met since the file was written: a reload never moves the clock back
        if record is None:
            record = table(**values)
            session.add(record)
            session.flush()
            outcomes.append((what, "created"))
            continue
        changes = _update(record, values)
        if changes:
            session.add(record)
            session.flush()
        outcomes.append((what, "updated" if changes else "unchanged"))
    return outcomes
