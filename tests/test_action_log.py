"""Action log (.docx and .csv): grouping by body, overdue marking, CSV for Excel."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from docx_fixtures import (
    NOW,
    PARTNERSHIP,
    action,
    action_log,
    cell_fill,
    docx2python_text,
    open_docx,
    styled,
    table_rows,
    zip_parts,
)

from exporters.action_log import build_action_log_csv, build_action_log_docx, write_action_log
from exporters.files import ExportError
from models.views import ActionLog

HEADER = ["reference", "body", "description", "owner", "due", "status", "overdue", "meeting_date", "item",
          "latest_update_on", "latest_update", "escalated_from", "escalated_to"]


@pytest.fixture(scope="module")
def log_docx() -> bytes:
    return build_action_log_docx(action_log(), now=NOW)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_grouped_by_body_with_a_table_each(log_docx):
    paragraphs = styled(log_docx)
    assert [text for style, text in paragraphs if style == "Heading 1"] == [
        "Executive Group",
        "Safeguarding in Education Group",
    ]
    assert ("Title", "Action log") in paragraphs
    assert "Actions: 3 (1 overdue)" in [text for _, text in paragraphs]
    tables = open_docx(log_docx).tables
    assert len(tables) == 2
    executive = table_rows(tables[0])
    assert executive[0] == ["Reference", "Action", "Owner", "Due", "Status", "Raised"]
    assert [row[0] for row in executive[1:]] == ["EXEC-2026-002", "EXEC-2026-001"]  # by due date
    education = table_rows(tables[1])
    assert education[1][:5] == [
        "EDU-2025-014",
        "Audit Welsh-medium schools' safeguarding policies \u2014 Siân to lead",
        "Siân Llewelyn-Éluard",
        "",
        "Completed",
    ]


def test_overdue_actions_are_marked_in_text_and_shading(log_docx):
    table = open_docx(log_docx).tables[0]
    overdue, on_time = table.rows[1], table.rows[2]
    assert overdue.cells[4].text == "OVERDUE \u2014 In progress"
    assert all(cell_fill(cell) == "F4CCCC" for cell in overdue.cells)
    assert on_time.cells[4].text == "Open"
    assert all(cell_fill(cell) is None for cell in on_time.cells)
    assert "Latest update (15 Jan 2026): Draft report with the chair." in overdue.cells[1].text
    body, _, _ = docx2python_text(log_docx)
    assert "OVERDUE" in body


def test_marking_and_properties(log_docx):
    _, header, footer = docx2python_text(log_docx)
    assert header.strip() == "OFFICIAL"
    assert "Page 1 of 1" in footer
    props = open_docx(log_docx).core_properties
    assert props.author == PARTNERSHIP.name
    assert props.title == "Action log, Tuesday 20 January 2026"
    assert props.created == NOW
    assert "python-docx" not in zip_parts(log_docx)["docProps/core.xml"]
    exempt = ActionLog(PARTNERSHIP, actions=(action("EXEC-1", "Commission reviewer", exempt=True),))
    _, header, _ = docx2python_text(build_action_log_docx(exempt, now=NOW))
    assert header.strip() == "OFFICIAL-SENSITIVE"


def test_empty_log_says_so():
    data = build_action_log_docx(ActionLog(PARTNERSHIP), now=NOW)
    assert "There are no actions to show." in [text for _, text in styled(data)]
    assert not open_docx(data).tables


def test_csv_has_bom_header_and_iso_dates():
    data = build_action_log_csv(action_log())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(data)
    assert rows[0] == HEADER
    assert rows[1] == [
        "EXEC-2026-002", "Executive Group", "Report audit findings to the Lead Safeguarding Partners",
        "Sofia Reyes", "2026-01-16", "in_progress", "yes", "2026-01-13", "Neglect strategy refresh",
        "2026-01-15", "Draft report with the chair.", "", "",
    ]
    assert rows[2][2] == 'Circulate the neglect strategy consultation, "draft 2", to agencies'
    assert rows[3][3] == "Siân Llewelyn-Éluard" and rows[3][4] == "" and rows[3][6] == "no"
    assert b'"Circulate the neglect strategy consultation, ""draft 2"", to agencies"' in data


def test_csv_cleans_text_and_neutralises_formulas():
    log = ActionLog(
        PARTNERSHIP,
        actions=(action("EXEC-9", "=HYPERLINK(\"http://x\")", owner="Ann\x00 Lee", item_title="Line\none"),),
    )
    row = read_csv(build_action_log_csv(log))[1]
    assert row[2] == "'=HYPERLINK(\"http://x\")"
    assert row[3] == "Ann Lee"
    assert row[8] == "Line one"


def test_latest_update_and_escalation_are_shown():
    from dataclasses import replace
    from datetime import date

    from models.views import ActionUpdateRow

    row = action("NDG-2026-001", "Fund the licence", body="Neglect Delivery Group", escalated_from="Neglect Delivery Group",
                 escalated_to="Executive Group", escalated_on=date(2026, 1, 10),
                 updates=(ActionUpdateRow(date(2026, 1, 10), "Second note"), ActionUpdateRow(date(2026, 1, 2), "First"),
                          ActionUpdateRow(date(2026, 1, 10), "Third, same day")))
    log = ActionLog(PARTNERSHIP, actions=(row, replace(row, reference="NDG-2026-002", updates=())))
    csv_rows = read_csv(build_action_log_csv(log))
    assert csv_rows[1][9:] == ["2026-01-10", "Third, same day", "Neglect Delivery Group", "Executive Group"]
    assert csv_rows[2][9:11] == ["", ""]
    cells = [c.text for c in open_docx(build_action_log_docx(log, now=NOW)).tables[0].rows[1].cells]
    assert "Latest update (10 Jan 2026): Third, same day" in cells[1]
    assert "Escalated from Neglect Delivery Group to Executive Group on 10 Jan 2026" in cells[5]


def test_write_action_log_chooses_format_by_suffix(tmp_path):
    csv_path = write_action_log(action_log(), tmp_path / "actions.CSV")
    assert read_csv(csv_path.read_bytes())[0] == HEADER
    docx_path = write_action_log(action_log(), tmp_path / "actions.docx", now=NOW)
    assert len(open_docx(docx_path.read_bytes()).tables) == 2


@pytest.mark.parametrize("name", ["actions.xlsx", "actions", "missing/actions.csv"])
def test_write_action_log_refuses_bad_paths_and_writes_nothing(tmp_path, name):
    with pytest.raises(ExportError) as error:
        write_action_log(action_log(), tmp_path / name)
    assert str(error.value).endswith(".")
    assert list(tmp_path.rglob("*")) == []


def test_overdue_flag_comes_from_the_row():
    log = action_log()
    flipped = ActionLog(PARTNERSHIP, actions=tuple(dataclasses.replace(a, overdue=False) for a in log.actions))
    data = build_action_log_docx(flipped, now=NOW)
    assert "OVERDUE" not in docx2python_text(data)[0]
