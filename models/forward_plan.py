"""A body's forward plan as lines the user edits: "title | when".

``when`` is a month ("March"), a month every year ("March every year") or a
date ("2026-03-10"); it may be left out. :func:`save_body` calls
:func:`checked_plan` and :func:`replace_plan`, so the form and the loader
share one rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, select

from models.audit import record_change
from models.checks import sentence
from models.record_base import line_of
from models.rules.vocab import MONTH_NAMES
from models.rules.vocab import VocabError, parse_date, parse_month
from models.tables import Body, ForwardPlanItem

EVERY_YEAR = "every year"


def plan_line(item: ForwardPlanItem) -> str:
    """One item as the user types it."""
    if item.due is not None:
        return f"{item.title} | {item.due.isoformat()}"
    if item.month:
        yearly = f" {EVERY_YEAR}" if item.recurring == "annual" else ""
        return f"{item.title} | {MONTH_NAMES[item.month - 1]}{yearly}"
    return item.title


def plan_lines(session: Session, body_id: int) -> list[str]:
    """The body's items as lines: dated and undated ones first, then by month, then title (on any database)."""
    rows = session.exec(select(ForwardPlanItem).where(ForwardPlanItem.body_id == body_id))
    return [plan_line(item) for item in sorted(rows, key=lambda i: (i.month or 0, i.title))]


def _parse(line: str) -> dict[str, Any]:
    title, _, when = (part.strip() for part in line.partition("|"))
    values: dict[str, Any] = {"title": title, "month": None, "recurring": None, "due": None}
    if not title:
        raise VocabError("an item needs a title before the |")
    if not when:
        return values
    if when[:1].isdigit() and "-" in when:
        values["due"] = parse_date(when)
        return values
    if when.lower().endswith(EVERY_YEAR):
        values["recurring"] = "annual"
        when = when[: -len(EVERY_YEAR)].strip()
    values["month"] = parse_month(when)
    return values


def checked_plan(lines: Sequence[str], errors: dict[str, str]) -> list[dict[str, Any]]:
    """The items the lines describe; a problem goes to errors["forward_plan"] naming its line."""
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = _parse(line)
        except VocabError as err:
            errors.setdefault("forward_plan", f"Line {number}: {sentence(str(err))}")
            continue
        if item["title"] in seen:
            errors.setdefault("forward_plan", f'Line {number}: "{item["title"]}" is listed twice.')
        seen.add(item["title"])
        line_of({"forward_plan": item["title"]}, "forward_plan", errors)
        items.append(item)
    return items


def replace_plan(session: Session, body: Body, items: list[dict[str, Any]]) -> bool:
    """Add, change and remove the body's items to match ``items`` (matched by title); audited."""
    old_rows = {row.title: row for row in session.exec(
        select(ForwardPlanItem).where(ForwardPlanItem.body_id == body.id))}
    old = plan_lines(session, body.id)  # type: ignore[arg-type]
    changed = False
    for title, row in old_rows.items():
        if title not in {i["title"] for i in items}:
            session.delete(row)
            changed = True
    for item in items:
        row = old_rows.get(item["title"])
        if row is None:
            session.add(ForwardPlanItem(body_id=body.id, **item))  # type: ignore[arg-type]
            changed = True
        elif any(getattr(row, k) != v for k, v in item.items()):
            for k, v in item.items():
                setattr(row, k, v)
            session.add(row)
            changed = True
    if not changed:
        return False
    session.flush()
    new = plan_lines(session, body.id)  # type: ignore[arg-type]
    # Audited against the body (as its members and standing items are), so the body's history shows it.
    record_change(session, "update", "body", body.id, f'Changed the forward plan of body "{body.name}"',
                  {"forward_plan": [old, new]})
    return True
