"""`convenor meeting ID [--json]`: one meeting whole (the `meeting` JSON contract)."""

from __future__ import annotations

import argparse
from typing import Any

from models.meetings.record import meeting_record
from models.text import visible
from tui.cli.common import _out, reading
from tui.cli.output import print_json

STATUS_WORDS = {"present": "Present", "apologies": "Apologies", "absent": "Absent", "deputy": "Deputising"}
SOURCE_WORDS = {"forward_plan": "forward plan", "carried_over": "carried over", "escalated": "escalated"}


def _v(value: object) -> str:
    return visible(str(value)) if value is not None else ""


def meeting_lines(r: dict[str, Any]) -> list[str]:
    """The meeting as readable text, stored text made safe for the terminal."""
    quorum = r["quorum"]
    quorum_words = ("not recorded" if quorum is None else "met" if quorum["met"]
                    else "NOT MET — " + ", ".join(_v(m) for m in quorum["missing"]) + " not represented")
    lines = [
        f'{_v(r["body"])} — meeting {r["id"]}' + (f' ({_v(r["title"])})' if r.get("title") else ""),
        f'{r["date"]} {r["start"][11:]}–{r["end"][11:]} · {_v(r["location"]) or "no location"} · '
        f'Chair: {_v(r["chair"]) or "nobody in the chair"}',
        f'Status: {r["status"]} · agenda {r["agenda_status"]}'
        + (f' (issued {r["agenda_issued_on"]})' if r.get("agenda_issued_on") else "")
        + f' · minutes {r["minutes_status"]}'
        + (f' (approved {r["minutes_approved_on"]})' if r["minutes_approved_on"] else "")
        + f" · quorum: {quorum_words}",
        "",
        "Agenda",
    ]
    if not r["items"]:
        lines.append("  No items yet.")
    for item in r["items"]:
        extras = [x for x in (
            _v(item["presenter"]), f'{item["minutes_allotted"]} min' if item["minutes_allotted"] else "",
            _v(item["purpose"]), SOURCE_WORDS.get(item["source"], ""),
            f'Part II, para {item["exempt_paragraph"]}' if item["exempt_paragraph"] else "",
            item["state"] if item["state"] != "listed" else "") if x]
        lines.append(f'  {item["number"]:>2}. {item["start"][11:]}  {_v(item["title"])}'
                     + (f'  ({"; ".join(extras)})' if extras else ""))
        for paper in item.get("papers", []):
            lines.append(f"        paper: {_v(paper)}")
        for text in (item["minute"] or "").splitlines():
            lines.append(f"        {_v(text)}")
        if item["resolutions"]:
            lines.append("        Resolved:")
            lines += [f"          ({n}) {_v(text)}" for n, text in enumerate(item["resolutions"], 1)]
        for action in item["actions"]:
            lines.append(f'        Action {action["reference"]}: {_v(action["description"])} — '
                         f'{_v(action["owner"]) or "no owner"}, due {action["due"] or "no date"}')
    lines += ["", "Attendance"]
    if not r["attendance"]:
        lines.append("  Not recorded.")
    for row in r["attendance"]:
        deputy = f' for {_v(row["deputy_for"])}' if row["deputy_for"] else ""
        org = f' ({_v(row["organisation"])})' if row["organisation"] else ""
        lines.append(f'  {STATUS_WORDS.get(row["status"], row["status"])}{deputy}: {_v(row["person"])}{org}'
                     f' — {row["capacity"]}')
    if r["declarations"]:
        lines += ["", "Declarations of interest"]
        for dec in r["declarations"]:
            item = f' on "{_v(dec["item"])}"' if dec["item"] else ""
            lines.append(f'  {_v(dec["person"])}{item}: {_v(dec["nature"])}')
    return lines


def run_meeting(args: argparse.Namespace) -> int:
    with reading(args) as session:
        record = meeting_record(session, args.id)
    if args.json:
        print_json(record)
        return 0
    console = _out()
    for line in meeting_lines(record):
        console.print(line, markup=False)
    return 0
