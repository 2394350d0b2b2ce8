"""Benchmark: render_markdown on a plain 20,000-character paragraph and on each hostile body.

Run with ``make bench``. Prints, for each body of the adversarial corpus, the best of three
render times and its ratio to the plain paragraph; the hardening tests assert ratio <= 10.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum import markup  # noqa: E402
from tests.hardening.test_08_01_markdown_bounds import ADVERSARIAL, PLAIN  # noqa: E402

RUNS = 3


def best_ms(text: str) -> float:
    """Best of RUNS renders of ``text``, in milliseconds, with the render cache emptied."""
    times = []
    for _ in range(RUNS):
        markup._render.cache_clear()
        start = time.perf_counter()
        markup.render_markdown(text)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    markup.render_markdown("warm up *the* [parser](https://example.org)")
    plain = best_ms(PLAIN)
    print(f"{'body (20,000 characters)':<34} {'ms':>9} {'ratio':>7}")
    print(f"{'plain paragraph':<34} {plain:9.1f} {1:7.1f}")
    worst = ("", 0.0)
    for name, body in ADVERSARIAL.items():
        ms = best_ms(body)
        worst = max(worst, (name, ms), key=lambda pair: pair[1])
        print(f"{name:<34} {ms:9.1f} {ms / plain:7.1f}")
    print(f"worst: {worst[0]} at {worst[1] / plain:.1f} times the plain paragraph")


if __name__ == "__main__":
    main()
