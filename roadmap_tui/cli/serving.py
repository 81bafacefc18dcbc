"""`roadmap-tui serve`: the same app in a web browser, through textual-serve.

Each browser that connects gets its own `roadmap-tui PATH` process (textual-serve runs it
with Textual's web driver). The page is textual-serve's own with one change: nothing is
fetched from the internet (see serve_page/app_index.html). There is no login, so the
server listens on 127.0.0.1 unless `--host` says otherwise."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from roadmap_tui.errors import EXIT_OK, EXIT_USAGE

LOOPBACK = "127.0.0.1"
PAGE_FOLDER = Path(__file__).resolve().with_name("serve_page")
NO_LOGIN_WARNING = (
    "roadmap-tui: warning: listening on {host}: there is no login, anyone who reaches "
    "this port can {what} the roadmap"
)


def app_command(path: Path | None, read_only: bool) -> str:
    """The shell command textual-serve runs for each browser."""
    words = [sys.executable, "-m", "roadmap_tui"]
    if read_only:
        words.append("--read-only")
    if path is not None:
        words.append(str(path.resolve()))
    return shlex.join(words)


def serve(path: Path | None, port: int, host: str | None, *, read_only: bool = False) -> int:
    """Serve the app until interrupted (ctrl+c); the exit code."""
    try:
        from textual_serve.server import Server
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        print("roadmap-tui: serve needs textual-serve (pip install textual-serve)", file=sys.stderr)
        return EXIT_USAGE
    if host is not None and host not in {LOOPBACK, "localhost", "::1"}:
        what = "see" if read_only else "see and edit"
        print(NO_LOGIN_WARNING.format(host=host, what=what), file=sys.stderr)
    title = f"roadmap-tui {path.name}" if path is not None else "roadmap-tui"
    server = Server(
        app_command(path, read_only),
        host=host or LOOPBACK,
        port=port,
        title=title,
        templates_path=PAGE_FOLDER,
    )
    try:
        server.serve()
    except OSError as error:
        print(f"roadmap-tui: cannot serve on port {port}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
