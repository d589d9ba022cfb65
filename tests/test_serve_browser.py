"""`convenor serve` in a real browser: Debian's chromium driven by Selenium through chromedriver.

The page draws the terminal with xterm.js on a canvas, so the tests read what
it shows from xterm's own screen buffer (the text xterm has drawn, row by row):
a script added before the page loads keeps a reference to the page's terminal.

Skipped when chromium, chromedriver or Selenium are missing. Screenshots are
saved under the test's tmp_path/artifacts and copied to $CONVENOR_ARTIFACTS
when it is set.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from tests.test_serve import DEMO_NAME, free_port, start_server, stop_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    import selenium  # noqa: F401
except ImportError:  # pragma: no cover - the test extra installs it
    SELENIUM = False
else:
    SELENIUM = True

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER and SELENIUM),
                       reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
                              "chromium-driver) and selenium (the test extra)"),
]

WAIT = 45  # seconds for anything to show on the page

# Runs before the page's own script: when textual.js stores its xterm Terminal
# (`this.terminal = new Terminal(...)`), keep it where the test can read it.
KEEP_TERMINAL = """
window.__convenorTerminals = [];
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.options) window.__convenorTerminals.push(value);
  },
});
"""

SCREEN_TEXT = """
const t = window.__convenorTerminals && window.__convenorTerminals[0];
if (!t) return '';
const b = t.buffer.active, rows = [];
for (let i = 0; i < t.rows; i++) {
  const line = b.getLine(b.viewportY + i);
  rows.push(line ? line.translateToString(true) : '');
}
return rows.join('\\n');
"""

CELL_BOX = """
const t = window.__convenorTerminals[0];
const r = t.element.querySelector('.xterm-screen').getBoundingClientRect();
return [r.x, r.y, r.width / t.cols, r.height / t.rows];
"""


class Page:
    """The served app in one browser tab: read the screen, press keys, click cells."""

    def __init__(self, driver, artifacts: Path):
        self.driver = driver
        self.artifacts = artifacts

    def text(self) -> str:
        return self.driver.execute_script(SCREEN_TEXT) or ""

    def wait_for(self, *needles: str, absent: tuple[str, ...] = (), seconds: float = WAIT) -> str:
        deadline = time.monotonic() + seconds
        while True:
            shown = self.text()
            if all(n in shown for n in needles) and not any(a in shown for a in absent):
                return shown
            if time.monotonic() > deadline:
                self.screenshot("timed-out")
                raise AssertionError(f"after {seconds} s the page does not show {needles} (or still shows "
                                     f"{absent}); it shows:\n{shown}")
            time.sleep(0.05)

    def press(self, *keys: str) -> None:
        area = self.driver.find_element("css selector", ".xterm-helper-textarea")
        for key in keys:
            area.send_keys(key)
            time.sleep(0.05)  # keys reach the app in order; the test then waits for what they show

    def click(self, words: str, offset: int = 0) -> None:
        """Click the first place on screen showing ``words`` (``offset`` cells in)."""
        for row, line in enumerate(self.text().split("\n")):
            column = line.find(words)
            if column >= 0:
                break
        else:
            raise AssertionError(f"nothing on screen says {words!r}:\n{self.text()}")
        x0, y0, width, height = self.driver.execute_script(CELL_BOX)
        x, y = x0 + (column + offset + 0.5) * width, y0 + (row + 0.5) * height
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {
                "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def click_until(self, words: str, *needles: str, offset: int = 0, tries: int = 4) -> str:
        """Click ``words`` until the page shows ``needles``.

        On a busy machine the first click can land while the footer is still
        being laid out for the new screen; a person would simply click again.
        """
        for attempt in range(1, tries + 1):
            self.click(words, offset)
            try:
                return self.wait_for(*needles, seconds=WAIT if attempt == tries else WAIT / tries)
            except AssertionError:
                if attempt == tries:
                    raise
        raise AssertionError("unreachable")

    def screenshot(self, name: str) -> Path:
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"{name}.png"
        self.driver.save_screenshot(str(path))
        if os.environ.get("CONVENOR_ARTIFACTS"):
            target = Path(os.environ["CONVENOR_ARTIFACTS"])
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / f"browser-{self.artifacts.parent.name}-{name}.png")
        return path


@pytest.fixture
def demo_url(db_url):
    """The demo partnership, scheduled from today (the served app's today)."""
    from models.db import open_database
    from models.demo import prepare_demo

    engine = open_database(db_url)
    prepare_demo(engine, today=date.today())
    engine.dispose()
    return db_url


@pytest.fixture
def served(demo_url, tmp_path):
    """`convenor serve` on a free loopback port; stopped (with its apps) whatever happens."""
    port = free_port()
    server = start_server(demo_url, port, tmp_path)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop_server(server)


@pytest.fixture
def page(served, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                     "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(argument)
    service = Service(CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_page_load_timeout(WAIT)
        driver.set_script_timeout(WAIT)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINAL})
        driver.get(served)
        yield Page(driver, tmp_path / "artifacts")
    finally:
        driver.quit()
        service.stop()
        if service.process is not None and service.process.poll() is None:  # pragma: no cover
            service.process.kill()
            service.process.wait(timeout=10)


def _upcoming_meeting(url: str) -> tuple[str, str]:
    from sqlmodel import Session

    from models.db import open_database
    from models.listings import meeting_rows

    engine = open_database(url)
    with Session(engine) as session:
        row = next(r for r in meeting_rows(session, start=date.today()) if r["status"] != "cancelled")
    engine.dispose()
    day = date.fromisoformat(row["date"])
    return row["body"], f"{day.day} {day:%b %Y}"


def _outstanding_actions(url: str) -> list[str]:
    from sqlmodel import Session

    from models.db import open_database
    from models.queries import action_rows

    engine = open_database(url)
    with Session(engine) as session:
        rows = [r for r in action_rows(session) if r.status in ("open", "in_progress")]
    engine.dispose()
    return [r.reference for r in rows[:6]]


@pytest.mark.slow
def test_dashboard_then_action_log_in_the_browser(page, demo_url):

    body, day = _upcoming_meeting(demo_url)
    page.wait_for(DEMO_NAME, "Upcoming meetings", body, day)
    page.screenshot("dashboard")

    page.press("a")
    references = _outstanding_actions(demo_url)
    assert len(references) >= 3
    page.wait_for("Actions", "Reference", *references)
    page.screenshot("actions")

    # The footer and the tabs answer clicks as in a terminal.
    page.click_until("r Roster", "Statutory partners on", "Lead Safeguarding Partner", offset=2)
    page.click_until("People  Appointments", "Job title", "Aidan Roche", offset=2)
    page.screenshot("roster-people")


def _person(url: str, name: str):
    """The one person called ``name`` (fails if there is none)."""
    from sqlmodel import Session, select

    from models.db import open_database
    from models.tables import Person

    engine = open_database(url)
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
    engine.dispose()
    return person


def _update_person(url: str, who: str, **values) -> None:
    from models.db import open_database
    from models.records import update_person

    person = _person(url, who)
    engine = open_database(url)
    try:
        assert update_person(engine, person.id, person.version, **values)
    finally:
        engine.dispose()


def _open_people(page: Page) -> None:
    """The Roster's People tab, with the first person highlighted."""
    page.wait_for("Upcoming meetings")
    page.press("r")
    page.wait_for("Statutory partners on")
    page.press("3")
    page.wait_for("Job title")


@pytest.mark.slow
def test_changes_from_the_terminal_show_and_a_stale_save_is_refused(page, demo_url):
    from selenium.webdriver.common.keys import Keys

    _open_people(page)
    page.wait_for("Aidan Roche ")

    _update_person(demo_url, "Aidan Roche", name="Aidan Roachford")  # saved "in the terminal"
    page.driver.refresh()
    _open_people(page)
    page.wait_for("Aidan Roachford", absent=("Aidan Roche ",))
    page.screenshot("after-refresh")

    page.press("e")  # edit the highlighted (first) person
    page.wait_for("Edit Aidan Roachford", "Save (ctrl+s)")
    _update_person(demo_url, "Aidan Roachford", title="Head of Exploitation and Missing Children")
    page.press(Keys.END, " Jr", Keys.CONTROL + "s")
    page.wait_for("Someone else (test-officer) saved a change", "while you were editing", "nothing was saved")
    page.screenshot("stale-save-refused")

    person = _person(demo_url, "Aidan Roachford")  # the browser's text was not saved over it
    assert person.title == "Head of Exploitation and Missing Children"
    assert "Aidan Roachford Jr" in page.text()  # and the browser kept what was typed
