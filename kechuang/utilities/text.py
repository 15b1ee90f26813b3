"""Text rules shared by every door: control characters other than tab, line feed and carriage
return mean nothing in any field of ours, typed, sent as JSON or imported (issue #11)."""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
