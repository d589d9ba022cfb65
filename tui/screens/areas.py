"""The six areas' screens, made when an area is first shown.

The dashboard's module imports no models at import time (it reads in its
workers), so the first frame does not wait for the database stack. The other
areas import models at the top of their modules: :func:`area_screen` loads the
database stack first (``tui.data.load_database_stack``), and once the dashboard
is read, :func:`import_areas` imports every area's screen in the dashboard's
worker, so that the first visit to an area composes it at once. One thread at a
time imports them (a lock), for the reason the database stack has one: two
threads importing the same modules can see one half-initialised.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import Any

from textual import events
from textual.message import Message
from textual.screen import Screen

from tui.data import load_database_stack

# area -> (module, screen class)
AREA_SCREENS = {
    "dashboard": ("tui.screens.dashboard", "DashboardScreen"),
    "roster": ("tui.screens.roster", "RosterScreen"),
    "structure": ("tui.screens.structure", "StructureScreen"),
    "meetings": ("tui.screens.meetings", "MeetingsScreen"),
    "actions": ("tui.screens.actions", "ActionsScreen"),
    "clock": ("tui.screens.deadlines", "DeadlinesScreen"),
}

_IMPORTING = threading.Lock()


def area_screen(area: str) -> Callable[[], Screen[Any]]:
    """The function that makes ``area``'s screen (a Textual mode's base screen)."""
    module, name = AREA_SCREENS[area]

    def make() -> Screen[Any]:
        if area != "dashboard":
            load_database_stack()
        with _IMPORTING:  # (imported already, or being imported by import_areas)
            screen_class = getattr(importlib.import_module(module), name)
        return fresh(screen_class())

    return make


def fresh(screen: Screen[Any]) -> Screen[Any]:
    """``screen``, marked as styled with the app's CSS as it stands.

    A mode's new screen is styled as it mounts. Textual would first restyle every
    node of every screen already open (App.refresh_css, for a screen whose CSS is
    older than a theme change), and then restyle every node of the new screen twice
    more, once for each of the two ScreenResume events it posts to a mode's new
    screen before that screen has even composed. A screen made now has nothing
    older to catch up on: those resumes keep everything else they do (focus,
    layout) without the restyle. Resumes after it is mounted (coming back to the
    area) and a later theme change still restyle it.
    """
    if hasattr(screen, "_css_update_count"):
        screen._css_update_count = screen.app._css_update_count
    post_message = screen.post_message

    def post_before_mounted(message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and not screen.is_mounted:
            message.refresh_styles = False
        return post_message(message)

    screen.post_message = post_before_mounted  # type: ignore[method-assign]
    return screen


def import_areas() -> None:
    """Import the database stack and every area's screen, once (from a worker)."""
    load_database_stack()
    with _IMPORTING:
        for module, _ in AREA_SCREENS.values():
            importlib.import_module(module)
