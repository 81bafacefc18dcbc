"""What the reliability tests share: an example roadmap with comments, and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

FIXED_NOW = datetime(2022, 7, 5, 9, 30, tzinfo=UTC)

ROADMAP = """\
# Live shopping: where it runs and where it goes next.
# Hand-edited; the app must keep these comments.

[roadmap]
title = "Live shopping expansion"
owner = "Global e-commerce"

# The UK went live with the "On Trend" event.
[[markets]]
code = "GB"
name = "United Kingdom"
status = "live"
region = "Europe"
since = 2021-12-01   # On Trend
tags = ["pilot"]
notes = "Audiences small; grow them before new launches."

[[markets.history]]
at = 2021-12-01
from = "planned"
to = "live"
note = "On Trend"

# First EU wave, on hold since July 2022.
[[markets]]
code = "DE"
name = "Germany"
status = "paused"
region = "Europe"
since = 2022-07-05
tags = ["eu-wave-1"]

[[markets.history]]
at = 2022-07-05T09:30:00Z
from = "planned"
to = "paused"
note = "Focus on the UK"

[[markets]]
code = "FR"
name = "France"
status = "paused"
region = "Europe"
tags = ["eu-wave-1"]

# Asia: live.
[[markets]]
code = "ID"
name = "Indonesia"
status = "live"
region = "Asia"
notes = "Testing a Store tab."
"""


def fixed_clock() -> datetime:
    """The moment every edit in these tests happens: 5 July 2022, 09:30 UTC."""
    return FIXED_NOW
