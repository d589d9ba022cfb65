"""Meetings as plain views for exporters and screens.

:func:`meeting_views` reads each kind of row once for all the meetings asked
for (one IN query for agenda items, attendance, resolutions, actions and
declarations, grouped in Python), never once per meeting or per item.
Invitations ask with ``with_minutes=False``: they print no attendance,
resolutions, actions or declarations, so they are not read. A calendar feed
of many meetings uses :func:`feed_views`, which reads only what a feed
prints.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from datetime import date, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from sqlmodel import Session, func, select

from models.queries import (
    LONDON,
    Directory,
    NotFound,
    action_row,
    chair_of,
    holdings,
    invitees_on,
    meeting_end,
    meeting_start,
    partnership_info,
)
from models.rules.rotation import Holding
from models.rules.vocab import votes_by_default
from models.tables import Action, AgendaItem, Attendance, Body, BodyMember, Declaration, Meeting, Resolution
from models.views import (
    AgendaItemView,
    AttendanceRow,
    DeclarationRow,
    MeetingView,
    PartnershipInfo,
    agenda_status,
    minutes_status,
)

_CHUNK = 900  # ids per IN list, well under every backend's limit on bound parameters


def meeting_view(session: Session, meeting_id: int, *, today: date | None = None) -> MeetingView:
    """Everything exporters need about one meeting."""
    (view,) = meeting_views(session, [meeting_id], today=today)
    return view


def meeting_views(session: Session, meeting_ids: list[int], *, today: date | None = None,
                  with_minutes: bool = True) -> list[MeetingView]:
    """Views of several meetings, in the order given.

    With ``with_minutes=False`` (the calendar feed) the views have no
    attendance, resolutions, actions or declarations; everything else,
    minutes status included, is as with them.
    """
    today = today or date.today()
    meetings = _read_meetings(session, meeting_ids)
    d = Directory.read(session)
    hold = holdings(session, d)
    info = partnership_info(session, d)
    members: dict[int, list[BodyMember]] = defaultdict(list)
    for m in session.exec(select(BodyMember).order_by(BodyMember.id)):
        members[m.body_id].append(m)
    by_role: dict[str, list[Holding]] = defaultdict(list)
    for h in hold:
        by_role[h.role].append(h)
    ids = list({m.id for m in meetings})
    items: dict[int, list] = defaultdict(list)  # AgendaItem rows
    for chunk in _chunks(ids):
        # As plain rows (the columns, not ORM objects): a ten-year feed has tens of thousands of items.
        for item in session.execute(select(AgendaItem.__table__).where(AgendaItem.meeting_id.in_(chunk))):
            items[item.meeting_id].append(item)
    for rows in items.values():
        rows.sort(key=lambda i: (i.position, i.id))
    resolutions: dict[int, list[str]] = defaultdict(list)
    actions: dict[int, list[Action]] = defaultdict(list)
    attendance: dict[int, list[Attendance]] = defaultdict(list)
    declarations: dict[int, list[Declaration]] = defaultdict(list)
    resolved: set[int] = set()
    for chunk in _chunks(ids):
        in_meetings = select(AgendaItem.id).where(AgendaItem.meeting_id.in_(chunk))
        if with_minutes:
            for r in session.exec(select(Resolution).where(Resolution.item_id.in_(in_meetings))
                                  .order_by(Resolution.position, Resolution.id)):
                resolutions[r.item_id].append(r.text)
            for a in session.exec(select(Action).where(Action.item_id.in_(in_meetings)).order_by(Action.reference)):
                actions[a.item_id].append(a)
            for row in session.exec(select(Attendance).where(Attendance.meeting_id.in_(chunk)).order_by(Attendance.id)):
                attendance[row.meeting_id].append(row)
            for dec in session.exec(select(Declaration).where(Declaration.meeting_id.in_(chunk)).order_by(Declaration.id)):
                declarations[dec.meeting_id].append(dec)
        else:  # only whether an item has resolutions, for the minutes status
            resolved.update(session.exec(select(Resolution.item_id).where(Resolution.item_id.in_(in_meetings)).distinct()))
    numbers = _FirstNumbers(session, d.bodies, meetings)
    views = []
    for meeting in meetings:
        body = d.bodies[meeting.body_id]
        invitees = invitees_on(session, body, meeting.date, d, hold, members=members[body.id], by_role=by_role)
        views.append(_meeting_view(
            meeting, d, hold, info, today, invitees=invitees, first=numbers.first(meeting),
            items=items[meeting.id], resolutions=resolutions, actions=actions, resolved=resolved,
            attendance=attendance[meeting.id] if with_minutes else [],
            declarations=declarations[meeting.id] if with_minutes else [],
        ))
    return views


def feed_views(session: Session, meeting_ids: list[int]) -> list[MeetingView]:
    """Views of several meetings for a calendar feed, in the order given.

    They hold only what a feed prints: the meeting's own columns, its
    body's name, the partnership, and each agenda item's number, title,
    presenter and whether it is exempt. There are no invitees, chair,
    item times, minutes or attendance, so they do not do for an
    invitation (use :func:`meeting_views`). The reads are a few queries
    whatever the number of meetings, of plain rows, not ORM objects.
    """
    found: dict[int, object] = {}
    items: dict[int, list] = defaultdict(list)
    connection = session.connection()  # plain rows: no ORM objects, no ORM result handling
    for chunk in _chunks(list(dict.fromkeys(meeting_ids))):
        found.update((row.id, row) for row in connection.execute(select(
            Meeting.id, Meeting.uid, Meeting.sequence, Meeting.body_id, Meeting.date, Meeting.start_time,
            Meeting.duration_minutes, Meeting.status, Meeting.title, Meeting.location, Meeting.online_link,
            Meeting.updated_at).where(Meeting.id.in_(chunk))).all())
        # In agenda order (a meeting's positions are unique), so no sorting here.
        for item in connection.execute(select(AgendaItem.meeting_id, AgendaItem.title, AgendaItem.presenter,
                                              AgendaItem.exempt)
                                       .where(AgendaItem.meeting_id.in_(chunk))
                                       .order_by(AgendaItem.meeting_id, AgendaItem.position)).all():
            items[item.meeting_id].append(item)
    missing = next((i for i in meeting_ids if i not in found), None)
    if missing is not None:
        raise NotFound(f"There is no meeting with id {missing} (convenor meetings lists them).")
    meetings = [found[i] for i in meeting_ids]
    bodies = {b.id: b for b in connection.execute(select(Body.id, Body.name, Body.short_name, Body.minute_numbering))}
    info = partnership_info(session)
    numbers = _FirstNumbers(session, bodies, meetings)
    views = []
    for meeting in meetings:
        first = numbers.first(meeting)  # the number of the meeting's first item
        body = bodies[meeting.body_id]
        views.append(MeetingView(
            id=meeting.id, uid=meeting.uid, sequence=meeting.sequence, body=body.name, body_short=body.short_name,
            start=meeting_start(meeting), end=meeting_end(meeting), status=meeting.status, partnership=info,
            title=meeting.title, location=meeting.location, online_link=meeting.online_link,
            items=tuple([AgendaItemView(number=number, title=title, presenter=presenter, exempt=exempt)
                         for number, (_, title, presenter, exempt) in enumerate(items.get(meeting.id, ()), first)]),
            updated=meeting.updated_at,
        ))
    return views


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)] or [[]]


def _read_meetings(session: Session, meeting_ids: list[int]) -> list[Meeting]:
    found: dict[int, Meeting] = {}
    for chunk in _chunks(list(dict.fromkeys(meeting_ids))):
        found.update((m.id, m) for m in session.exec(select(Meeting).where(Meeting.id.in_(chunk))))
    for meeting_id in meeting_ids:
        if meeting_id not in found:
            raise NotFound(f"There is no meeting with id {meeting_id} (convenor meetings lists them).")
    return [found[meeting_id] for meeting_id in meeting_ids]


def year_start(day: date) -> date:
    """Minutes numbered per year run through the municipal year, April to March."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


