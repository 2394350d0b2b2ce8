"""The sections of a summary: its ``##`` headings, which the council answers one by one."""
from __future__ import annotations

import re

_HEADING = re.compile(r"^ {0,3}##[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def sections(body: str) -> list[str]:
    """Return the text of every ``##`` heading in ``body``, in order (code blocks skipped)."""
    found: list[str] = []
    fenced = False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match and match.group(1).strip() and match.group(1).strip() not in found:
            found.append(match.group(1).strip())
    return found
