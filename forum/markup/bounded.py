"""A Markdown extension that keeps Python-Markdown's work linear in the size of the text.

Python-Markdown rescans the rest of a paragraph or block in several places; on hostile input
(thousands of ``[``, ``1. 1. 1.``, heading after heading) that turns seconds into minutes. Each
class here replaces one built-in processor with the same name and priority, so ordinary text
renders exactly as before, and says which construct it defends against.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown, util
from markdown.blockprocessors import (BlockQuoteProcessor, HashHeaderProcessor, HRProcessor,
                                      SetextHeaderProcessor)
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import (IMAGE_LINK_RE, IMAGE_REFERENCE_RE, LINK_RE, REFERENCE_RE,
                                     ImageInlineProcessor, ImageReferenceInlineProcessor,
                                     LinkInlineProcessor, ReferenceInlineProcessor,
                                     ShortImageReferenceInlineProcessor,
                                     ShortReferenceInlineProcessor)
from markdown.preprocessors import Preprocessor

#: brackets a link text may nest (``[a [b [c]]](url)``); deeper texts stay plain text
MAX_BRACKET_DEPTH = 4
#: characters of ``(url "title")`` a link may take after its text when the url has quotes or
#: parentheses (a plain ``(url)`` may be as long as the text)
MAX_LINK_TAIL = 128
#: blockquote and list markers one line may open (``> > > …``, ``1. 1. 1. …``)
MAX_NESTING = 8


def _balanced(depth: int) -> str:
    """A regex for text with brackets nested at most ``depth`` deep, without backtracking."""
    plain = r"[^\[\]]*+"
    pattern = plain
    for _ in range(depth):
        pattern = rf"{plain}(?:\[{pattern}\]{plain})*+"
    return pattern


#: the text of a link up to its closing bracket: one regex step per character at most
_LINK_TEXT = re.compile(_balanced(MAX_BRACKET_DEPTH - 1) + r"\]")
#: ``(url)`` without quotes, parentheses or spaces inside: read by one regex step per character
_SIMPLE_TAIL = re.compile(r"""\(\s*([^\s()"'<>]*+)\s*\)""")


class _BoundedLinkMixin:
    """Find a link's closing bracket with one regex, and read its ``(…)`` part in a window.

    Defends against runs of ``[``, ``![``, ``[a](`` and ``[a](b"c)``: the built-in processors
    scan to the end of the paragraph for every unmatched bracket or parenthesis.
    """

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        match = _LINK_TEXT.match(data, index)
        if match is None:
            return "", index, False
        return data[index:match.end() - 1], match.end(), True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        simple = _SIMPLE_TAIL.match(data, index)
        if simple is not None:  # what the built-in scan finds for (url) with no quote or paren
            href = self.unescape(simple.group(1)).strip()  # type: ignore[attr-defined]
            return href, None, simple.end(), True
        window = data[index:index + MAX_LINK_TAIL]
        if ")" not in window:  # the scan below could only fail
            return "", None, index, False
        href, title, end, handled = super().getLink(window, 0)  # type: ignore[misc]
        return href, title, index + end, handled


class _Link(_BoundedLinkMixin, LinkInlineProcessor):
    pass


class _Image(_BoundedLinkMixin, ImageInlineProcessor):
    pass


class _Reference(_BoundedLinkMixin, ReferenceInlineProcessor):
    pass


class _ImageReference(_BoundedLinkMixin, ImageReferenceInlineProcessor):
    pass


class _ShortReference(_BoundedLinkMixin, ShortReferenceInlineProcessor):
    pass


class _ShortImageReference(_BoundedLinkMixin, ShortImageReferenceInlineProcessor):
    pass


class _RemembersMisses:
    """Answer "no match" at once for a block that is the tail of a block already searched.

    Defends against heading after heading (``# a`` or ``a`` / ``===`` lines): each one splits
    the block and hands the rest back, and these processors searched all of the rest again.
    """

    _miss: str = ""

    def _search(self, regex: re.Pattern[str], block: str) -> re.Match[str] | None:
        miss = self._miss
        if len(block) <= len(miss) and miss.endswith(block) \
                and (len(block) == len(miss) or miss[-len(block) - 1] == "\n"):
            return None
        found = regex.search(block)
        if found is None:
            self._miss = block
        return found


class _HashHeader(_RemembersMisses, HashHeaderProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return self._search(self.RE, block) is not None


class _HR(_RemembersMisses, HRProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        found = self._search(self.SEARCH_RE, block)
        if found is not None:
            self.match = found
        return found is not None


class _BlockQuote(_RemembersMisses, BlockQuoteProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return self._search(self.RE, block) is not None and not util.nearing_recursion_limit()


class _SetextHeader(SetextHeaderProcessor):
    """Split off the two heading lines only (the built-in one split and re-joined the rest)."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n", 2)
        heading = etree.SubElement(parent, "h1" if lines[1].startswith("=") else "h2")
        heading.text = lines[0].strip()
        if len(lines) > 2:
            blocks.insert(0, lines[2])


_SEPARATOR_ROW = re.compile(r"[ |:-]*")


class _Table(TableProcessor):
    """Look at two lines before splitting the whole block, and refuse tables that pad out.

    Defends against a header of many columns over many short rows: every row is padded to the
    header's width, so a few thousand characters made millions of cells.
    """

    def test(self, parent: etree.Element, block: str) -> bool:
        header, _, rest = block.partition("\n")
        if "|" not in header or not _SEPARATOR_ROW.fullmatch(rest.partition("\n")[0].strip()):
            return False
        if not super().test(parent, block):
            return False
        rows = block.count("\n") - 1
        # a full table has about one pipe per cell: allow half the cells to be padding
        return len(self.separator) * rows <= 2 * block.count("|") + rows


#: a line that opens MAX_NESTING blockquotes or lists (``> > > …``, ``1. - 1. …``) and then
#: another: group 1 is the allowed prefix, group 2 the next marker
_DEEP_LINE = re.compile(r"^((?:[ ]{0,3}(?:>|(?:[*+-]|\d{1,9}\.)[ \t])[ \t]*+){%d})"
                        r"([ ]{0,3}(?:>|[*+-]|\d{1,9}\.))" % MAX_NESTING)
_HR_LINE = re.compile(HRProcessor.RE)


def _escape_marker(match: re.Match[str]) -> str:
    """Keep the allowed prefix and escape the next marker (``\\>``, ``\\-``, ``1\\.``)."""
    marker = match.group(2)
    if marker.endswith("."):
        return match.group(1) + marker[:-1] + "\\."
    stripped = marker.lstrip(" ")
    return match.group(1) + marker[:len(marker) - len(stripped)] + "\\" + stripped


class _NestingLimit(Preprocessor):
    """Escape the markers that would nest blockquotes or lists deeper than MAX_NESTING.

    Defends against one line of ``1. 1. 1. …`` (a RecursionError, so a 500) and ``> > > …``
    (each level parses the whole rest again). Runs after fenced code is set aside; a rule
    (``- - - - …``) is left alone.
    """

    def run(self, lines: list[str]) -> list[str]:
        return [line if _HR_LINE.match(line) else _DEEP_LINE.sub(_escape_marker, line)
                for line in lines]


class BoundedExtension(Extension):
    """Swap the built-in processors above for their bounded versions. A ``Markdown`` kept
    for many texts forgets each text's misses on ``reset()``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._remembering: list[_RemembersMisses] = []

    def reset(self) -> None:
        """Forget the blocks searched in the last text (called by ``Markdown.reset``)."""
        for processor in self._remembering:
            processor._miss = ""  # noqa: SLF001 - the mixin's own memo, kept per text

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        inline = md.inlinePatterns
        inline.register(_Reference(REFERENCE_RE, md), "reference", 170)
        inline.register(_Link(LINK_RE, md), "link", 160)
        inline.register(_Image(IMAGE_LINK_RE, md), "image_link", 150)
        inline.register(_ImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        inline.register(_ShortReference(REFERENCE_RE, md), "short_reference", 130)
        inline.register(_ShortImageReference(IMAGE_REFERENCE_RE, md), "short_image_ref", 125)
        blocks = md.parser.blockprocessors
        blocks.register(_HashHeader(md.parser), "hashheader", 70)
        blocks.register(_SetextHeader(md.parser), "setextheader", 60)
        blocks.register(_HR(md.parser), "hr", 50)
        blocks.register(_BlockQuote(md.parser), "quote", 20)
        self._remembering = [blocks[name] for name in ("hashheader", "setextheader", "hr",
                                                        "quote")]
        if "table" in blocks:
            blocks.register(_Table(md.parser, blocks["table"].config), "table", 75)
        md.preprocessors.register(_NestingLimit(md), "nesting_limit", 20)