class _FirstNumbers:
    """The number of each meeting's first agenda item: 1, or for a body that
    numbers minutes per year, one more than the items of its earlier
    meetings (not cancelled) since the municipal year began. One query for all."""

    def __init__(self, session: Session, bodies: dict[int, Body], meetings: list[Meeting]) -> None:
        """``bodies`` and ``meetings``: records or plain rows (``minute_numbering``; ``body_id``, ``date``)."""
        per_year = sorted({m.body_id for m in meetings if bodies[m.body_id].minute_numbering == "per_year"})
        self._dates: dict[int, list[date]] = {}
        self._sums: dict[int, list[int]] = {}
        if not per_year:
            return
        counts: dict[int, list[tuple[date, int]]] = defaultdict(list)
        query = (select(Meeting.body_id, Meeting.date, func.count(AgendaItem.id))
                 .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                 .where(Meeting.body_id.in_(per_year), Meeting.status != "cancelled")
                 .group_by(Meeting.body_id, Meeting.date).order_by(Meeting.body_id, Meeting.date))
        for body_id, day, count in session.exec(query):
            counts[body_id].append((day, count))
        for body_id, rows in counts.items():
            self._dates[body_id] = [day for day, _ in rows]
            self._sums[body_id] = [0, *accumulate(count for _, count in rows)]

    def first(self, meeting: Meeting) -> int:
        dates = self._dates.get(meeting.body_id)
        if dates is None:
            return 1
        sums = self._sums[meeting.body_id]
        return sums[bisect_left(dates, meeting.date)] - sums[bisect_left(dates, year_start(meeting.date))] + 1


