"""The dashboard's queries on the demo partnership, checked against the other query paths."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from models.dashboard import (
    action_counts,
    chair_handovers,
    dashboard,
    obligations,
    roster_gaps,
    upcoming_meetings,
)
from models.db import session_scope
from models.queries import action_rows, find_body
from models.tables import Appointment, ForwardPlanItem, Meeting, Organisation
from tests.tui_support import TODAY

EXEC = "Safeguarding Partnership Executive"
LSPG = "Lead Safeguarding Partners Group"


@pytest.fixture
def demo(demo_engine):
    return demo_engine


def test_upcoming_meetings_cover_eight_weeks_in_order(demo):
    with Session(demo) as session:
        rows = upcoming_meetings(session, TODAY)
        expected = session.exec(select(Meeting.id).where(
            Meeting.date >= TODAY, Meeting.date <= TODAY + timedelta(weeks=8))).all()
    assert sorted(r.id for r in rows) == sorted(expected)
    assert rows, "the demo has meetings in the next eight weeks"
    assert [(r.date, r.start) for r in rows] == sorted((r.date, r.start) for r in rows)
    first = rows[0]
    assert (first.body, first.date, first.chair) == ("Child Exploitation and Missing Delivery Group", date(2026, 12, 2),
                                                     "Liam Oduya")
    assert all(TODAY <= r.date <= TODAY + timedelta(weeks=8) for r in rows)


def test_action_counts_agree_with_the_action_log(demo):
    with Session(demo) as session:
        counts = action_counts(session, TODAY)
        rows = action_rows(session, today=TODAY)
    overdue = Counter(r.body for r in rows if r.overdue)
    soon = Counter(r.body for r in rows if r.status in ("open", "in_progress") and r.due
                   and TODAY <= r.due <= TODAY + timedelta(days=14))
    assert {c.body: (c.overdue, c.due_soon) for c in counts} == {
        body: (overdue[body], soon[body]) for body in set(overdue) | set(soon)}
    assert sum(c.overdue for c in counts) > 0
    assert counts[0].overdue == max(c.overdue for c in counts)


def test_roster_gap_appears_when_a_lead_partner_leaves(demo):
    with Session(demo) as session:
        assert roster_gaps(session, TODAY) == []
    with session_scope(demo) as session:
        police = session.exec(select(Organisation).where(Organisation.name == "Brackwater Constabulary")).one()
        post = session.exec(select(Appointment).where(
            Appointment.organisation_id == police.id, Appointment.role == "lead_safeguarding_partner",
            Appointment.end.is_(None))).one()
        post.end = TODAY - timedelta(days=1)
        session.add(post)
    with Session(demo) as session:
        gaps = roster_gaps(session, TODAY)
    assert [(g.organisation, g.role) for g in gaps] == [("Brackwater Constabulary", "lead_safeguarding_partner")]


def test_chair_handover_shown_within_ninety_days_only(demo):
    with Session(demo) as session:
        coming = chair_handovers(session, date(2026, 8, 1))
        too_far = chair_handovers(session, date(2026, 6, 1))
        after = chair_handovers(session, TODAY)
    assert [(h.body, h.on, h.outgoing, h.incoming) for h in coming] == [
        (EXEC, date(2026, 10, 1), "Siân Rhydderch", "Zoë Castellano")]
    assert coming[0].organisation == "NHS Fellmouth and Brackwater Integrated Care Board"
    assert too_far == []
    assert after == []


def test_obligations_fall_due_at_the_next_meeting_in_their_month(demo):
    with Session(demo) as session:
        lspg = find_body(session, LSPG)
        november_2027 = session.exec(select(Meeting).where(
            Meeting.body_id == lspg.id, Meeting.date >= date(2027, 11, 1), Meeting.date <= date(2027, 11, 30))).one()
        now = {o.title: o for o in obligations(session, TODAY)}
        plan_items = len(session.exec(select(ForwardPlanItem)).all())
        early = {o.title: o for o in obligations(session, date(2026, 11, 1))}
    review = "Review of the published safeguarding arrangements"
    # The November 2026 meeting has passed by the 23rd, so next year's meeting is the due date.
    assert (now[review].due, now[review].meeting_id) == (november_2027.date, november_2027.id)
    assert early[review].due == date(2026, 11, 5)
    assert len(now) == plan_items  # every recurring item has a next due date
    assert [o.due for o in now.values()] == sorted(o.due for o in now.values())


def test_obligation_without_a_meeting_falls_due_at_month_end_and_one_offs_expire(demo):
    with session_scope(demo) as session:
        lspg = find_body(session, LSPG)
        session.add(ForwardPlanItem(body_id=lspg.id, title="Budget sign-off", month=3, recurring="annual"))
        session.add(ForwardPlanItem(body_id=lspg.id, title="Scrutiny contract renewal", due=date(2027, 2, 1)))
        session.add(ForwardPlanItem(body_id=lspg.id, title="Old one-off", due=date(2026, 1, 1)))
    with Session(demo) as session:
        found = {o.title: o for o in obligations(session, TODAY)}
    assert (found["Budget sign-off"].due, found["Budget sign-off"].meeting_id) == (date(2027, 3, 31), None)
    assert found["Scrutiny contract renewal"].due == date(2027, 2, 1)
    assert not found["Scrutiny contract renewal"].recurring
    assert "Old one-off" not in found


def test_cancelled_meeting_is_not_where_an_obligation_falls_due(demo):
    with session_scope(demo) as session:
        execu = find_body(session, EXEC)
        july = session.exec(select(Meeting).where(
            Meeting.body_id == execu.id, Meeting.date >= date(2027, 7, 1), Meeting.date <= date(2027, 7, 31))).one()
        july.status = "cancelled"
        session.add(july)
    with Session(demo) as session:
        found = {o.title: o for o in obligations(session, TODAY)}
    yearly = found["Yearly report: draft for sign-off"]
    assert (yearly.due, yearly.meeting_id) == (date(2027, 7, 31), None)


def test_dashboard_gathers_every_part(demo):
    with Session(demo) as session:
        whole = dashboard(session, TODAY)
        assert whole.meetings == upcoming_meetings(session, TODAY)
        assert whole.obligations == obligations(session, TODAY)
    assert whole.today == TODAY


def test_one_dashboard_reading_reads_names_and_holdings_once(demo):
    """The directory (organisations, people, bodies) and the role holdings are read once per
    refresh, and the partnership (which the dashboard does not show) not at all."""
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(demo, "before_cursor_execute", lambda *args: seen.append(" ".join(args[2].lower().split())))
    with Session(demo) as session:
        whole = dashboard(session, TODAY)
    assert whole.meetings and whole.obligations  # it did read the demo

    def reads(table: str) -> int:
        return len([q for q in seen if f"from {table} " in q + " " and ("join" not in q or table == "appointment")])

    assert (reads("organisation"), reads("person"), reads("body"), reads("appointment")) == (1, 1, 1, 1)
    assert reads("partnership") == 0
