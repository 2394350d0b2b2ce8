"""Line-by-line differences between two versions of a summary, for an accessible diff view."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

#: unchanged lines kept around each change; longer unchanged runs are folded
CONTEXT = 2


@dataclass
class DiffLine:
    """One line of the diff: ``kind`` is ``same``, ``added``, ``removed`` or ``folded``."""

    kind: str
    text: str = ""
    #: for ``folded``: how many unchanged lines are not shown
    folded: int = 0


@dataclass
class Diff:
    """The lines of a diff and how many were added and removed."""

    lines: list[DiffLine]
    added: int
    removed: int

    @property
    def unchanged(self) -> bool:
        """The two versions are the same."""
        return not self.added and not self.removed


def _same(lines: list[str], first: bool, last: bool) -> list[DiffLine]:
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(lines) <= keep_head + keep_tail + 1:
        return [DiffLine("same", t) for t in lines]
    out = [DiffLine("same", t) for t in lines[:keep_head]]
    out.append(DiffLine("folded", folded=len(lines) - keep_head - keep_tail))
    out.extend(DiffLine("same", t) for t in lines[len(lines) - keep_tail:])
    return out


def diff_texts(old: str, new: str) -> Diff:
    """Compare two Markdown texts line by line."""
    a, b = old.splitlines(), new.splitlines()
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    lines: list[DiffLine] = []
    added = removed = 0
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            lines.extend(_same(a[i1:i2], index == 0, index == len(opcodes) - 1))
            continue
        lines.extend(DiffLine("removed", t) for t in a[i1:i2])
        lines.extend(DiffLine("added", t) for t in b[j1:j2])
        removed += i2 - i1
        added += j2 - j1
    return Diff(lines, added, removed)
