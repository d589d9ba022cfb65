"""The statutory clock: obligations, their checkpoints, and the checks forms and files share.

Two kinds of obligation:

- a one-off, ``serious_incident``: a case reference only (never a child's
  name or details) and a trigger date, the day the partnership became aware.
  Its checkpoints: ``notification`` to the national panel, due 5 working days
  after the trigger; ``rapid_review``, due 15 working days after the day
  notified, or after the notification's due date while it is not yet met;
  and any further checkpoints the partnership sets (:class:`CheckpointRule`:
  N working days after the trigger or another checkpoint, counted from that
  checkpoint's met date, else its due date).
- a recurring one, ``yearly_report``, ``arrangements_review`` or
  ``independent_scrutiny``: due ``every_months`` (12) after ``last_met``;
  recording it met rolls it forward.

Working days are England and Wales working days
(:mod:`models.rules.working_days`). A checkpoint's id is
``<obligation id>.<checkpoint>`` (e.g. ``3.rapid_review``); a past round of
a recurring obligation also names its due date (``1.yearly_report.2026-09-30``).
Writing is in :mod:`models.obligations_write`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.rules.vocab import VocabError, parse_date
from models.rules.working_days import add_working_days, working_days_between
from models.tables import CheckpointMet, CheckpointRule, Obligation

ONE_OFF_KINDS = ("serious_incident",)
RECURRING_KINDS = ("yearly_report", "arrangements_review", "independent_scrutiny")
KINDS = ONE_OFF_KINDS + RECURRING_KINDS
KIND_LABELS = {
    "serious_incident": "Serious incident",
    "yearly_report": "Yearly report",
    "arrangements_review": "Arrangements review",
    "independent_scrutiny": "Independent scrutiny",
}
NOTIFICATION_DAYS = 5
RAPID_REVIEW_DAYS = 15
STANDARD_CHECKPOINTS = ("notification", "rapid_review")
CHECKPOINT_LABELS = {"notification": "Notification to the national panel", "rapid_review": "Rapid review"}
STATES = ("due", "overdue", "met")
CASE_REFERENCE_MAX = 40
PERSONAL_DATA_NOTE = "Use a case reference only: never a child's name, initials or date of birth."


class ObligationError(ValueError):
    """A request the clock cannot carry out (unknown checkpoint, bad date); one sentence."""


@dataclass(frozen=True)
class Rule:
    name: str
    after: str
    working_days: int


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint as the CLI, the TUI and the dashboard show it."""

    id: str
    obligation_id: int
    obligation: str  # the kind
    case_reference: str | None
    checkpoint: str
    due: date
    met_on: date | None
    working_days_left: int
    state: str
    version: int  # the obligation's version, for recording it met
    current: bool = True  # False for a past round of a recurring obligation

    @property
    def label(self) -> str:
        """e.g. "RR-2027-01: Rapid review" or "Yearly report"."""
        what = checkpoint_label(self.checkpoint)
        return f"{self.case_reference}: {what}" if self.case_reference else what

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "obligation": self.obligation, "case_reference": self.case_reference,
            "checkpoint": self.checkpoint, "due": self.due.isoformat(),
            "working_days_left": self.working_days_left, "state": self.state,
            "met_on": self.met_on.isoformat() if self.met_on else None,
        }


def checkpoint_label(name: str) -> str:
    return CHECKPOINT_LABELS.get(name) or KIND_LABELS.get(name) or name.replace("_", " ").capitalize()


# ---------------------------------------------------------------- rules (plain values)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def state_of(due: date, met_on: date | None, today: date) -> str:
    if met_on is not None:
        return "met"
    return "overdue" if today > due else "due"


def case_schedule(trigger: date, notified: date | None, met: Mapping[str, date],
                  rules: Sequence[Rule] = ()) -> list[tuple[str, date, date | None]]:
    """A one-off's checkpoints in order: (name, due, met_on)."""
    notification_due = add_working_days(trigger, NOTIFICATION_DAYS)
    review_due = add_working_days(notified or notification_due, RAPID_REVIEW_DAYS)
    out = [("notification", notification_due, notified), ("rapid_review", review_due, met.get("rapid_review"))]
    base = {"trigger": trigger, "notification": notified or notification_due,
            "rapid_review": met.get("rapid_review") or review_due}
    for rule in rules:
        if rule.after not in base:
            continue  # checked when the rule is saved; a rule after an unknown one is skipped
        due = add_working_days(base[rule.after], rule.working_days)
        out.append((rule.name, due, met.get(rule.name)))
        base[rule.name] = met.get(rule.name) or due
    return out


