"""A roadmap as one self-contained web page: inline CSS, one small inline script that
sorts the table, and nothing fetched from anywhere.

Someone can email the file or drop it on a web server, and it prints on A4. Every piece
of user text goes through `html.escape`, attributes included. A Content-Security-Policy
allows only the page's own style and script (by their hashes) and loads nothing else, so
even a mistake in escaping could not run a script or reach the network. Without the
script (a mail reader strips it) the table is simply in code order, with no sort arrows.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from html import escape

from roadmap_tui.model import STATUSES, Market, Roadmap, StatusChange, counts_by_status
from roadmap_tui.moments import describe_moment
from roadmap_tui.share.drift import Baseline, drift, reported
from roadmap_tui.share.drift import summary as drift_summary
from roadmap_tui.share.export.dating import as_of
from roadmap_tui.share.export.html_map import map_section
from roadmap_tui.share.export.markdown import DRIFT_COLUMNS
from roadmap_tui.share.export.reason import status_note

DEFAULT_LANGUAGE = "en"

STYLE = """
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --paper: #ffffff; --band: #f5f7fa;
  --planned: #1d4ed8; --planned-bg: #dbeafe;
  --paused: #b45309; --paused-bg: #fef3c7;
  --live: #15803d; --live-bg: #dcfce7;
}
* { box-sizing: border-box; }
html { background: var(--band); }
body {
  margin: 0; color: var(--ink); background: var(--paper);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  max-width: 1080px; margin-inline: auto; padding: 32px 40px 48px;
}
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 4px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.description { white-space: pre-line; margin: 0 0 20px; max-width: 72ch; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 20px 0 28px; }
.count { min-width: 120px; padding: 10px 16px; border-radius: 8px; border: 1px solid var(--line); }
.count .number { display: block; font-size: 1.7rem; font-weight: 700; line-height: 1.1; }
.count .label { color: var(--muted); text-transform: capitalize; }
.count.planned { background: var(--planned-bg); border-color: var(--planned); }
.count.paused { background: var(--paused-bg); border-color: var(--paused); }
.count.live { background: var(--live-bg); border-color: var(--live); }
.count.planned .number { color: var(--planned); }
.count.paused .number { color: var(--paused); }
.count.live .number { color: var(--live); }
table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
thead th { background: var(--band); font-weight: 600; white-space: nowrap; border-bottom: 2px solid var(--line); }
table.sortable thead button {
  font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer;
}
table.sortable thead button::after { content: " \\21C5"; color: #a0aab6; font-weight: 400; }
table.sortable thead th[aria-sort="ascending"] button::after { content: " \\25B2"; color: var(--ink); font-size: 0.75em; }
table.sortable thead th[aria-sort="descending"] button::after { content: " \\25BC"; color: var(--ink); font-size: 0.75em; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.code, .code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-weight: 600; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
a { color: inherit; }
.badge {
  display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 0.8rem;
  font-weight: 600; border: 1px solid transparent; white-space: nowrap;
}
.badge.planned { color: var(--planned); background: var(--planned-bg); border-color: var(--planned); }
.badge.paused { color: var(--paused); background: var(--paused-bg); border-color: var(--paused); }
.badge.live { color: var(--live); background: var(--live-bg); border-color: var(--live); }
.tag { display: inline-block; white-space: nowrap; margin: 0 4px 2px 0; padding: 0 6px; border-radius: 4px; background: var(--band); border: 1px solid var(--line); font-size: 0.8rem; }
.market { padding: 14px 0 16px; border-bottom: 1px solid var(--line); break-inside: avoid; }
.market h3 .badge { margin-left: 6px; vertical-align: 2px; }
.facts { color: var(--muted); font-size: 0.9rem; margin: 0 0 8px; }
.notes { white-space: pre-wrap; margin: 0 0 8px; max-width: 80ch; }
.history { margin: 0; padding-left: 20px; font-size: 0.9rem; }
.history li { margin: 2px 0; }
.history time { font-variant-numeric: tabular-nums; color: var(--muted); }
.history .note { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 32px; color: var(--muted); font-size: 0.8rem; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html, body { background: #ffffff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  table.sortable thead button::after, table.sortable thead th[aria-sort] button::after { content: ""; }
  th, td { padding: 4px 6px; }
  table { font-size: 9pt; }
  tr, .count { break-inside: avoid; }
  a { text-decoration: none; }
}
""".strip()

# Sorts the market table when a heading is clicked: by each cell's `data-order` if it has
# one (statuses in launch order), else its text; empty cells last; a second click reverses.
SORT_SCRIPT = """
(function () {
  var table = document.querySelector("table.markets");
  if (!table) { return; }
  var headings = table.tHead.rows[0].cells;
  var body = table.tBodies[0];
  var language = document.documentElement.lang;
  function key(row, column) {
    var cell = row.cells[column];
    return cell.getAttribute("data-order") || cell.textContent.trim();
  }
  function sortBy(heading, column) {
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column), y = key(b, column);
      if (!x || !y) { return x ? -1 : (y ? 1 : 0); }
      var order = x.localeCompare(y, language, { numeric: true, sensitivity: "base" });
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(headings, function (other) {
      other.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(headings, function (heading, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = heading.textContent;
    button.addEventListener("click", function () { sortBy(heading, column); });
    heading.textContent = "";
    heading.appendChild(button);
  });
  table.classList.add("sortable");
})();
""".strip()

TABLE_HEADINGS = (
    "Code",
    "Name",
    "Status",
    "Region",
    "Owner",
    "Since",
    "Target",
    "Status note",
    "Tags",
)


# A declared status's theme colour on this light page (the defaults keep the rules above).
_PAGE_COLOURS = {
    "primary": "#1d4ed8",
    "secondary": "#0f766e",
    "accent": "#7e22ce",
    "success": "#15803d",
    "warning": "#b45309",
    "error": "#b91c1c",
    "foreground": "#1f2933",
}


class _Looks:
    """Each status's CSS class, and the rules for a roadmap's own statuses: the class
    `status-N` for the N-th declared status, its colour darkened for text and lightened
    for the background so it reads on the white page (the word is always written too)."""

    def __init__(self, roadmap: Roadmap) -> None:
        self.names = roadmap.status_names
        self.default = self.names == STATUSES
        self.order = {name: index for index, name in enumerate(self.names)}
        rules = []
        if not self.default:
            for index, status in enumerate(roadmap.workflow):
                colour = _PAGE_COLOURS.get(status.colour, status.colour)
                ink = f"color-mix(in srgb, {colour} 75%, black)"
                paper = f"color-mix(in srgb, {colour} 14%, white)"
                rules += [
                    f".count.status-{index} {{ background: {paper}; border-color: {colour}; }}",
                    f".count.status-{index} .number {{ color: {ink}; }}",
                    f".badge.status-{index} {{ color: {ink}; background: {paper}; "
                    f"border-color: {colour}; }}",
                ]
        self.style = STYLE + "".join("\n" + rule for rule in rules)

    def css_class(self, status: str) -> str:
        if self.default:
            return _text(status)
        return f"status-{self.order.get(status, len(self.order))}"

    def badge(self, status: str) -> str:
        return f'<span class="badge {self.css_class(status)}">{_text(status)}</span>'


def render(roadmap: Roadmap, today: date | None = None, baseline: Baseline | None = None) -> str:
    """The page: title, date, counts per status, a table of every market (with the note of
    the change that set its status), the drift of targets against `baseline` when there
    is one, notes and history; in the roadmap's language."""
    title = _text(roadmap.title)
    looks = _Looks(roadmap)
    language = _text(roadmap.roadmap.language or DEFAULT_LANGUAGE)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(looks.style)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="roadmap-tui">',
        f"<title>{title}</title>",
        f"<style>\n{looks.style}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
        *_meta(roadmap, today),
        "</header>",
        *_summary(roadmap.markets, looks),
        "<h2>Markets</h2>",
        *_table(roadmap.markets, looks),
        *map_section(roadmap, _PAGE_COLOURS),
        *(_drift(baseline, roadmap, looks) if baseline is not None else []),
        "<h2>Notes and history</h2>",
        *_details(roadmap.markets, looks),
        "<footer>Exported with roadmap-tui.</footer>",
        f"<script>\n{SORT_SCRIPT}\n</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def content_security_policy(style: str = STYLE) -> str:
    """Nothing may load; the page's own stylesheet and script may run (by their hashes)."""
    return f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(SORT_SCRIPT)}'"


def _sha256(element_text: str) -> str:
    # the hash covers the element's whole text: the newlines around it included
    digest = hashlib.sha256(f"\n{element_text}\n".encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _text(value: str) -> str:
    """User text as HTML text or attribute value: never markup."""
    return escape(value, quote=True)


def _meta(roadmap: Roadmap, today: date | None) -> list[str]:
    facts = []
    when = as_of(roadmap, today)
    if when is not None:
        facts.append(f'As of <time datetime="{when.isoformat()}">{when.isoformat()}</time>')
    if roadmap.roadmap.owner:
        facts.append(f"Owner: {_text(roadmap.roadmap.owner)}")
    if roadmap.snapshot is not None:
        facts.append(f"Snapshot of {_text(roadmap.snapshot.source)}")
    lines = [f'<p class="meta">{" · ".join(facts)}</p>'] if facts else []
    if roadmap.roadmap.description:
        lines.append(f'<p class="description">{_text(roadmap.roadmap.description.strip())}</p>')
    return lines


def _summary(markets: list[Market], looks: _Looks) -> list[str]:
    counts = counts_by_status(markets, looks.names)
    cards = [
        f'<div class="count {looks.css_class(status)}"><span class="number">{counts[status]}'
        f'</span><span class="label">{_text(status)}</span></div>'
        for status in looks.names
    ]
    total = (
        f'<div class="count total"><span class="number">{len(markets)}</span>'
        f'<span class="label">markets</span></div>'
    )
    return [
        '<section class="summary" aria-label="Markets per status">',
        *cards,
        total,
        "</section>",
    ]


def _table(markets: list[Market], looks: _Looks) -> list[str]:
    if not markets:
        return ['<p class="empty">No markets yet.</p>']
    # rows are in code order, which the first heading shows as the sort
    sorted_by = ' aria-sort="ascending"'
    headings = "".join(
        f'<th scope="col"{sorted_by if index == 0 else ""}>{heading}</th>'
        for index, heading in enumerate(TABLE_HEADINGS)
    )
    rows = [f"<thead><tr>{headings}</tr></thead>", "<tbody>"]
    for market in sorted(markets, key=lambda market: market.key):
        tags = "".join(f'<span class="tag">{_text(tag)}</span>' for tag in market.tags)
        cells = [
            f'<td class="code"><a href="#{_anchor(market)}">{_text(market.code)}</a></td>',
            f"<td>{_text(market.name)}</td>",
            f'<td data-order="{looks.order.get(market.status, len(looks.order))}">'
            f"{looks.badge(market.status)}</td>",
            f"<td>{_text(market.region or '')}</td>",
            f"<td>{_text(market.owner or '')}</td>",
            f'<td class="date">{_date(market.since)}</td>',
            f'<td class="date">{_date(market.target)}</td>',
            f"<td>{_text(status_note(market))}</td>",
            f"<td>{tags}</td>",
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody>")
    return ['<table class="markets">', *rows, "</table>"]


def _drift(baseline: Baseline, roadmap: Roadmap, looks: _Looks) -> list[str]:
    """The drift section: the baseline named, the summary, a table of the markets with a
    target then or now (or new, or dropped)."""
    rows = reported(drift(baseline.roadmap, roadmap))
    out = [
        '<h2 id="drift">Drift against the baseline</h2>',
        f'<p class="meta">Baseline: {_text(baseline.label)} · {_text(drift_summary(rows))}</p>',
    ]
    if not rows:
        return out
    headings = "".join(f'<th scope="col">{heading}</th>' for heading in DRIFT_COLUMNS)
    out += ['<table class="drift">', f"<thead><tr>{headings}</tr></thead>", "<tbody>"]
    for row in rows:
        cells = [
            f'<td class="code">{_text(row.code)}</td>',
            f"<td>{_text(row.market.name)}</td>",
            f"<td>{looks.badge(row.market.status)}</td>",
            f'<td class="date">{_date(row.baseline)}</td>',
            f'<td class="date">{_date(row.target)}</td>',
            f'<td data-drift="{_text(row.kind)}">{_text(row.words)}</td>',
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return [*out, "</tbody>", "</table>"]


def _details(markets: list[Market], looks: _Looks) -> list[str]:
    if not markets:
        return ['<p class="empty">No markets yet.</p>']
    out = []
    for market in markets:
        facts = [value for value in (market.region, market.owner) if value]
        if market.since:
            facts.append(f"since {market.since.isoformat()}")
        if market.target:
            facts.append(f"target {market.target.isoformat()}")
        out.append(f'<article class="market" id="{_anchor(market)}">')
        out.append(
            f'<h3><span class="code">{_text(market.code)}</span> {_text(market.name)} '
            f"{looks.badge(market.status)}</h3>"
        )
        if facts:
            out.append(f'<p class="facts">{" · ".join(_text(fact) for fact in facts)}</p>')
        if market.notes and market.notes.strip():
            out.append(f'<p class="notes">{_text(market.notes.strip())}</p>')
        if market.history:
            out.append('<ol class="history">')
            out += [_history_item(change) for change in market.history]
            out.append("</ol>")
        out.append("</article>")
    return out


def _history_item(change: StatusChange) -> str:
    note = f' <span class="note">— {_text(change.note)}</span>' if change.note else ""
    return (
        f'<li><time datetime="{change.at.isoformat()}">{describe_moment(change.at)}</time> '
        f"{_text(change.from_)} → {_text(change.to)}{note}</li>"
    )


def _anchor(market: Market) -> str:
    # codes are letters, digits, '-' and '_' (the model checks), so they make safe ids
    return _text(f"market-{market.code}")


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""
