"""The action log with filters: body, status, overdue, owner, the owner's
organisation, due within N days, and a text search over reference,
description and progress notes. The filters and the reading of the rows are
written once, as SQL text, in :mod:`models.action_read`; this module runs
them through the session's connection for ``convenor actions`` (when it
cannot read quickly), the exports and the forms. The Actions area's pages
(models.actions.window) use the same filters."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from models.action_read import OUTSTANDING, OVERDUE, ActionFilter, filter_problems, read_actions
from models.actions.common import ActionProblem
from models.queries import sql_reader
from models.views import ActionRow

__all__ = ["OUTSTANDING", "OVERDUE", "ActionFilter", "check_filter", "describe_filter", "filter_actions"]


def check_filter(session: Session, wanted: ActionFilter) -> ActionFilter:
    """``wanted`` if its names exist, else :class:`ActionProblem` by field (owner, organisation, due_within)."""
    errors = filter_problems(sql_reader(session), wanted)
    if errors:
        raise ActionProblem(errors)
    return wanted


def describe_filter(wanted: ActionFilter) -> str:
    """The filters beyond body and status in words, e.g. 'owner Ann Lee; text "audit"' ('' for none)."""
    parts = []
    if wanted.owner:
        parts.append(f"owner {wanted.owner}")
    if wanted.organisation:
        parts.append(f"organisation {wanted.organisation}")
    if wanted.due_within is not None:
        parts.append(f"due within {wanted.due_within} days")
    if wanted.search:
        parts.append(f'text "{wanted.search}"')
    return "; ".join(parts)


def filter_actions(session: Session, wanted: ActionFilter, today: date | None = None) -> list[ActionRow]:
    """Actions passing every filter given, sorted by due date then body (as ``action_rows``)."""
    today = today or date.today()
    check_filter(session, wanted)
    return read_actions(sql_reader(session), wanted, today)