def _meeting_view(meeting: Meeting, d: Directory, hold: list[Holding], info: PartnershipInfo, today: date, *,
                  invitees, first: int, items: list, resolutions: dict[int, list[str]],
                  actions: dict[int, list[Action]], resolved: set[int], attendance: list[Attendance],
                  declarations: list[Declaration]) -> MeetingView:
    body = d.bodies[meeting.body_id]
    by_person = {i.person.name: i for i in invitees}
    rows = []
    for row in attendance:
        ref = d.person_ref(row.person_id)
        if ref is None:
            continue
        invitee = by_person.get(ref.name)
        deputy_for = d.person_ref(row.deputy_for_id)
        capacity = row.capacity or (invitee.capacity if invitee else (by_person[deputy_for.name].capacity if deputy_for and deputy_for.name in by_person else "member"))
        voting = invitee.voting if invitee else votes_by_default(capacity)
        rows.append(AttendanceRow(person=ref, status=row.status, deputy_for=deputy_for, capacity=capacity, voting=voting))
    start = meeting_start(meeting)
    views = []
    clock = start
    for offset, item in enumerate(items):
        views.append(AgendaItemView(
            number=first + offset, title=item.title, presenter=item.presenter, duration_minutes=item.duration_minutes,
            start=clock, exempt=item.exempt, exempt_paragraph=item.exempt_paragraph, exempt_reason=item.exempt_reason,
            minute=item.minute, resolutions=tuple(resolutions.get(item.id, ())),
            actions=tuple(action_row(a, d, today, exempt=item.exempt, meeting=meeting, item_title=item.title)
                          for a in actions.get(item.id, ())),
            standing=item.standing, state=item.state,
        ))
        if item.duration_minutes:
            clock = (clock.astimezone(ZoneInfo("UTC")) + timedelta(minutes=item.duration_minutes)).astimezone(LONDON)
    term = chair_of(body, meeting.date, hold)
    by_id = {item.id: item for item in items}
    return MeetingView(
        id=meeting.id, uid=meeting.uid, sequence=meeting.sequence, body=body.name, body_short=body.short_name,
        start=start, end=meeting_end(meeting), status=meeting.status, partnership=info,
        title=meeting.title, location=meeting.location, online_link=meeting.online_link,
        chair=d.person_ref_by_name(term.person) if term and term.person else None,
        invitees=invitees, attendance=tuple(rows), items=tuple(views), updated=meeting.updated_at,
        version=meeting.version, agenda_status=agenda_status(meeting.agenda_issued_on, meeting.agenda_revised),
        minutes_status=minutes_status(meeting.minutes_approved_on, meeting.status,
                                      any(i.minute or i.resolutions or i_id in resolved
                                          for i, i_id in zip(views, (item.id for item in items)))),
        declarations=tuple(
            DeclarationRow(person=d.person_name(dec.person_id) or "", nature=dec.nature,
                           item_title=by_id[dec.item_id].title if dec.item_id in by_id else None,
                           item_exempt=bool(dec.item_id in by_id and by_id[dec.item_id].exempt))
            for dec in declarations),
    )
