"""A roadmap full of text that tries to be markup, formulas or scripts."""

from __future__ import annotations

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

HOSTILE_TOML = r'''
[roadmap]
title = "Launch <b>plan</b> & \"friends\""
owner = "=cmd|' /C calc'!A0"
description = "<iframe src=\"https://evil.example\"></iframe>"

[[markets]]
code = "DE"
name = "Germany | \"quoted\", with comma"
status = "paused"
region = "@SUM(1+1)"
owner = "+49 team"
tags = ["-1", "a;b", "<em>tag</em>"]
notes = """
<script>alert(1)</script>
"><img src=x onerror=alert(1)>
=HYPERLINK("http://evil.example","click")
| not | a | table |
# not a heading
- not a list
1. not a list either
**not bold** `not code` [not a link](http://x)"""

[[markets.history]]
at = 2022-07-05
from = "planned"
to = "paused"
note = "<img src=x onerror=alert(2)>"

[[markets]]
code = "FR"
name = "\tFrance"
status = "live"
notes = "'=already quoted"
owner = "\rreturn"

[[markets]]
code = "US"
name = "United\nStates"
status = "planned"
region = "North <America>"
'''
