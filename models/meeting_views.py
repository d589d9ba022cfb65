"""Meetings as plain views for exporters and screens.

:func:`meeting_views` reads each kind of row once for all the meetings asked
for (one IN query for agenda items, attendance, resolutions, actions and
declarations, grouped in Python), never once per meeting or per item.
Invitations ask with ``with_minutes=False``: they print no attendance,
resolutions, actions or declarations, so they are not read. A calendar feed
of many meetings uses :func:`feed_views`, which reads only what a feed
prints: the SQL text of :mod:`models.feed_read`, which ``convenor export
ics --method publish`` also runs without the ORM.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from models import feed_read
from models.plain_read import chunks, no_meeting
from models.queries import (
    LONDON,
    Directory,
    action_row,
    chair_of,
    holdings,
    invitees_on,
    meeting_end,
    meeting_start,
    partnership_info,
    sql_reader,
)
from models.rules.rotation import Holding
from models.rules.vocab import votes_by_default
from models.tables import Action, AgendaItem, Attendance, BodyMember, Declaration, Meeting, Resolution
from models.views import (
    AgendaItemView,
    AttendanceRow,
    DeclarationRow,
    MeetingView,
    PartnershipInfo,
    agenda_status,
    minutes_status,
)

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
    for chunk in chunks(ids):
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
    for chunk in chunks(ids):
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
    numbers = feed_read.FirstNumbers(sql_reader(session), (m.body_id for m in meetings
                                                           if d.bodies[m.body_id].minute_numbering == "per_year"))
    views = []
    for meeting in meetings:
        body = d.bodies[meeting.body_id]
        invitees = invitees_on(session, body, meeting.date, d, hold, members=members[body.id], by_role=by_role)
        views.append(_meeting_view(
            meeting, d, hold, info, today, invitees=invitees, first=numbers.first(meeting.body_id, meeting.date),
            items=items[meeting.id], resolutions=resolutions, actions=actions, resolved=resolved,
            attendance=attendance[meeting.id] if with_minutes else [],
            declarations=declarations[meeting.id] if with_minutes else [],
        ))
    return views


def feed_views(session: Session, meeting_ids: list[int]) -> list[MeetingView]:
    """Views of several meetings for a calendar feed, in the order given: models.feed_read's
    read (shared with the quick ``sqlite3`` path) through the session's connection."""
    return feed_read.feed_views(sql_reader(session), meeting_ids)


def _read_meetings(session: Session, meeting_ids: list[int]) -> list[Meeting]:
    found: dict[int, Meeting] = {}
    for chunk in chunks(list(dict.fromkeys(meeting_ids))):
        found.update((m.id, m) for m in session.exec(select(Meeting).where(Meeting.id.in_(chunk))))
    for meeting_id in meeting_ids:
        if meeting_id not in found:
            raise no_meeting(meeting_id)
    return [found[meeting_id] for meeting_id in meeting_ids]


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
