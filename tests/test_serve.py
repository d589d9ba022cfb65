"""`convenor serve`: options, loopback by default, a taken port, and the database
reaching each browser's app untouched (through textual-serve's websocket, no browser)."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import POSTGRES
from tui.cli import main
from tui.cli import serve

DEMO_NAME = "Fellmouth and Brackwater Safeguarding Children Partnership"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def one_sentence(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text and "Error:" not in text
    return lines[0]


# ------------------------------------------------------------------ options


@pytest.mark.parametrize(("argv", "words"), [
    (["--port", "0"], '"0" is not a port number'),
    (["--port", "80a"], '"80a" is not a port number'),
    (["--port", "70000"], '"70000" is not a port number'),
    (["--host", "0.0.0.0"], "--allow-remote"),
    (["--host", ""], "--host needs an address"),
    (["--host", "no-such-host.invalid"], "is not an address or a name"),
    (["--public-url", "javascript:alert(1)"], "is not an http:// or https:// address"),
    (["--public-url", 'https://x.example/"><script>'], "is not an http:// or https:// address"),
])
def test_bad_options_exit_2_with_one_sentence(argv, words, tmp_path, capsys, monkeypatch):
    started = []
    monkeypatch.setattr(serve, "_make_server", lambda *a: started.append(a))
    database = tmp_path / "convenor.db"

    assert main(["serve", "--db", str(database), *argv]) == 2

    err = capsys.readouterr().err
    assert words in one_sentence(err)
    assert started == [] and not database.exists()  # nothing served, no database made


def test_a_taken_port_is_refused_before_anything_starts(tmp_path, capsys, monkeypatch):
    started = []
    monkeypatch.setattr(serve, "_make_server", lambda *a: started.append(a))
    database = tmp_path / "convenor.db"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        assert main(["serve", "--db", str(database), "--port", str(port)]) == 1

    out, err = capsys.readouterr()
    assert one_sentence(err) == (f"convenor: Port {port} on 127.0.0.1 is already in use; stop what is using it "
                                 "or choose another port with --port.")
    assert out == "" and started == [] and not database.exists()


class FakeServer:
    def __init__(self, page, host, port, origins):
        self.page, self.host, self.port, self.origins = page, host, port, origins
        self.database = None

    def serve(self):
        self.database = os.environ["CONVENOR_DB"]


@pytest.fixture
def fake_server(monkeypatch):
    made: list[FakeServer] = []
    monkeypatch.setattr(serve, "_make_server", lambda *a: made.append(FakeServer(*a)) or made[-1])
    return made


def test_loopback_by_default_on_the_same_database(db_url, fake_server, capsys):
    port = free_port()

    assert main(["serve", "--db", db_url, "--port", str(port)]) == 0

    [server] = fake_server
    assert (server.host, server.port, server.page) == ("127.0.0.1", port, f"http://127.0.0.1:{port}")
    assert server.database == db_url  # what each browser's `convenor` opens
    assert f"http://localhost:{port}" in server.origins and "http://evil.example" not in server.origins
    assert "warning" not in capsys.readouterr().err


def test_another_address_needs_allow_remote_and_warns(db_url, fake_server, capsys):
    port = free_port()

    assert main(["serve", "--db", db_url, "--host", "0.0.0.0", "--allow-remote", "--port", str(port),
                 "--public-url", "https://convenor.example.org/"]) == 0

    [server] = fake_server
    assert server.host == "0.0.0.0" and server.page == "https://convenor.example.org"
    assert server.origins == frozenset({"https://convenor.example.org"})
    err = capsys.readouterr().err
    assert "warning: serving on 0.0.0.0" in err and "personal data" in err


def test_an_unopenable_database_is_one_sentence(tmp_path, fake_server, capsys):
    (tmp_path / "not-a-database").write_text("hello " * 1000)

    assert main(["serve", "--db", str(tmp_path / "not-a-database"), "--port", str(free_port())]) == 1

    assert one_sentence(capsys.readouterr().err).startswith("convenor: Cannot open the database")
    assert fake_server == []


def test_the_served_command_is_this_convenor():
    command = serve.served_command()

    assert shlex.split(command) == [sys.executable, "-m", "tui.cli"]
    result = subprocess.run(f"{command} serve --help", shell=True, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "usage: convenor serve" in result.stdout


# ------------------------------------------------------------------ a real server, no browser


def start_server(url: str, port: int, cwd: Path) -> subprocess.Popen:
    log = open(cwd / "serve.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--db", url, "--port", str(port)],
                               cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError((cwd / "serve.log").read_text(errors="replace"))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise AssertionError("convenor serve did not start listening within 60 seconds")


def process_group_members(group: int) -> list[int]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _signal_group(group: int, number: int) -> None:
    try:
        os.killpg(group, number)
    except ProcessLookupError:
        pass


def stop_server(process: subprocess.Popen) -> tuple[int | None, list[int]]:
    """SIGTERM the server; its exit status and what was left of its process group
    (the apps it started) after 10 s. Whatever is left is then killed."""
    _signal_group(process.pid, signal.SIGTERM)
    try:
        status: int | None = process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        status = None
    deadline = time.monotonic() + 10
    while (left := process_group_members(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    _signal_group(process.pid, signal.SIGKILL)
    if status is None:
        process.wait(timeout=15)
    return status, left


async def screen_bytes(port: int, until: bytes, origin: str | None = None, seconds: float = 60) -> bytes:
    """What the app sends to a websocket client until ``until`` shows (or the time is up)."""
    import aiohttp

    headers = {"Origin": origin} if origin else {}
    seen = bytearray()

    async def read() -> None:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(f"http://127.0.0.1:{port}/ws?width=160&height=40", headers=headers) as ws:
                await ws.send_json(["resize", {"width": 160, "height": 40}])
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen.extend(message.data)
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        seen.extend(message.data.encode())
                    if until in seen:
                        return

    try:
        async with asyncio.timeout(seconds):
            await read()
    except TimeoutError:
        pass
    return bytes(seen)


@pytest.mark.skipif(bool(POSTGRES), reason="puts shell metacharacters in a SQLite file's path")
def test_the_database_reaches_each_app_untouched_by_the_shell(tmp_path):
    from models.db import open_database
    from models.demo import prepare_demo

    folder = tmp_path / "it's $(touch PWNED) `touch PWNED` ; \"q\" & x"
    folder.mkdir()
    engine = open_database(str(folder / "demo.db"))
    prepare_demo(engine)
    engine.dispose()
    port = free_port()
    server = start_server(str(folder / "demo.db"), port, tmp_path)
    try:
        shown = asyncio.run(screen_bytes(port, DEMO_NAME.encode()))
        assert DEMO_NAME.encode() in shown, (tmp_path / "serve.log").read_text(errors="replace")
        assert not list(tmp_path.rglob("PWNED")) and not Path("PWNED").exists()

        # Another site's page open in the same browser cannot drive the app.
        import aiohttp

        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            asyncio.run(screen_bytes(port, b"never", origin="http://evil.example"))
        assert refused.value.status == 403
    finally:
        status, left = stop_server(server)
    assert status == 0, (tmp_path / "serve.log").read_text(errors="replace")
    assert left == []  # the apps it started stopped with it
    assert "stopped serving" in (tmp_path / "serve.log").read_text(errors="replace")
