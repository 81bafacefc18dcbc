"""Edits for roadmap files whose markets are not `[[markets]]` tables (`markets = [{...}]`).

These layouts cannot be cut into one piece per market, so the whole document goes
through tomlkit, which keeps comments and layout but is slow on big files; it is only
used for these rare layouts.
"""

from __future__ import annotations

import tomllib

import tomlkit

from roadmap_tui.errors import EditError
from roadmap_tui.model import Market, Roadmap, to_toml_dict
from roadmap_tui.store.render import detect_newline
from roadmap_tui.store.styled import update_table
from roadmap_tui.store.values import same_lists, same_models

BOM = "\ufeff"
_LISTS = {"tags", "history"}


def rewrite_markets(text: str, before: list[Market], after: list[Market]) -> str:
    """`text` with its markets changed from `before` to `after`, keeping everything else."""
    prefix = BOM if text.startswith(BOM) else ""
    document = tomlkit.parse(text.removeprefix(BOM))
    markets = document.get("markets")
    if markets is None:
        document["markets"] = tomlkit.aot()
        markets = document["markets"]
    before = list(before)
    if len(after) < len(before):
        gone = next(
            i for i in range(len(before)) if i >= len(after) or not same_models(before[i], after[i])
        )
        del markets[gone]
        del before[gone]
    newline = detect_newline(text)
    for index, market in enumerate(after):
        if index < len(before):
            # key by key and item by item, so tomlkit keeps each line's styling
            old, new = to_toml_dict(before[index]), to_toml_dict(market)
            update_table(markets[index], old, new, newline, blank_line=False)
        else:
            # leave out the empty defaults, as render_market does: `tags = [], history = []`
            # is noise nobody writes
            table = to_toml_dict(market)
            markets.append({k: v for k, v in table.items() if v != [] or k not in _LISTS})
    result = prefix + tomlkit.dumps(document)
    parsed = Roadmap.model_validate(tomllib.loads(result.removeprefix(BOM)))
    if not same_lists(parsed.markets, after):
        raise EditError("could not write this edit without changing other parts of the file")
    return result
