"""Hand-built MeetingView / ActionLog objects for the .docx and CSV tests.

Modelled on the shared Northmoor example: an Executive Group meeting with a
deputy, a participant observer, an adviser, and one exempt item whose every
field carries the :data:`CANARY` string.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from models.views import (
    ActionLog,
    ActionRow,
    ActionUpdateRow,
    AgendaItemView,
    AttendanceRow,
    Invitee,
    MeetingView,
    PartnershipInfo,
    PersonRef,
)

LONDON = ZoneInfo("Europe/London")
CANARY = "CANARY-EXEMPT-7f3a"
NOW = datetime(2026, 1, 20, 9, 30, tzinfo=timezone.utc)

PARTNERSHIP = PartnershipInfo(
    name="Northmoor Safeguarding Children Partnership",
    short_name="NSCP",
    protective_marking="OFFICIAL",
    business_manager="Kemi Adeyemi",
    business_manager_email="kemi.adeyemi@northmoor.example",
)

SOFIA = PersonRef("Sofia Reyes", organisation="Northmoor Council", title="Director of Children's Services")
TOM = PersonRef("Tom Whitfield", organisation="Northmoor Police", title="District Commander")
HELEN = PersonRef("Helen Price", organisation="NHS Northmoor ICB", title="Chief Nursing Officer")
DANIEL = PersonRef("Daniel Moss", organisation="NHS Northmoor ICB", title="Deputy Chief Nurse")
RUTH = PersonRef("Ruth Ellison", organisation="Ellison Consulting", title="Independent Scrutineer")
OWEN = PersonRef("Cllr Owen Baines", organisation="Northmoor Council", title="Lead Member for Children")
SIAN = PersonRef("Siân Llewelyn-Éluard", organisation="Ysgol Gymraeg Northmoor", title="Headteacher")


def action(reference: str, description: str, **kwargs) -> ActionRow:
    """An Executive Group action with sensible defaults."""
    values = {
        "body": "Executive Group",
        "owner": "Kemi Adeyemi",
        "due": date(2026, 2, 27),
        "status": "open",
        "meeting_date": date(2026, 1, 13),
    }
    values.update(kwargs)
    return ActionRow(reference=reference, description=description, **values)


def exempt_item(number: int = 3) -> AgendaItemView:
    """An exempt item with the canary in every field that could leak."""
    return AgendaItemView(
        number=number,
        title=f"Rapid review: case NM-2025-07 {CANARY}",
        presenter=f"Presenter {CANARY}",
        duration_minutes=30,
        exempt=True,
        exempt_paragraph=2,
        exempt_reason=f"Information likely to reveal the identity of an individual {CANARY}",
        minute=f"The group received the rapid review {CANARY}.\n\nSecond paragraph {CANARY}.",
        resolutions=(f"That a local child safeguarding practice review be commissioned {CANARY}.",),
        actions=(
            action(
                f"EXEC-{CANARY}",
                f"Commission the reviewer for case NM-2025-07 {CANARY}",
                owner=f"Owner {CANARY}",
                due=date(2026, 3, 31),
                exempt=True,
                item_title=f"Rapid review {CANARY}",
            ),
        ),
    )


def meeting(**overrides) -> MeetingView:
    """The Executive Group meeting of Tuesday 13 January 2026, 10:00-12:00."""
    items = (
        AgendaItemView(
            number=1,
            title="Declarations of interest",
            duration_minutes=5,
            minute="There were no declarations of interest.",
            standing=True,
        ),
        AgendaItemView(
            number=2,
            title="Neglect strategy refresh",
            presenter="Sofia Reyes",
            duration_minutes=40,
            minute=(
                "The group considered the draft neglect strategy.\n\n"
                "It noted the findings of the multi-agency audit."
            ),
            resolutions=(
                "That the draft neglect strategy be approved for consultation.",
                "That the audit findings be reported to the Lead Safeguarding Partners in May.",
            ),
            actions=(
                action(
                    "EXEC-2026-001",
                    "Circulate the neglect strategy consultation to relevant agencies",
                    item_title="Neglect strategy refresh",
                ),
                action(
                    "EXEC-2026-002",
                    "Report audit findings to the Lead Safeguarding Partners",
                    owner="Sofia Reyes",
                    due=date(2026, 1, 16),
                    status="in_progress",
                    overdue=True,
                    item_title="Neglect strategy refresh",
                ),
            ),
        ),
        exempt_item(3),
        AgendaItemView(
            number=4,
            title="Any other business",
            presenter="Chair",
            duration_minutes=10,
            minute="None.",
            standing=True,
        ),
    )
    values = dict(
        id=7,
        uid="meeting-7@convenor",
        sequence=0,
        body="Executive Group",
        body_short="EXEC",
        start=datetime(2026, 1, 13, 10, 0, tzinfo=LONDON),
        end=datetime(2026, 1, 13, 12, 0, tzinfo=LONDON),
        status="held",
        partnership=PARTNERSHIP,
        location="Online (Teams)",
        online_link="https://teams.example/meet/123",
        chair=SOFIA,
        invitees=(
            Invitee(SOFIA, capacity="chair", role="delegated_safeguarding_partner"),
            Invitee(TOM, role="delegated_safeguarding_partner"),
            Invitee(HELEN, role="delegated_safeguarding_partner"),
            Invitee(RUTH, capacity="adviser", voting=False, role="independent_scrutineer"),
            Invitee(OWEN, capacity="participant_observer", voting=False, role="lead_member"),
        ),
        attendance=(
            AttendanceRow(SOFIA, "present", capacity="chair"),
            AttendanceRow(TOM, "present"),
            AttendanceRow(HELEN, "apologies"),
            AttendanceRow(DANIEL, "deputy", deputy_for=HELEN),
            AttendanceRow(RUTH, "present", capacity="adviser", voting=False),
            AttendanceRow(OWEN, "present", capacity="participant_observer", voting=False),
            AttendanceRow(SIAN, "apologies"),
        ),
        items=items,
        updated=NOW,
    )
    values.update(overrides)
    return MeetingView(**values)


def action_log() -> ActionLog:
    """Actions from two bodies, one overdue, one with an update and odd text."""
    return ActionLog(
        partnership=PARTNERSHIP,
        title="Action log",
        generated_on=date(2026, 1, 20),
        actions=(
            action(
                "EXEC-2026-002",
                "Report audit findings to the Lead Safeguarding Partners",
                owner="Sofia Reyes",
                due=date(2026, 1, 16),
                status="in_progress",
                overdue=True,
                item_title="Neglect strategy refresh",
                updates=(ActionUpdateRow(date(2026, 1, 15), "Draft report with the chair."),),
            ),
            action(
                "EXEC-2026-001",
                "Circulate the neglect strategy consultation, \"draft 2\", to agencies",
                item_title="Neglect strategy refresh",
            ),
            action(
                "EDU-2025-014",
                "Audit Welsh-medium schools' safeguarding policies \u2014 Siân to lead",
                body="Safeguarding in Education Group",
                owner="Siân Llewelyn-Éluard",
                due=None,
                status="completed",
                meeting_date=date(2025, 11, 4),
                item_title="Section 175 audit",
            ),
        ),
    )


def zip_parts(data: bytes) -> dict[str, str]:
    """Every part of a .docx package, decoded (binary parts as latin-1)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name).decode("utf-8", errors="replace") for name in package.namelist()}


