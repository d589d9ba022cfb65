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


# ----------------------------------------------------------------- the commands that show a bar

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from tui.cli import main  # noqa: E402

EXAMPLE = Path(__file__).parent / "data" / "northmoor.toml"


def _run(monkeypatch, capsys, engine, *args: str, terminal: bool) -> tuple[int, str]:
    """Run ``convenor`` with stdout a pipe (capsys) or a fake terminal; (exit status, what stdout got)."""
    url = engine.url.render_as_string(hide_password=False)
    if terminal:
        screen = Terminal()
        monkeypatch.setattr(sys, "stdout", screen)
        code = main([*args, "--db", url])
        monkeypatch.undo()
        return code, screen.getvalue()
    code = main([*args, "--db", url])
    return code, capsys.readouterr().out


def test_load_through_a_pipe_prints_only_its_summary(engine, monkeypatch, capsys):
    code, out = _run(monkeypatch, capsys, engine, "load", str(EXAMPLE), terminal=False)
    assert code == 0
    assert out.startswith("Loaded ") and out.count("\n") == 1  # one line, no bar, no control codes
    assert "\x1b" not in out


def test_load_on_a_terminal_shows_a_bar_named_after_the_file(engine, monkeypatch, capsys):
    code, out = _run(monkeypatch, capsys, engine, "load", str(EXAMPLE), terminal=True)
    assert code == 0
    assert f"Loading {EXAMPLE.name}" in out
    assert "Loaded " in out


def test_schedule_json_through_a_pipe_is_only_json_and_a_terminal_sees_the_bar(loaded, monkeypatch, capsys):
    import json

    code, out = _run(monkeypatch, capsys, loaded, "schedule", "--from", "2026-01-01", "--to", "2026-12-31",
                     "--json", terminal=False)
    assert code == 0 and json.loads(out)
    code, out = _run(monkeypatch, capsys, loaded, "schedule", "--from", "2027-01-01", "--to", "2027-12-31",
                     terminal=True)
    assert code == 0 and "Scheduling meetings" in out


def test_action_log_export_shows_a_bar_only_on_a_terminal(loaded, monkeypatch, capsys, tmp_path):
    code, out = _run(monkeypatch, capsys, loaded, "export", "actions", "-o", str(tmp_path / "log.csv"),
                     terminal=False)
    assert code == 0 and out == f"Wrote {tmp_path / 'log.csv'}\n"
    code, out = _run(monkeypatch, capsys, loaded, "export", "actions", "-o", str(tmp_path / "log.docx"),
                     terminal=True)
    assert code == 0 and "Exporting the action log" in out and (tmp_path / "log.docx").exists()


def test_yearly_report_shows_a_bar_only_on_a_terminal(loaded, monkeypatch, capsys, tmp_path):
    out_file = tmp_path / "report.docx"
    code, out = _run(monkeypatch, capsys, loaded, "export", "yearly-report", "--from", "2025-04-01",
                     "--to", "2026-03-31", "-o", str(out_file), terminal=False)
    assert code == 0 and "Writing the yearly report" not in out and out.startswith(f"Wrote {out_file}")
    code, out = _run(monkeypatch, capsys, loaded, "export", "yearly-report", "--from", "2025-04-01",
                     "--to", "2026-03-31", "-o", str(out_file), terminal=True)
    assert code == 0 and "Writing the yearly report" in out


def test_highlight_report_shows_a_bar_only_on_a_terminal(loaded, monkeypatch, capsys, tmp_path):
    out_file = tmp_path / "highlight.docx"
    args = ("export", "highlight", "--body", "Executive Group", "--from", "2026-01-01", "--to", "2026-06-30",
            "-o", str(out_file))
    code, out = _run(monkeypatch, capsys, loaded, *args, terminal=False)
    assert code == 0 and out == f"Wrote {out_file}\n"
    code, out = _run(monkeypatch, capsys, loaded, *args, terminal=True)
    assert code == 0 and "Writing the highlight report" in out
