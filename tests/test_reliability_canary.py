"""A canary in every field of an exempt (Part II) item never reaches a public export.

The canary goes in through an arrangements file and comes out through the
`convenor export` commands, so the whole path (loader, database, queries,
exporters, command line) is covered. Bytes are searched raw, after undoing
iCalendar line folding, and in every part of each .docx zip.
"""

from __future__ import annotations

import copy
import io
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.arrangements import load_arrangements
from models.tables import Meeting
from tests.conftest import EXAMPLE
from tests.test_reliability_fuzz import toml_document
from tui.cli import main

CANARY = "Zq9CanaryPartTwo"


def canary_document() -> dict:
    doc = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    meeting = doc["meetings"][0]
    meeting["status"] = "confirmed"  # still to come: a held meeting cannot be cancelled, and a cancellation is exported
    exempt = next(item for item in meeting["items"] if item.get("exempt"))
    exempt.update(
        title=f"Rapid review {CANARY} title",
        presenter=f"Presenter {CANARY}",
        minute=f"The group discussed {CANARY} in private.\n\nSecond paragraph {CANARY}.",
        resolutions=[f"That {CANARY} resolution one be agreed.", f"That {CANARY} resolution two be agreed."],
        exempt={"paragraph": 2, "reason": f"Reveals {CANARY} identity"},
    )
    exempt["actions"] = [
        {"description": f"Commission {CANARY} reviewer", "owner": "Sofia Reyes", "due": exempt["actions"][0]["due"],
         "updates": [{"on": meeting["date"], "note": f"Progress note {CANARY}"}]},
        {"description": f"Write to the family {CANARY}", "reference": f"EXEC-{CANARY}"},
    ]
    return copy.deepcopy(doc)


def readable(path: Path) -> bytes:
    """Every byte a reader could see: .ics unfolded, .docx every zip part decompressed."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(archive.read(name) for name in archive.namelist())
    if path.suffix == ".ics":
        return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    return data


def contains_canary(path: Path) -> bool:
    data = readable(path)
    if path.suffix == ".docx":
        data = re.sub(rb"<[^>]+>", b"", data)  # text split across runs still counts
    return CANARY.encode() in data or CANARY.encode("utf-16-le") in data


@pytest.fixture
def canary_db(engine, tmp_path) -> tuple[str, int]:
    source = tmp_path / "canary.toml"
    source.write_text(toml_document(canary_document()), encoding="utf-8")
    load_arrangements(engine, source)
    with Session(engine) as s:
        meeting_id = s.exec(select(Meeting.id)).one()
    return engine.url.render_as_string(hide_password=False), meeting_id


def export(db: str, *args: str) -> None:
    assert main(["export", *args, "--db", db]) == 0


def test_canary_reaches_no_public_export(canary_db, tmp_path):
    db, meeting = canary_db
    out = tmp_path / "out"
    out.mkdir()
    export(db, "minutes", "--meeting", str(meeting), "--public", "-o", str(out / "minutes.docx"))
    export(db, "agenda", "--meeting", str(meeting), "--public", "-o", str(out / "agenda.docx"))
    export(db, "actions", "--public", "-o", str(out / "actions.csv"))
    export(db, "actions", "--public", "-o", str(out / "actions.docx"))
    export(db, "ics", "--meeting", str(meeting), "--method", "request", "-o", str(out / "request.ics"))
    export(db, "ics", "--all", "--method", "publish", "-o", str(out / "feed.ics"))
    export(db, "ics", "--meeting", str(meeting), "--method", "cancel", "-o", str(out / "cancel.ics"))
    export(db, "ics", "--all", "--method", "publish", "-o", str(out / "feed-after-cancel.ics"))
    written = sorted(out.iterdir())
    assert len(written) == 8
    leaks = [p.name for p in written if contains_canary(p)]
    assert leaks == []
    # The public action log still lists the public action, so the filter is not simply empty.
    assert b"Circulate the neglect strategy" in readable(out / "actions.csv")


def test_full_exports_do_carry_the_canary(canary_db, tmp_path):
    """The check above can fail: the same search finds the canary where it belongs."""
    db, meeting = canary_db
    export(db, "minutes", "--meeting", str(meeting), "-o", str(tmp_path / "minutes.docx"))
    export(db, "agenda", "--meeting", str(meeting), "-o", str(tmp_path / "agenda.docx"))
    export(db, "actions", "-o", str(tmp_path / "actions.csv"))
    export(db, "actions", "-o", str(tmp_path / "actions.docx"))
    for name in ("minutes.docx", "agenda.docx", "actions.csv", "actions.docx"):
        assert contains_canary(tmp_path / name), name
    text = re.sub(r"<[^>]+>", "", readable(tmp_path / "minutes.docx").decode("utf-8", "replace"))
    for phrase in (f"Rapid review {CANARY} title", f"discussed {CANARY} in private", f"That {CANARY} resolution one",
                   f"That {CANARY} resolution two", f"Commission {CANARY} reviewer"):
        assert phrase in text, phrase

if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
