"""The progress reporting shared by long commands: a bar on a terminal, silence otherwise."""

import io

from models.progress import every, report
from tui.cli.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_terminal_means_no_output():
    out = io.StringIO()
    with progress_bar("Loading", stream=out) as progress:
        for done in range(1, 11):
            progress(done, 10)
    assert out.getvalue() == ""


def test_terminal_shows_a_bar_with_the_label_and_count():
    out = Terminal()
    with progress_bar("Loading meetings", stream=out) as progress:
        progress(5, 10)
    text = out.getvalue()
    assert "Loading meetings" in text
    assert "5/10" in text or "10/10" in text


def test_every_reports_about_each_percent_and_always_the_end():
    seen = []
    tick = every(lambda done, total: seen.append((done, total)), total=250)
    for done in range(1, 251):
        tick(done)
    assert seen[-1] == (250, 250)
    assert 90 <= len(seen) <= 130
    report(None, 1, 2)  # nobody watching is fine
    quiet = every(None, 10)
    quiet(10)
