"""The meeting workspace: one meeting's agenda, attendance, minutes and actions."""

from tui.screens.workspace.screen import WorkspaceScreen

__all__ = ["WorkspaceScreen"]