# ----------------------------------------------------------------- readers
def open_docx(data: bytes):
    """Re-open .docx bytes with python-docx."""
    import docx

    return docx.Document(io.BytesIO(data))


def docx2python_text(data: bytes) -> tuple[str, str, str]:
    """(body, header, footer) text as docx2python reads them."""
    from docx2python import docx2python

    with docx2python(io.BytesIO(data)) as reader:
        flat = lambda tree: "\n".join(_flatten(tree))  # noqa: E731
        return reader.text, flat(reader.header), flat(reader.footer)


def _flatten(tree):
    if isinstance(tree, str):
        yield tree
    else:
        for branch in tree:
            yield from _flatten(branch)


def styled(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, in order."""
    return [(p.style.name, p.text) for p in open_docx(data).paragraphs]


def by_heading(data: bytes, level: int = 1) -> dict[str, list[tuple[str, str]]]:
    """Body paragraphs grouped under the Heading ``level`` that precedes them."""
    groups: dict[str, list[tuple[str, str]]] = {}
    current = None
    for style, text in styled(data):
        if style == f"Heading {level}":
            current = text
            groups[current] = []
        elif current is not None:
            groups[current].append((style, text))
    return groups


def table_rows(table) -> list[list[str]]:
    """Cell texts of a python-docx table, row by row."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def cell_fill(cell) -> str | None:
    """The w:shd fill of a table cell, if any."""
    from docx.oxml.ns import qn

    tc_pr = cell._tc.tcPr  # noqa: SLF001
    if tc_pr is None:
        return None
    shd = tc_pr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))
