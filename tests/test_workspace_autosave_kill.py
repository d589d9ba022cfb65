"""Nothing typed into a minute is lost when the terminal dies: the app runs in a real
terminal (tmux), a minute is typed, the process is killed with SIGKILL, and the text
is found when the meeting is opened again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlmodel import Session, select
from textual.widgets import TextArea

from models.db import open_database, session_scope
from models.meetings.agenda import build_agenda
from models.meetings.calendar import create_meeting
from models.tables import AgendaItem
from tests.conftest import sqlite_only
from tests.tui_support import TODAY, settle
from tui.app import ConvenorApp
from tui.screens.workspace import WorkspaceScreen

ROOT = Path(__file__).resolve().parent.parent
TYPED = "Members agreed the neglect audit plan before the crash"
LAUNCH = """
import sys
from datetime import date
from pathlib import Path
from tui.app import ConvenorApp
from tui.screens.workspace import WorkspaceScreen

class Opened(ConvenorApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.push_screen, WorkspaceScreen(int(sys.argv[2])))

Opened(url=sys.argv[1], today=date.fromisoformat(sys.argv[3])).run()
"""

pytestmark = [
    sqlite_only,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux to give the app a real terminal"),
]


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def _wait_for(session: str, words: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        shown = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True)
        if shown.returncode != 0:
            raise AssertionError(f"The app ended before {words!r} appeared.")
        screen = shown.stdout
        if words in screen:
            return
        time.sleep(0.2)
    raise AssertionError(f"{words!r} never appeared:\n{screen}")


def test_a_minute_typed_before_sigkill_is_there_after(demo_engine, tmp_path):
    with session_scope(demo_engine) as s:
        meeting = create_meeting(s, "Neglect Delivery Group", "2026-11-24", "10:00", "11:00", today=TODAY)
        build_agenda(s, meeting)
    path = Path(demo_engine.url.database)
    demo_engine.dispose()
    session = f"convenor-{uuid.uuid4().hex[:8]}"
    launch = tmp_path / "launch.py"
    launch.write_text(LAUNCH, encoding="utf-8")
    command = " ".join([f"cd {ROOT} &&", "exec", sys.executable, str(launch), str(path), str(meeting),
                        TODAY.isoformat()])
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-e", f"XDG_DATA_HOME={tmp_path}", command)
    try:
        _wait_for(session, "1 Agenda  2 Attendance")
        _wait_for(session, "Welcome and apologies")
        _tmux("send-keys", "-t", session, "3")
        _wait_for(session, "r Add resolution")  # the Minutes tab has the keyboard
        _tmux("send-keys", "-t", session, "Enter")
        time.sleep(0.5)
        _tmux("send-keys", "-t", session, "-l", TYPED)
        _wait_for(session, "Saved at")
        pid = int(_tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        os.kill(pid, signal.SIGKILL)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)

    engine = open_database(str(path))
    try:
        with Session(engine) as s:
            first = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting, AgendaItem.position == 1)).one()
            assert first.minute == TYPED
    finally:
        engine.dispose()


async def test_reopened_workspace_shows_the_saved_minute(demo_engine):
    """The other half of the crash test, in-process: a saved minute is in the editor when the workspace opens."""
    with session_scope(demo_engine) as s:
        meeting = create_meeting(s, "Neglect Delivery Group", "2026-11-24", "10:00", "11:00", today=TODAY)
        build_agenda(s, meeting)
        first = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting, AgendaItem.position == 1)).one()
        first.minute = TYPED
        s.add(first)
    app = ConvenorApp(demo_engine, demo=True, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(WorkspaceScreen(meeting))
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.query_one("#minutes-text", TextArea).text == TYPED
