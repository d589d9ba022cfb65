"""How a body's actions and forward plan are counted for a period: the one set
of rules behind the highlight report (models.highlight) and the yearly-report
evidence pack (models.yearly_report).

- *opened*: the date of the meeting the action was raised at, else the day it
  was entered (Europe/London);
- *completed*: completed, with its completed date in the period;
- *overdue at the end*: due before the period's last day, opened by then, not
  cancelled, and not completed by the last day (even if completed later);
- *escalated*: escalated from the body, on a day in the period;
- a forward-plan item is *taken* when an agenda item of a held meeting in the
  period has the same title (ignoring case and outer spaces).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from models.tables import Action

LONDON = ZoneInfo("Europe/London")


def opened_on(action: Action, meeting_date: date | None) -> date:
    """The day an action was opened: its meeting's date, else the day it was entered."""
    return meeting_date or action.created_at.astimezone(LONDON).date()


def completed_in(action: Action, start: date, end: date) -> bool:
    return action.status == "completed" and action.completed_on is not None and start <= action.completed_on <= end


def overdue_at_end(action: Action, opened: date, end: date) -> bool:
    done = action.completed_on if action.status == "completed" else None
    return (action.status != "cancelled" and action.due is not None and action.due < end and opened <= end
            and (done is None or done > end))


def escalated_from_in(action: Action, body_id: int, start: date, end: date) -> bool:
    return (action.escalated_from_body_id == body_id and action.escalated_on is not None
            and start <= action.escalated_on <= end)


def same_title(plan_title: str, item_title: str) -> bool:
    """Whether an agenda item takes a forward-plan item."""
    return plan_title.strip().lower() == item_title.strip().lower()