_DATE_LIKE = re.compile(
    r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\bd\.?o\.?b\b|\bborn\b"
    r"|\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{2,4}\b",
    re.IGNORECASE)
_NAME_LIKE = re.compile(r"^[A-Z][a-z'’\-]+(\s+[A-Z][a-z'’\-]+)+$")


def personal_data_warning(text: str | None) -> str | None:
    """A warning when a case reference looks like a person's name or a date of birth."""
    value = (text or "").strip()
    if not value:
        return None
    if _DATE_LIKE.search(value):
        return f'"{value}" looks like a date of birth. {PERSONAL_DATA_NOTE}'
    if _NAME_LIKE.match(value) or (not any(ch.isdigit() for ch in value) and len(value.split()) >= 2):
        return f'"{value}" looks like a person\'s name. {PERSONAL_DATA_NOTE}'
    return None


# ---------------------------------------------------------------- checking values (forms, file, CLI)


def _a_date(values: Mapping[str, Any], key: str, label: str, errors: dict[str, str], *,
            required: bool = False) -> date | None:
    raw = values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            errors[key] = f"{label} is required."
        return None
    try:
        return parse_date(raw)
    except VocabError as exc:
        errors[key] = f"{exc}."
        return None


def check_case(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """A serious incident's values: (clean values, errors by field, warnings)."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    raw = values.get("case_reference")
    reference = raw.strip() if isinstance(raw, str) else None
    if raw is not None and not isinstance(raw, str):
        errors["case_reference"] = "The case reference should be text."
    elif not reference:
        errors["case_reference"] = "A case reference is required (never a child's name)."
    elif "\x00" in reference or any(ord(ch) < 32 for ch in reference):
        errors["case_reference"] = "The case reference contains a control character, which cannot be stored."
    elif len(reference) > CASE_REFERENCE_MAX:
        errors["case_reference"] = f"The case reference is longer than {CASE_REFERENCE_MAX} characters."
    else:
        warning = personal_data_warning(reference)
        if warning:
            warnings.append(warning)
    trigger = _a_date(values, "trigger", "The trigger date (the day the partnership became aware)", errors,
                      required=True)
    notified = _a_date(values, "notified", "The day notified", errors)
    if trigger and notified and notified < trigger:
        errors["notified"] = f"The day notified ({notified}) is before the trigger date ({trigger})."
    clean = {"kind": "serious_incident", "case_reference": reference, "trigger": trigger, "notified": notified}
    return clean, errors, warnings


def check_recurring(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A recurring obligation's values: kind, last_met, every_months (default 12)."""
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in RECURRING_KINDS:
        errors["kind"] = f"{kind!r} is not a recurring obligation (use {', '.join(RECURRING_KINDS)})."
    last_met = _a_date(values, "last_met", "The date last met", errors)
    every = values.get("every_months", 12)
    if isinstance(every, str) and every.strip().isdigit():
        every = int(every.strip())
    if every in (None, ""):
        every = 12
    if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 60:
        errors["every_months"] = f"Every how many months should be a whole number from 1 to 60, not {every!r}."
    return {"kind": kind, "last_met": last_met, "every_months": every}, errors


def check_rule(values: Mapping[str, Any], earlier: Sequence[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A further checkpoint for serious incidents; ``earlier`` names the rules it may follow."""
    errors: dict[str, str] = {}
    name = values.get("name")
    name = name.strip().lower().replace(" ", "_") if isinstance(name, str) else ""
    if not re.fullmatch(r"[a-z][a-z0-9_\-]{0,39}", name or "-"):
        errors["name"] = "A checkpoint name is required: letters, digits, _ or -, up to 40."
    elif name in STANDARD_CHECKPOINTS or name == "trigger":
        errors["name"] = f'"{name}" is a standard checkpoint already.'
    after = values.get("after", "rapid_review")
    allowed = ("trigger", *STANDARD_CHECKPOINTS, *earlier)
    if after not in allowed:
        errors["after"] = f"{after!r} is not the trigger or an earlier checkpoint ({', '.join(allowed)})."
    days = values.get("working_days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 250:
        errors["working_days"] = f"Working days should be a whole number from 1 to 250, not {days!r}."
    return {"name": name, "after": after, "working_days": days}, errors


# ---------------------------------------------------------------- reading


def rules(session: Session) -> list[Rule]:
    rows = session.exec(select(CheckpointRule).order_by(CheckpointRule.id)).all()
    return [Rule(r.name, r.after, r.working_days) for r in rows]


def _checkpoint(o: Obligation, name: str, due: date, met_on: date | None, today: date, *,
                current: bool = True) -> Checkpoint:
    cid = f"{o.id}.{name}" if current else f"{o.id}.{name}.{due.isoformat()}"
    return Checkpoint(id=cid, obligation_id=o.id or 0, obligation=o.kind, case_reference=o.case_reference,
                      checkpoint=name, due=due, met_on=met_on, working_days_left=working_days_between(today, due),
                      state=state_of(due, met_on, today), version=o.version, current=current)


def obligation_checkpoints(session: Session, today: date) -> list[Checkpoint]:
    """Every checkpoint, past rounds of recurring obligations included, by due date."""
    extra = rules(session)
    met_rows = session.exec(select(CheckpointMet).order_by(CheckpointMet.due)).all()
    met: dict[int, list[CheckpointMet]] = {}
    for row in met_rows:
        met.setdefault(row.obligation_id, []).append(row)
    out: list[Checkpoint] = []
    for o in session.exec(select(Obligation).order_by(Obligation.id)).all():
        rows = met.get(o.id or 0, [])
        if o.kind in ONE_OFF_KINDS and o.trigger is not None:
            dates = {r.checkpoint: r.met_on for r in rows}
            for name, due, met_on in case_schedule(o.trigger, o.notified, dates, extra):
                out.append(_checkpoint(o, name, due, met_on, today))
        elif o.kind in RECURRING_KINDS:
            out.extend(_checkpoint(o, r.checkpoint, r.due, r.met_on, today, current=False) for r in rows)
            due = add_months(o.last_met, o.every_months) if o.last_met is not None else None
            if due is not None and all(r.due != due for r in rows):
                out.append(_checkpoint(o, o.kind, due, None, today))
    out.sort(key=lambda c: (c.due, c.case_reference or "", c.id))
    return out


def deadlines(session: Session, today: date, start: date | None = None, end: date | None = None) -> list[Checkpoint]:
    """Checkpoints due between ``start`` and ``end`` (inclusive), by due date."""
    return [c for c in obligation_checkpoints(session, today)
            if (start is None or c.due >= start) and (end is None or c.due <= end)]


def attention(session: Session, today: date, upcoming: int = 5) -> list[Checkpoint]:
    """For the dashboard: overdue checkpoints first (oldest first), then the next ones due."""
    open_ = [c for c in obligation_checkpoints(session, today) if c.state != "met"]
    overdue = [c for c in open_ if c.state == "overdue"]
    return overdue + [c for c in open_ if c.state == "due"][:upcoming]


def find_checkpoint(session: Session, checkpoint_id: str, today: date) -> Checkpoint:
    for c in obligation_checkpoints(session, today):
        if c.id == checkpoint_id:
            return c
    raise ObligationError(f'There is no checkpoint "{checkpoint_id}" (convenor deadlines lists them with their ids).')


@dataclass(frozen=True)
class RecurringRow:
    kind: str
    label: str
    last_met: date | None
    every_months: int
    next_due: date | None
    version: int | None  # None: not set up yet


def recurring_settings(session: Session) -> list[RecurringRow]:
    """Each recurring obligation, set up or not, for the configuration form."""
    have = {o.kind: o for o in session.exec(select(Obligation).where(Obligation.kind.in_(RECURRING_KINDS))).all()}
    out = []
    for kind in RECURRING_KINDS:
        o = have.get(kind)
        due = add_months(o.last_met, o.every_months) if o is not None and o.last_met else None
        out.append(RecurringRow(kind, KIND_LABELS[kind], o.last_met if o else None, o.every_months if o else 12,
                                due, o.version if o else None))
    return out


def case_references(session: Session) -> list[str]:
    return sorted(r for r in session.exec(select(Obligation.case_reference)).all() if r)
