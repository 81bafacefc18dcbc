"""`roadmap-tui serve` in a real browser: Debian's headless chromium, driven by Playwright
through its executable path (no browser is downloaded). The page shows the TikTok sample,
a status changed through the page lands in the file on disk, nothing is fetched from
outside the server, and `--read-only` refuses the same edit.

The terminal in the page draws on a canvas, so what it shows is read where it arrives:
the app's output in the page's websocket frames."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.sharing.helpers import TIKTOK

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="chromium is not installed (apt-get install chromium)"
)
# ANSI control sequences the app writes between the words it draws
_CONTROL = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
DEADLINE = 60.0  # seconds: the app's first frame in a browser takes ~2 s on this machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(path: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`roadmap-tui serve PATH` on a free loopback port, until the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "roadmap_tui", "serve", str(path), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        started = time.monotonic()
        # textual-serve prints its banner before it binds and says nothing once it listens,
        # so the port is asked, a tenth of a second apart, until it answers (or a minute)
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() - started < DEADLINE, "the server never listened"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()
        server.wait(timeout=30)


class Page:
    """A chromium page on the served app, with the text the app has sent it so far."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.frames: list[bytes] = []
        self.requests: list[str] = []
        self.websocket: Any = None

    def text(self) -> str:
        raw = b"".join(self.frames).decode("utf-8", "replace")
        return _CONTROL.sub("", raw)

    def mark(self) -> int:
        """Where the text ends now: `wait_for(..., after=mark)` looks only at what follows."""
        return len(self.text())

    def wait_for(self, words: str, after: int = 0) -> None:
        """Until the app has drawn `words` (after `after`): each turn waits for the app's
        next frame, so nothing is slept; a minute without it is a failure."""
        while words not in self.text()[after:]:
            try:
                self.websocket.wait_for_event("framereceived", timeout=DEADLINE * 1000)
            except Exception as error:  # Playwright's TimeoutError
                shown = self.text()[after:][-1500:]
                raise AssertionError(f"never shown: {words!r}; last shown: {shown!r}") from error

    def press(self, key: str, then: str) -> None:
        """Press `key` (as Playwright names it) and wait until the app shows `then`."""
        since = self.mark()
        self.page.keyboard.press(key)
        self.wait_for(then, after=since)


@contextmanager
def browser_on(url: str) -> Iterator[Page]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            shown = Page(page)
            page.on("request", lambda request: shown.requests.append(request.url))

            def received(payload: str | bytes) -> None:
                if isinstance(payload, bytes):
                    shown.frames.append(payload)

            with page.expect_websocket() as opened:
                page.goto(url)
            shown.websocket = opened.value
            shown.websocket.on("framereceived", received)
            # keys go to the terminal's own input, as when a person clicks into it
            page.focus(".xterm-helper-textarea")
            yield shown
        finally:
            browser.close()


@pytest.fixture
def roadmap(tmp_path: Path) -> Path:
    copy = tmp_path / "tiktok_shop.toml"
    shutil.copyfile(TIKTOK, copy)
    return copy


def check_only_loopback(requests: list[str], url: str) -> None:
    outside = [request for request in requests if not request.startswith(url)]
    assert requests and not outside, f"fetched from outside the server: {outside}"


@needs_chromium
def test_a_status_changed_in_the_browser_is_saved_to_the_file(roadmap: Path) -> None:
    before = roadmap.read_text(encoding="utf-8")
    with served(roadmap) as (url, _server), browser_on(url) as page:
        page.wait_for("TikTok Shop — live shopping expansion")
        page.wait_for("United Kingdom")
        page.wait_for("◐ paused")
        # step by step, each once the app shows it took the key before, as a person types
        page.press("s", then="Planned")  # GB, the first row, is selected: its status picker
        page.press("1", then="planned")  # the choice drawn again, highlighted
        since = page.mark()
        page.page.keyboard.type("from the browser")
        page.wait_for("from the browser", after=since)
        page.press("Enter", then="1 planned")  # the summary line: 6 live · 5 paused · 1 planned
        page.press("Control+s", then="Saved")
        check_only_loopback(page.requests, url)
    after = roadmap.read_text(encoding="utf-8")
    united_kingdom = tomllib.loads(after)["markets"][0]
    assert united_kingdom["code"] == "GB" and united_kingdom["status"] == "planned"
    assert united_kingdom["history"][-1]["note"] == "from the browser"
    # only GB's piece changed: the comments above it and every other market are as they were
    start = before.index('[[markets]]\ncode = "GB"')
    end = before.index("# Germany, France, Italy and Spain")
    assert after[:start] == before[:start]
    assert after.endswith(before[end:])


@needs_chromium
def test_read_only_refuses_the_edit_and_the_file_stays(roadmap: Path) -> None:
    before = roadmap.read_bytes()
    with served(roadmap, "--read-only") as (url, _server), browser_on(url) as page:
        page.wait_for("United Kingdom")
        page.wait_for("read-only")
        page.press("s", then="edits are refused")
        page.press("Control+s", then="nothing is saved")
    assert roadmap.read_bytes() == before


def test_serve_binds_loopback_and_warns_for_another_host(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], roadmap: Path
) -> None:
    """Without a browser: which address the server is given, and the warning."""
    import textual_serve.server

    from roadmap_tui.cli import main

    bound: list[tuple[str, int, str]] = []

    def record(self: textual_serve.server.Server, debug: bool = False) -> None:
        bound.append((self.host, self.port, self.command))

    monkeypatch.setattr(textual_serve.server.Server, "serve", record)
    assert main(["serve", str(roadmap), "--port", "8123"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["serve", str(roadmap), "--port", "8124", "--host", "0.0.0.0", "--read-only"]) == 0
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1 and "no login" in warning and "0.0.0.0" in warning
    assert [(host, port) for host, port, _ in bound] == [("127.0.0.1", 8123), ("0.0.0.0", 8124)]
    assert bound[0][2].endswith(f"-m roadmap_tui {roadmap}")
    assert bound[1][2].endswith(f"-m roadmap_tui --read-only {roadmap}")


def test_the_page_fetches_no_font_from_the_internet() -> None:
    from roadmap_tui.cli.serving import PAGE_FOLDER

    page = (PAGE_FOLDER / "app_index.html").read_text(encoding="utf-8")
    addresses = re.findall(r"""(?:href|src)\s*=\s*["']?(https?:[^"' )]+)""", page)
    assert addresses == []
    assert "fonts.googleapis" not in page
    # the status glyphs (◐ is U+25D0) come from a monospaced face of the viewer's machine
    assert re.search(r"unicode-range:[^;]*U\+2500-25FF", page)
