"""Minutes (.docx): re-read with python-docx and docx2python, and as raw XML."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import subprocess

import pytest
from docx_fixtures import (
    CANARY,
    NOW,
    PARTNERSHIP,
    action,
    by_heading,
    cell_fill,
    docx2python_text,
    exempt_item,
    meeting,
    open_docx,
    styled,
    table_rows,
    zip_parts,
)

from exporters.files import ExportError
from exporters.minutes import build_minutes, write_minutes
from models.views import AgendaItemView, AttendanceRow, PersonRef

EXEMPT_LINE = (
    "3. Exempt item \u2014 not for publication "
    "(paragraph 2 of Part 1 of Schedule 12A to the Local Government Act 1972)"
)


@pytest.fixture(scope="module")
def full() -> bytes:
    return build_minutes(meeting(), now=NOW)


@pytest.fixture(scope="module")
def public() -> bytes:
    return build_minutes(meeting(), public=True, now=NOW)


def texts(data: bytes) -> list[str]:
    return [text for _, text in styled(data)]


def test_title_block_names_partnership_body_date_time_venue_and_chair(full):
    paragraphs = styled(full)
    assert paragraphs[0][1] == "Northmoor Safeguarding Children Partnership"
    assert ("Title", "Executive Group") in paragraphs
    for line in (
        "Date: Tuesday 13 January 2026",
        "Time: 10:00\u201312:00",
        "Venue: Online (Teams)",
        "Chair: Sofia Reyes",
    ):
        assert line in texts(full)
    body, _, _ = docx2python_text(full)
    assert "Chair: Sofia Reyes" in body


def test_sections_are_real_word_headings(full):
    paragraphs = styled(full)
    level1 = [text for style, text in paragraphs if style == "Heading 1"]
    assert level1 == ["Present", "In attendance", "Apologies", "Minutes", "Action table"]
    level2 = [text for style, text in paragraphs if style == "Heading 2"]
    assert [h.split(".")[0] for h in level2] == ["1", "2", "3", "4"]
    assert level2[1] == "2. Neglect strategy refresh"
    # no heading text appears as an ordinary (fake-heading) paragraph
    assert not [t for s, t in paragraphs if s == "Normal" and t in level1]


def test_present_in_attendance_and_apologies(full):
    groups = by_heading(full)
    present = [text for _, text in groups["Present"]]
    assert any(t.startswith("Sofia Reyes, Director of Children's Services, Northmoor Council") and "(Chair)" in t
               for t in present)
    assert any(t.startswith("Daniel Moss (deputising for Helen Price)") for t in present)
    assert any("Tom Whitfield" in t and "Northmoor Police" in t and "Delegated Safeguarding Partner" in t
               for t in present)
    assert not any("Ruth Ellison" in t or "Owen Baines" in t for t in present)
    attendance = [text for _, text in groups["In attendance"]]
    assert any("Cllr Owen Baines" in t and "participant observer (non-voting)" in t for t in attendance)
    assert any(t.startswith("Ruth Ellison, Independent Scrutineer") and "adviser" in t for t in attendance)
    apologies = [text for _, text in groups["Apologies"]]
    assert [t.split(",")[0] for t in apologies] == ["Helen Price", "Siân Llewelyn-Éluard"]
    assert {style for style, _ in groups["Present"]} == {"List Bullet"}
    body, _, _ = docx2python_text(full)
    assert "Daniel Moss (deputising for Helen Price)" in body


def test_minute_numbers_are_printed_as_the_models_give_them():
    items = tuple(dataclasses.replace(item, number=item.number + 13) for item in meeting().items)
    data = build_minutes(meeting(items=items), now=NOW)
    level2 = [text for style, text in styled(data) if style == "Heading 2"]
    assert [h.split(".")[0] for h in level2] == ["14", "15", "16", "17"]


def test_discussion_resolutions_and_actions_arising(full):
    item = by_heading(full, level=2)["2. Neglect strategy refresh"]
    lines = [text for _, text in item]
    assert "The group considered the draft neglect strategy." in lines
    assert "It noted the findings of the multi-agency audit." in lines  # blank line = new paragraph
    resolved = lines.index("Resolved:")
    assert item[resolved + 1] == (
        "Resolution", "(1)\tThat the draft neglect strategy be approved for consultation."
    )
    assert item[resolved + 2][1].startswith("(2)\tThat the audit findings be reported")
    arising = lines.index("Actions arising:")
    bullets = item[arising + 1:arising + 3]
    assert all(style == "List Bullet" for style, _ in bullets)
    assert bullets[0][1] == (
        "EXEC-2026-001 \u2014 Circulate the neglect strategy consultation to relevant agencies "
        "(owner: Kemi Adeyemi; due Friday 27 February 2026)"
    )


def test_closing_action_table_lists_every_action_with_overdue_marked(full):
    document = open_docx(full)
    rows = table_rows(document.tables[-1])
    assert rows[0] == ["Reference", "Action", "Owner", "Due date", "Status"]
    assert rows[1] == ["EXEC-2026-001", "Circulate the neglect strategy consultation to relevant agencies",
                       "Kemi Adeyemi", "27 Feb 2026", "Open"]
    assert rows[2][0] == "EXEC-2026-002" and rows[2][4] == "OVERDUE \u2014 In progress"
    assert rows[3][0] == f"EXEC-{CANARY}"  # the full minutes keep exempt actions
    assert cell_fill(document.tables[-1].rows[2].cells[4]) is not None
    assert cell_fill(document.tables[-1].rows[1].cells[4]) is None


def test_header_marking_and_page_number_fields(full, public):
    _, header, footer = docx2python_text(full)
    assert header.strip() == "OFFICIAL-SENSITIVE"
    assert "OFFICIAL-SENSITIVE" in footer
    _, header, _ = docx2python_text(public)
    assert header.strip() == "OFFICIAL"
    without_exempt = build_minutes(meeting(items=meeting().items[:2]), now=NOW)
    assert open_docx(without_exempt).sections[0].header.paragraphs[0].text == "OFFICIAL"
    footer_xml = next(xml for name, xml in zip_parts(full).items() if name.startswith("word/footer"))
    assert "PAGE \\* MERGEFORMAT" in footer_xml and "NUMPAGES" in footer_xml
    assert footer_xml.count('w:fldCharType="begin"') == 2
    footer_text = "\n".join(p.text for p in open_docx(full).sections[0].footer.paragraphs)
    assert "Page 1 of 1" in footer_text


def test_public_minutes_leave_no_trace_of_exempt_items(full, public):
    # the canary is in the full minutes, so this test can tell the difference
    assert any(CANARY in xml for xml in zip_parts(full).values())
    for name, xml in zip_parts(public).items():
        assert CANARY not in xml, name
        assert "Rapid review" not in xml, name
        assert "NM-2025-07" not in xml, name
    assert EXEMPT_LINE in texts(public)
    body, header, footer = docx2python_text(public)
    assert EXEMPT_LINE in body
    assert "Public version: exempt items are not published." in body
    rows = table_rows(open_docx(public).tables[-1])
    assert [row[0] for row in rows[1:]] == ["EXEC-2026-001", "EXEC-2026-002"]


def test_public_minutes_drop_exempt_actions_raised_under_open_items():
    items = list(meeting().items)
    items[1] = dataclasses.replace(
        items[1], actions=items[1].actions + (action("EXEC-2026-009", f"Sensitive {CANARY}", exempt=True),)
    )
    data = build_minutes(meeting(items=tuple(items)), public=True, now=NOW)
    assert not any(CANARY in xml for xml in zip_parts(data).values())


def test_exempt_item_without_paragraph_still_cites_schedule_12a():
    item = dataclasses.replace(exempt_item(5), exempt_paragraph=None)
    data = build_minutes(meeting(items=(item,)), public=True, now=NOW)
    assert "5. Exempt item \u2014 not for publication (Part 1 of Schedule 12A to the Local Government Act 1972)" \
        in texts(data)


def test_full_minutes_mark_exempt_items(full):
    item = by_heading(full, level=2)[f"3. Rapid review: case NM-2025-07 {CANARY}"]
    assert item[0][1].startswith("Exempt item (paragraph 2 of Part 1 of Schedule 12A")
    assert item[0][1].endswith("Not for publication.")


def test_core_properties_name_the_partnership_never_python_docx(full, public):
    props = open_docx(full).core_properties
    assert props.author == PARTNERSHIP.name
    assert props.last_modified_by == "Kemi Adeyemi"
    assert props.title == "Executive Group minutes, Tuesday 13 January 2026"
    assert props.subject == "Minutes of the Executive Group meeting held on Tuesday 13 January 2026"
    assert props.created == NOW
    assert props.modified == NOW
    assert props.comments == ""
    core = zip_parts(public)["docProps/core.xml"]
    assert "python-docx" not in core and "2013" not in core
    assert "(public version)" in open_docx(public).core_properties.subject
    assert "docProps/thumbnail.jpeg" not in zip_parts(public)


def test_control_characters_are_cleaned_not_a_crash():
    dirty = dataclasses.replace(
        meeting().items[1],
        title="Neglect\x00 strategy\x0b refresh",
        minute="Pasted\x07 from\x1b another system\ufffe.",
        resolutions=("That the\x08 strategy be approved.",),
    )
    data = build_minutes(meeting(items=(dirty,), location="Room\x0c 1"), now=NOW)
    lines = texts(data)
    assert "2. Neglect strategy refresh" in lines
    assert "Pasted from another system." in lines
    assert "(1)\tThat the strategy be approved." in lines
    assert "Venue: Room 1" in lines


def test_non_ascii_names_survive():
    names = ["Siân Llewelyn-Éluard", "José Núñez", "سارة المصري", "Zoë 🙂 Brontë"]
    attendance = tuple(AttendanceRow(PersonRef(name, organisation="Ysgol Gymraeg"), "present") for name in names)
    minute = AgendaItemView(number=1, title="Croeso — welcome", minute="Diolch i Siân am y cyflwyniad 🙂.")
    data = build_minutes(meeting(attendance=attendance, items=(minute,)), now=NOW)
    body, _, _ = docx2python_text(data)
    present = [text for _, text in by_heading(data)["Present"]]
    for name in names:
        assert f"{name}, Ysgol Gymraeg" in present
        assert name in body
    assert "Diolch i Siân am y cyflwyniad 🙂." in body
    assert "1. Croeso — welcome" in body


def test_very_long_minutes_keep_all_their_text():
    paragraphs = [f"Paragraph {n}: " + "the partnership discussed the audit findings at length. " * 18
                  for n in range(100)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 100_000
    item = AgendaItemView(number=1, title="Annual report", minute=text)
    data = build_minutes(meeting(items=(item,)), now=NOW)
    lines = texts(data)
    assert sum(1 for line in lines if line.startswith("Paragraph ")) == 100
    body, _, _ = docx2python_text(data)
    assert paragraphs[-1].strip() in body


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdfinfo"),
                    reason="LibreOffice and poppler-utils are needed to count rendered pages")
def test_very_long_minutes_flow_over_pages(tmp_path):
    text = "\n\n".join("The group discussed the findings of the audit in detail. " * 20 for _ in range(90))
    path = write_minutes(meeting(items=(AgendaItemView(number=1, title="Annual report", minute=text),)),
                         tmp_path / "long.docx", now=NOW)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / "long.pdf")], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages > 10


def test_missing_chair_and_venue_leave_no_placeholder_text():
    data = build_minutes(meeting(chair=None, location=None), now=NOW)
    lines = texts(data)
    assert not any(line.startswith(("Chair:", "Venue:")) for line in lines)
    assert "None" not in lines


def test_write_minutes_writes_a_private_file(tmp_path):
    path = write_minutes(meeting(), tmp_path / "minutes.docx", public=True, now=NOW)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert EXEMPT_LINE in texts(path.read_bytes())


@pytest.mark.parametrize("name", ["missing/minutes.docx", "minutes.pdf", "minutes"])
def test_bad_output_path_is_one_sentence_and_writes_nothing(tmp_path, name):
    with pytest.raises(ExportError) as error:
        write_minutes(meeting(), tmp_path / name, now=NOW)
    message = str(error.value)
    assert message.endswith(".") and "\n" not in message
    assert list(tmp_path.rglob("*")) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_unwritable_folder_writes_nothing(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError):
            write_minutes(meeting(), folder / "minutes.docx", now=NOW)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_failure_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="No space left on device"):
        write_minutes(meeting(), tmp_path / "minutes.docx", now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_meeting_without_items_or_advisers_says_so_plainly():
    attendance = tuple(row for row in meeting().attendance if row.capacity in ("chair", "member"))
    data = build_minutes(meeting(items=(), attendance=attendance), now=NOW)
    groups = by_heading(data)
    assert "In attendance" not in groups
    assert groups["Minutes"] == [("Normal", "No items were minuted.")]
    assert groups["Action table"] == [("Normal", "No actions were recorded at this meeting.")]
    assert not open_docx(data).tables
