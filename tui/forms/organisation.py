"""Adding or editing an organisation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import Checkbox, Input, Select

from models import records
from models.records import OrganisationRow
from models.rules.vocab import ORG_KINDS
from tui.forms.base import RecordForm
from tui.widgets.form_field import FormField

KIND_LABELS = {
    "local_authority": "Local authority", "health": "Health (ICB)", "police": "Police",
    "education": "Education", "relevant_agency": "Relevant agency", "independent": "Independent",
}


class OrganisationForm(RecordForm[int]):
    """Dismisses with the organisation's id once saved."""

    def __init__(self, organisation: OrganisationRow | None = None) -> None:
        super().__init__()
        self.organisation = organisation
        self.heading = f"Edit {organisation.name}" if organisation else "New organisation"

    def fields(self) -> Iterable[FormField]:
        o = self.organisation
        yield FormField("name", "Name", Input(o.name if o else ""))
        yield FormField("short_name", "Short name", Input((o.short_name or "") if o else "", placeholder="e.g. ICB"))
        yield FormField("kind", "Kind", Select([(KIND_LABELS.get(k, k), k) for k in ORG_KINDS],
                                               value=o.kind if o else "relevant_agency", allow_blank=False))
        yield FormField("statutory", "Statutory partner", Checkbox("Statutory safeguarding partner",
                                                                   o.statutory if o else False))
        yield FormField("category", "Relevant-agency category", Input(
            (o.category or "") if o else "", placeholder="e.g. Health and Social Care"))

    def submit(self, values: dict[str, Any]) -> int:
        engine = self.app.engine  # type: ignore[attr-defined]
        if self.organisation is None:
            return records.create_organisation(engine, **values)
        records.update_organisation(engine, self.organisation.id, self.organisation.version, **values)
        return self.organisation.id
