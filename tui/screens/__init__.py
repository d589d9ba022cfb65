"""The app's screens: the five areas, help, and the dialogs they open."""

from __future__ import annotations

from typing import Any


def keyed_classes() -> list[type[Any]]:
    """Every screen and form class that declares keys (to check a key map's binding ids)."""
    from tui.forms.base import RecordForm
    from tui.forms.confirm import ConfirmDiscard
    from tui.forms.roster_date import RosterDateForm
    from tui.screens.actions import ActionsScreen
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.deadlines import DeadlinesScreen
    from tui.screens.export_form import ConfirmDialog, ExportForm
    from tui.screens.help import HelpScreen
    from tui.screens.meetings import MeetingsScreen
    from tui.screens.roster import RosterScreen
    from tui.screens.structure import StructureScreen
    from tui.screens.yearly_report import YearlyReportScreen

    return [DashboardScreen, RosterScreen, StructureScreen, MeetingsScreen, ActionsScreen, DeadlinesScreen,
            YearlyReportScreen, HelpScreen,
            ExportForm, ConfirmDialog, RecordForm, ConfirmDiscard, RosterDateForm]
