"""Agenda (.docx): front sheet, item times, Part II and the public version."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from docx_fixtures import (
    CANARY,
    LONDON,
    NOW,
    PARTNERSHIP,
    docx2python_text,
    meeting,
    open_docx,
    styled,
    table_rows,
    zip_parts,
)

from exporters.agenda import build_agenda, item_start_times, write_agenda
from exporters.files import ExportError
from models.views import AgendaItemView


@pytest.fixture(scope="module")
def full() -> bytes:
    return build_agenda(meeting(), now=NOW)


@pytest.fixture(scope="module")
def public() -> bytes:
    return build_agenda(meeting(), public=True, now=NOW)


def test_front_sheet(full):
    paragraphs = styled(full)
    lines = [text for _, text in paragraphs]
    assert lines[0] == "Northmoor Safeguarding Children Partnership"
    assert ("Title", "Executive Group") in paragraphs
    assert ("Subtitle", "Agenda") in paragraphs
    for line in ("Date: Tuesday 13 January 2026", "Time: 10:00\u201312:00", "Venue: Online (Teams)",
                 "Join online: https://teams.example/meet/123", "Chair: Sofia Reyes"):
        assert line in lines
    body, _, _ = docx2python_text(full)
    assert "Chair: Sofia Reyes" in body


def test_items_are_numbered_with_presenter_and_start_time(full):
    rows = table_rows(open_docx(full).tables[0])
    assert rows == [
        ["Item", "Time", "Title", "Presenter"],
        ["1", "10:00", "Declarations of interest", ""],
        ["2", "10:05", "Neglect strategy refresh", "Sofia Reyes"],
        ["4", "11:15", "Any other business", "Chair"],  # after the 30-minute exempt item at 10:45
    ]


def test_part_two_lists_exempt_items_with_exclusion_note(full):
    paragraphs = styled(full)
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == ["Part I \u2014 items of business", "Part II \u2014 exempt items"]
    lines = [text for _, text in paragraphs]
    note = lines[lines.index("Part II \u2014 exempt items") + 1]
    assert note.startswith("The Chair will move that the press and public be excluded")
    assert "Schedule 12A to the Local Government Act 1972" in note
    rows = table_rows(open_docx(full).tables[1])
    assert rows[0] == ["Item", "Time", "Title", "Presenter", "Exempt under"]
    assert rows[1] == ["3", "10:45", f"Rapid review: case NM-2025-07 {CANARY}", f"Presenter {CANARY}",
                       "Paragraph 2"]
    _, header, _ = docx2python_text(full)
    assert header.strip() == "OFFICIAL-SENSITIVE"


def test_public_agenda_omits_part_two_entirely(public):
    paragraphs = styled(public)
    assert [text for style, text in paragraphs if style == "Heading 1"] == ["Items of business"]
    assert len(open_docx(public).tables) == 1
    lines = [text for _, text in paragraphs]
    assert (
        "Item 3 is exempt business (Part 1 of Schedule 12A to the Local Government Act 1972) that the "
        "meeting may take in private; it is not described in this public agenda."
    ) in lines
    for name, xml in zip_parts(public).items():
        assert CANARY not in xml, name
        assert "Rapid review" not in xml, name
    _, header, _ = docx2python_text(public)
    assert header.strip() == "OFFICIAL"


def test_public_note_lists_several_exempt_items():
    items = meeting().items + (dataclasses.replace(meeting().items[2], number=5),)
    lines = [text for _, text in styled(build_agenda(meeting(items=items), public=True, now=NOW))]
    assert any(line.startswith("Items 3 and 5 are exempt business") for line in lines)


def test_no_exempt_items_means_no_part_two_and_no_note():
    data = build_agenda(meeting(items=meeting().items[:2]), now=NOW)
    paragraphs = styled(data)
    assert [text for style, text in paragraphs if style == "Heading 1"] == ["Items of business"]
    assert not any("exempt" in text.lower() for _, text in paragraphs)


def test_start_times_use_durations_and_explicit_starts():
    start = datetime(2026, 1, 13, 10, 0, tzinfo=LONDON)
    items = (
        AgendaItemView(number=1, title="A", duration_minutes=15),
        AgendaItemView(number=2, title="B", duration_minutes=None),
        AgendaItemView(number=3, title="C", duration_minutes=10),  # after an unknown duration
        AgendaItemView(number=4, title="D", start=datetime(2026, 1, 13, 11, 0, tzinfo=LONDON),
                       duration_minutes=20),
        AgendaItemView(number=5, title="E"),
    )
    times = item_start_times(meeting(items=items, start=start))
    assert [t.strftime("%H:%M") if t else None for t in times] == ["10:00", "10:15", None, "11:00", "11:20"]
    rows = table_rows(open_docx(build_agenda(meeting(items=items), now=NOW)).tables[0])
    assert [row[1] for row in rows[1:]] == ["10:00", "10:15", "", "11:00", "11:20"]


def test_core_properties(full, public):
    props = open_docx(full).core_properties
    assert props.author == PARTNERSHIP.name
    assert props.title == "Executive Group agenda, Tuesday 13 January 2026"
    assert props.created == NOW and props.modified == NOW
    assert open_docx(public).core_properties.subject.endswith("(public version)")


def test_write_agenda(tmp_path):
    path = write_agenda(meeting(), tmp_path / "agenda.docx", public=True, now=NOW)
    assert table_rows(open_docx(path.read_bytes()).tables[0])[1][2] == "Declarations of interest"
    with pytest.raises(ExportError):
        write_agenda(meeting(), tmp_path / "agenda.txt")
    with pytest.raises(ExportError):
        write_agenda(meeting(), tmp_path / "nowhere" / "agenda.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.docx"]
