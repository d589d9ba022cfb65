"""The Roster screen: who holds each role on a date, and the organisations, people and appointments behind it.

Tabs: the roster on a date (lead and delegated safeguarding partners for
each statutory partner side by side, gaps highlighted), then tables of
organisations, people and appointments. Forms open over the screen; every
save is one transaction in a worker, and the tables are read again after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Static, TabbedContent, TabPane

from models.db import DatabaseError
from models.formats import long_date
from models.queries import roster_for
from models.roster_views import RosterTables, roster_tables
from models.rules.roster import Roster
from models.text import visible
from models.views import ROLE_LABELS
from tui.widgets.measured_table import MeasuredTable
from tui.data import Notice, deliver, reading, sentence, today_of
from tui.forms.appointment import AppointmentForm
from tui.forms.end_appointment import EndAppointmentForm
from tui.forms.organisation import KIND_LABELS, OrganisationForm
from tui.forms.person import PersonForm
from tui.forms.roster_date import RosterDateForm
from tui.screens.roster_tools import RosterTools
from tui.widgets.key_footer import KeyFooter

TABS = ("roster-on-date", "organisations", "people", "appointments")


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " "))


@dataclass(frozen=True)
class RosterData:
    """What one read gives the screen."""

    day: date
    roster: Roster
    tables: RosterTables


class RosterScreen(RosterTools):
    """Organisations, people, appointments and the LSP/DSP roster on any date."""

    SUB_TITLE = "Roster"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"roster--gap", "roster--ended"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_tab('roster-on-date')", "On date", id="roster.tab.date",
                tooltip="The lead and delegated safeguarding partners on the chosen date"),
        Binding("2", "show_tab('organisations')", "Organisations", id="roster.tab.organisations",
                tooltip="Every organisation, statutory partners first"),
        Binding("3", "show_tab('people')", "People", id="roster.tab.people", tooltip="Everyone in the partnership"),
        Binding("4", "show_tab('appointments')", "Appointments", id="roster.tab.appointments",
                tooltip="Who held which role, from when to when"),
        Binding("t", "pick_date", "Date", id="roster.date", tooltip="Show the roster on another date"),
        Binding("n", "new", "New", id="roster.new",
                tooltip="Add an organisation, person or appointment (whichever table is shown)"),
        Binding("e", "edit", "Edit", id="roster.edit", tooltip="Edit the highlighted row"),
        Binding("x", "end", "End appointment", id="roster.end",
                tooltip="End the highlighted appointment and appoint a successor"),
        Binding("f5", "refresh", "Refresh", id="roster.refresh", tooltip="Read the roster again from the database"),
    ]

    class Loaded(Message):
        """A worker read the roster and tables."""

        def __init__(self, data: RosterData) -> None:
            super().__init__()
            self.data = data

    class Failed(Notice):
        """A worker could not read the database."""

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.data: RosterData | None = None
        self._pending_person: str | None = None
        self.data_ready = False  # True once the first reading is on screen

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="roster-tabs"):
            with TabPane("Roster on date", id="roster-on-date"):
                with Vertical(id="roster-date-pane"):
                    yield Label("", id="roster-date-title", classes="section-title")
                    table: DataTable[Any] = MeasuredTable(id="roster-partners", cursor_type="row", zebra_stripes=True)
                    table.add_columns("Statutory partner", "Lead Safeguarding Partner", "Delegated Safeguarding Partner")
                    yield table
                    yield Static("", id="roster-gaps")
                    yield Label("Other roles", classes="section-title")
                    others: DataTable[Any] = MeasuredTable(id="roster-others", cursor_type="row", zebra_stripes=True)
                    others.add_columns("Role", "Person", "Organisation")
                    yield others
            with TabPane("Organisations", id="organisations"):
                orgs: DataTable[Any] = MeasuredTable(id="organisations-table", cursor_type="row", zebra_stripes=True)
                orgs.add_columns("Organisation", "Short", "Kind", "Statutory", "Category")
                yield orgs
            with TabPane("People", id="people"):
                people: DataTable[Any] = MeasuredTable(id="people-table", cursor_type="row", zebra_stripes=True)
                people.add_columns("Name", "Job title", "Organisation", "E-mail")
                yield people
            with TabPane("Appointments", id="appointments"):
                appointments: DataTable[Any] = MeasuredTable(id="appointments-table", cursor_type="row", zebra_stripes=True)
                appointments.add_columns("Person", "Role", "For", "From", "To")
                yield appointments
        yield Static("", id="roster-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.day = today_of(self.app)
        self.query_one("#roster-partners", DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        """Read again when coming back from another area (others may have changed things)."""
        if self.data is not None:
            self.load()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the roster on the chosen date and every table."""
        day = self.day or today_of(self.app)
        try:
            with reading(self.app) as session:
                data = RosterData(day, roster_for(session, day), roster_tables(session))
        except DatabaseError as exc:
            deliver(self, self.Failed(f"The roster could not be read. {sentence(exc)}"))
            return
        deliver(self, self.Loaded(data))

    def on_roster_screen_failed(self, message: Failed) -> None:
        self.query_one("#roster-status", Static).update(message.text)

    def on_roster_screen_loaded(self, message: Loaded) -> None:
        self.data = message.data
        self._fill_roster(message.data.roster)
        self._fill_tables(message.data.tables)
        if self._pending_person:
            self.show_person(self._pending_person)
        self.data_ready = True

    def _fill_roster(self, roster: Roster) -> None:
        gap = self.get_component_rich_style("roster--gap", partial=True)
        v = visible
        self.query_one("#roster-date-title", Label).update(f"Statutory partners on {long_date(roster.date)}")
        partners = self.query_one("#roster-partners", DataTable)
        partners.clear()
        for row in roster.statutory_partners:
            partners.add_row(v(row.organisation),
                             v(row.lead) if row.lead else Text("— no LSP (gap) —", style=gap),
                             v(row.delegated) if row.delegated else Text("— no DSP (gap) —", style=gap),
                             key=row.organisation)
        notes = [f"{v(g.organisation)} has no {role_label(g.role)}." for g in roster.gaps]
        notes += [f"{', '.join(v(p) for p in o.people)} all hold {role_label(o.role)}"
                  f"{' for ' + v(o.organisation) if o.organisation else ''} at once." for o in roster.overlaps]
        gaps = self.query_one("#roster-gaps", Static)
        gaps.update(Text(" ".join(notes), style=gap) if notes else "No gaps: every statutory partner has an LSP and a DSP.")
        gaps.set_class(bool(notes), "-gaps")
        others = self.query_one("#roster-others", DataTable)
        others.clear()
        for i, r in enumerate(roster.other_roles):
            others.add_row(role_label(r.role), v(r.person), v(r.organisation or "partnership-wide"), key=str(i))
        self.call_after_refresh(others.refresh, layout=True)

    def _fill_tables(self, tables: RosterTables) -> None:
        v = visible
        ended = self.get_component_rich_style("roster--ended", partial=True)
        orgs = self._refill("#organisations-table")
        for o in tables.organisations:
            orgs.add_row(v(o.name), v(o.short_name or ""), KIND_LABELS.get(o.kind, o.kind),
                         "yes" if o.statutory else "", v(o.category or ""), key=str(o.id))
        people = self._refill("#people-table")
        for p in tables.people:
            people.add_row(v(p.name), v(p.title or ""), v(p.organisation or ""), v(p.email or ""), key=str(p.id))
        appointments = self._refill("#appointments-table")
        today = today_of(self.app)
        for a in tables.appointments:
            over = a.end is not None and a.end < today
            cells = (v(a.person), role_label(a.role), v(a.organisation or "partnership-wide"), a.start.isoformat(),
                     a.end.isoformat() if a.end else "")
            appointments.add_row(*(Text(c, style=ended) for c in cells) if over else cells, key=str(a.id))
        for table_id in ("#organisations-table", "#people-table", "#appointments-table"):
            table = self.query_one(table_id, DataTable)
            saved = getattr(table, "_roster_row", 0)
            if table.row_count:
                table.move_cursor(row=min(saved, table.row_count - 1))

    def _refill(self, selector: str) -> DataTable[Any]:
        table = self.query_one(selector, DataTable)
        table._roster_row = table.cursor_row  # type: ignore[attr-defined]
        table.clear()
        return table

    # ------------------------------------------------------------ moving about

    @property
    def tab(self) -> str:
        return self.query_one("#roster-tabs", TabbedContent).active

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end":
            return self.tab == "appointments"
        if action in ("new", "edit"):
            return self.tab != "roster-on-date"
        return True

    def action_show_tab(self, tab: str) -> None:
        self.show_tab(tab)

    def show_tab(self, tab: str) -> None:
        """Show one of the tabs ("roster-on-date", "organisations", "people", "appointments")."""
        self.query_one("#roster-tabs", TabbedContent).active = tab
        table_id = {"roster-on-date": "#roster-partners"}.get(tab, f"#{tab}-table")
        self.query_one(table_id, DataTable).focus()

    def show_person(self, name: str) -> None:
        """Show the People tab with ``name`` highlighted."""
        self.show_tab("people")
        if self.data is None:
            self._pending_person = name
            return
        self._pending_person = None
        table = self.query_one("#people-table", DataTable)
        for index, person in enumerate(self.data.tables.people):
            if person.name == name:
                table.move_cursor(row=index)

    def _selected(self, table_id: str, rows: list[Any]) -> Any | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((r for r in rows if str(r.id) == key), None)

    # ------------------------------------------------------------ actions

    def action_refresh(self) -> None:
        self.load()

    def action_pick_date(self) -> None:
        def chosen(day: date | None) -> None:
            if day is not None:
                self.day = day
                self.show_tab("roster-on-date")
                self.load()

        self.app.push_screen(RosterDateForm(self.day or today_of(self.app)), chosen)

    def _after_save(self, what: str) -> Any:
        def saved(result: object) -> None:
            if result is not None:
                self.query_one("#roster-status", Static).update(f"Saved {visible(what)}.")
                self.load()

        return saved

    def action_new(self) -> None:
        if self.data is None:
            return
        tables, tab = self.data.tables, self.tab
        orgs = [o.name for o in tables.organisations]
        if tab == "organisations":
            self.app.push_screen(OrganisationForm(), self._after_save("the organisation"))
        elif tab == "people":
            self.app.push_screen(PersonForm(orgs), self._after_save("the person"))
        elif tab == "appointments":
            self.app.push_screen(AppointmentForm([p.name for p in tables.people], orgs),
                                 self._after_save("the appointment"))

    def action_edit(self) -> None:
        if self.data is None:
            return
        tables, tab = self.data.tables, self.tab
        orgs = [o.name for o in tables.organisations]
        if tab == "organisations" and (org := self._selected("#organisations-table", tables.organisations)):
            self.app.push_screen(OrganisationForm(org), self._after_save(org.name))
        elif tab == "people" and (person := self._selected("#people-table", tables.people)):
            self.app.push_screen(PersonForm(orgs, person), self._after_save(person.name))
        elif tab == "appointments" and (a := self._selected("#appointments-table", tables.appointments)):
            self.app.push_screen(AppointmentForm([p.name for p in tables.people], orgs, a),
                                 self._after_save("the appointment"))

    def action_end(self) -> None:
        if self.data is None:
            return
        appointment = self._selected("#appointments-table", self.data.tables.appointments)
        if appointment is not None:
            people = [p.name for p in self.data.tables.people]
            self.app.push_screen(EndAppointmentForm(appointment, people, today_of(self.app)),
                                 self._after_save("the end of the appointment"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id in ("organisations-table", "people-table", "appointments-table"):
            event.stop()
            self.action_edit()
