"""Item 1, as a property: no body up to the size limit costs more than 10× a plain paragraph.

Bodies are built from runs of Markdown-significant characters and snippets (random ones and
the adversarial corpus's units), alone or spread through plain words, so the search spends its
examples on dense, nested and unbalanced markup at every density up to the formatting budget.
Each body is timed side by side with the plain paragraph (``ratio_to_plain``).
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.markup import render_markdown
from forum.threads.services import BODY_MAX
from tests.hardening.test_08_01_markdown_bounds import (DENSE_UNITS, MAX_RATIO, PLAIN,
                                                        ratio_to_plain)

SIGNIFICANT = "[]()!*_`<>&#|\\-+=~.:/\"' \n\t>1aw"
SNIPPETS = DENSE_UNITS + [
    "[", "![", "](", "[a](", "**a", "> ", "1. ", "- ", "    ", "http://", "https://a.org ",
    "www.", "a-", "a.", "(", ")", "|", "\\", "#", "```\n", "~~~\n", "<http://a.org>",
    "[r]: http://a.org\n", "[r] ", "&#9;", "&amp;", "\n\n", "a  \n", "---\n", "===\n",
]

WORDS = "lorem ipsum dolor sit amet " * 20


def build(parts: list[tuple[str, int, int]], size: int) -> str:
    """Each part is ``count`` times a unit followed by ``gap`` plain characters."""
    return "".join((unit + WORDS[:gap]) * count for unit, count, gap in parts)[:size]


units = st.one_of(st.sampled_from(SNIPPETS), st.text(alphabet=SIGNIFICANT, min_size=1, max_size=8))
runs = st.tuples(units, st.integers(min_value=1, max_value=BODY_MAX),
                 st.sampled_from([0, 0, 1, 5, 20, 60, 200]))
bodies = st.builds(build, st.lists(runs, min_size=1, max_size=6),
                   st.integers(min_value=1_000, max_value=BODY_MAX))


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=bodies)
def test_08_01_markdown_any_body_within_10x_plain(body):
    ratio = ratio_to_plain(body)
    assert ratio <= MAX_RATIO, f"{ratio:.1f} times a plain paragraph for {body[:200]!r}"


def test_08_01_markdown_plain_time_is_measured_on_the_size_limit():
    assert len(PLAIN) == BODY_MAX and render_markdown(PLAIN).startswith("<p>lorem")
