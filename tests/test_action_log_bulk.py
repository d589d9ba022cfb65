"""A large action log (.docx): the bulk-built tables hold every row as written, with its styles."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx_fixtures import NOW, PARTNERSHIP, action, cell_fill, open_docx

from exporters.action_log import build_action_log_docx, sorted_actions
from exporters.docx_bulk import add_bulk_table
from exporters.docx_common import add_table
from models.views import ActionLog, ActionUpdateRow

BODIES = ("Executive Group", "Case Review Panel", "Neglect Delivery Group")


def many_actions(count: int) -> ActionLog:
    rows = []
    for n in range(count):
        overdue = n % 7 == 0
        rows.append(action(
            f"ACT-2026-{n:04d}", f"Review item {n} & report <back> \u2014 Siân's \"draft\"",
            body=BODIES[n % 3], owner=f"Owner {n % 50}", due=date(2026, 1, 1) + timedelta(days=n % 300),
            status="in_progress" if overdue else ("open", "completed", "cancelled")[n % 3], overdue=overdue,
            item_title=f"Item {n % 9}" if n % 4 else None,
            updates=(ActionUpdateRow(date(2026, 1, 2), f"Update {n}\twith a tab"),) if n % 5 == 0 else (),
        ))
    return ActionLog(PARTNERSHIP, actions=tuple(rows), title="Action log", generated_on=date(2026, 1, 20))


def docx2python_tables(data: bytes) -> list[list[list[str]]]:
    """Every table as rows of cell texts, as docx2python reads them."""
    from docx2python import docx2python

    with docx2python(io.BytesIO(data)) as reader:
        return [[["\n".join(paragraphs) for paragraphs in row] for row in table]
                for table in reader.body if len(table) > 1 or (table and len(table[0]) == 6)]


def test_every_row_is_reread_by_docx2python_in_order():
    log = many_actions(600)
    data = build_action_log_docx(log, now=NOW)
    tables = docx2python_tables(data)
    assert len(tables) == 3
    expected = {body: [a for a in sorted_actions(log.actions) if a.body == body] for body in BODIES}
    for table, body in zip(tables, sorted(BODIES)):
        assert table[0] == ["Reference", "Action", "Owner", "Due", "Status", "Raised"]
        rows = expected[body]
        assert [row[0] for row in table[1:]] == [a.reference for a in rows]
        for row, a in zip(table[1:], rows):
            assert row[1].startswith(a.description)
            assert row[2] == a.owner
            assert row[4] == ("OVERDUE \u2014 In progress" if a.overdue else a.status.replace("_", " ").capitalize())
            if a.updates:
                assert "Latest update (2 Jan 2026): Update" in row[1]


def test_bulk_rows_keep_shading_bold_line_breaks_and_widths():
    data = build_action_log_docx(many_actions(30), now=NOW)
    table = open_docx(data).tables[0]
    header = table.rows[0]
    assert all(cell_fill(cell) == "D9D9D9" for cell in header.cells)
    first = next(row for row in table.rows[1:] if row.cells[4].text.startswith("OVERDUE"))
    plain = next(row for row in table.rows[1:] if not row.cells[4].text.startswith("OVERDUE"))
    assert all(cell_fill(cell) is None for cell in plain.cells)
    assert all(cell_fill(cell) == "F4CCCC" for cell in first.cells)
    assert first.cells[4].paragraphs[0].runs[0].bold is True
    assert first.cells[1].paragraphs[0].runs[0].bold is None
    assert first.cells[1].paragraphs[0].runs[0].font.size.pt == 10
    assert first.cells[5].text == "13 Jan 2026\nItem 7"  # the item on its own line
    assert table.style.name == "Table Grid"
    assert round(first.cells[0].width.cm, 1) == 3.2


def test_bulk_table_xml_is_what_add_table_writes():
    from docx import Document

    rows = [["one\ntwo", " lead space", "a & <b>"], ["", "x\n\ny", "y "]]
    options = {"widths_cm": [2.0, 3.0, 4.0], "row_fills": ["F4CCCC", None], "bold_cells": [(0, 2)]}
    slow, fast = Document(), Document()
    assert add_bulk_table(fast, ["A", "B", "C"], rows, **options)._tbl.xml == \
        add_table(slow, ["A", "B", "C"], rows, **options)._tbl.xml  # noqa: SLF001
