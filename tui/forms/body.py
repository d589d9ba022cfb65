"""Editing a body's name, reports-to, cadence, chair and quorum rules, members, standing items and forward plan in one save."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.widgets import Checkbox, Input, Label, Select, TextArea

from models import records
from models.records import BodyDetail
from models.rules.vocab import MONTH_NAMES
from models.rules.vocab import ROLES
from models.views import ROLE_LABELS
from tui.forms.base import RecordForm
from tui.widgets.form_field import FormField

CADENCE_FIELDS = ("frequency", "months", "weekday", "week", "day", "time", "duration_minutes", "location")
WHOLE_NUMBERS = ("week", "day", "duration_minutes", "term_months", "statutory_partners", "members")


def _shown(value: object) -> str:
    """A stored rule value as the user types it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(MONTH_NAMES[v - 1][:3] if isinstance(v, int) and 1 <= v <= 12 else str(v) for v in value)
    return str(value)


def _typed(key: str, text: str) -> object:
    """What the user typed, as the rule parsers expect it."""
    text = text.strip()
    if key == "months":
        return [m.strip() for m in text.replace(";", ",").split(",") if m.strip()]
    if key in WHOLE_NUMBERS and text.lstrip("-").isdigit():
        return int(text)
    return text


class BodyForm(RecordForm[int]):
    """Dismisses with the body's id once saved."""

    def __init__(self, detail: BodyDetail) -> None:
        super().__init__()
        self.detail = detail
        self.heading = f"Edit {detail.name}"

    def fields(self) -> Iterable[Any]:
        cadence: Mapping[str, Any] = self.detail.cadence_table or {}
        chair: Mapping[str, Any] = self.detail.chair_table or {}
        quorum: Mapping[str, Any] = self.detail.quorum_table or {}
        yield Label("The body", classes="form-section")
        yield FormField("name", "Name", Input(self.detail.name))
        yield FormField("reports_to", "Reports to", Input(self.detail.reports_to or "",
                                                          placeholder="a body's name; blank for top level"))
        yield FormField("quorum.statutory_partners", "Quorum: statutory partners present",
                        Input(_shown(quorum.get("statutory_partners")), placeholder='"all", a number, or blank'))
        yield FormField("quorum.members", "Quorum: voting members present", Input(_shown(quorum.get("members")),
                                                                                placeholder="a number, or blank"))
        yield Label("Cadence (leave frequency blank for no regular meetings)", classes="form-section")
        yield FormField("cadence.frequency", "Frequency", Input(_shown(cadence.get("frequency")),
                                                              placeholder="quarterly, monthly, every-6-weeks …"))
        yield FormField("cadence.months", "Months", Input(_shown(cadence.get("months")), placeholder="Jan, Apr, Jul, Oct"))
        yield FormField("cadence.weekday", "Weekday", Input(_shown(cadence.get("weekday")), placeholder="Tuesday"))
        yield FormField("cadence.week", "Week of the month", Input(_shown(cadence.get("week")), placeholder="1 to 4, or -1 for the last"))
        yield FormField("cadence.day", "Or day of the month", Input(_shown(cadence.get("day")), placeholder="15"))
        yield FormField("cadence.time", "Time", Input(_shown(cadence.get("time")), placeholder="10:00"))
        yield FormField("cadence.duration_minutes", "Minutes long", Input(_shown(cadence.get("duration_minutes")),
                                                                         placeholder="120"))
        yield FormField("cadence.location", "Location", Input(_shown(cadence.get("location"))))
        yield FormField("cadence.avoid_bank_holidays", "Bank holidays", Checkbox(
            "Move a meeting off bank holidays", bool(cadence.get("avoid_bank_holidays", False))))
        yield Label("Chair: a named person, or a rotation among organisations", classes="form-section")
        yield FormField("chair.person", "Chair (a person)", Input(_shown(chair.get("person"))))
        yield FormField("chair.rotation", "Or rotation: organisations in turn, one a line",
                        TextArea("\n".join(chair.get("rotation", []))))
        yield FormField("chair.term_months", "Term in months", Input(_shown(chair.get("term_months")), placeholder="18"))
        yield FormField("chair.starts", "Rotation starts", Input(_shown(chair.get("starts")), placeholder="YYYY-MM-DD"))
        yield FormField("chair.from_role", "Chair is whoever holds", Select(
            [(ROLE_LABELS.get(r, r), r) for r in ROLES], value=chair.get("from_role", "delegated_safeguarding_partner"),
            allow_blank=False))
        yield Label("Members and standing items", classes="form-section")
        yield FormField("members", "Members, one a line", TextArea("\n".join(self.detail.member_lines)),
                        hint="role [@ organisation] | capacity | voting or non-voting — or a person's name instead of a role")
        yield FormField("standing_items", "Standing items, one a line, in agenda order",
                        TextArea("\n".join(self.detail.standing_items)))
        yield FormField("forward_plan", "Forward plan, one item a line", TextArea("\n".join(self.detail.plan_lines)),
                        hint="title | month, month every year, or YYYY-MM-DD — delete a line to remove the item")

    def _cadence(self, values: Mapping[str, Any]) -> dict[str, Any] | None:
        if not values["cadence.frequency"].strip():
            return None
        kept = {k: v for k, v in (self.detail.cadence_table or {}).items()
                if k not in CADENCE_FIELDS and k != "avoid_bank_holidays"}
        typed = {k: _typed(k, values[f"cadence.{k}"]) for k in CADENCE_FIELDS if values[f"cadence.{k}"].strip()}
        return {**kept, **typed, "avoid_bank_holidays": bool(values["cadence.avoid_bank_holidays"])}

    @staticmethod
    def _chair(values: Mapping[str, Any]) -> dict[str, Any] | None:
        person = values["chair.person"].strip()
        rotation = [line.strip() for line in values["chair.rotation"].splitlines() if line.strip()]
        if not person and not rotation:
            return None
        chair: dict[str, Any] = {}
        if person:
            chair["person"] = person
        if rotation:
            chair.update(rotation=rotation, from_role=values["chair.from_role"])
            if values["chair.term_months"].strip():
                chair["term_months"] = _typed("term_months", values["chair.term_months"])
        if values["chair.starts"].strip():
            chair["starts"] = values["chair.starts"].strip()
        return chair

    @staticmethod
    def _quorum(values: Mapping[str, Any]) -> dict[str, Any] | None:
        quorum = {k: _typed(k, values[f"quorum.{k}"]) for k in ("statutory_partners", "members")
                  if values[f"quorum.{k}"].strip()}
        return quorum or None

    def submit(self, values: dict[str, Any]) -> int:
        records.update_body(
            self.app.engine, self.detail.id, self.detail.version,  # type: ignore[attr-defined]
            cadence=self._cadence(values), chair=self._chair(values),
            members=values["members"].splitlines(), standing_items=values["standing_items"].splitlines(),
            name=values["name"], reports_to=values["reports_to"], quorum=self._quorum(values),
            forward_plan=values["forward_plan"].splitlines(),
        )
        return self.detail.id
