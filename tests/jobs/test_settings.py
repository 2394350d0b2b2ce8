"""The job settings: a sweep interval that makes no sense refuses to start."""
from __future__ import annotations

import pytest

from forum.config import DEFAULTS
from forum.settings import check_settings


def _checked(**settings) -> dict:  # noqa: ANN003
    config = {**DEFAULTS, "ENV": "testing", "SECRET_KEY": "x", **settings}
    check_settings(config)
    return config


@pytest.mark.parametrize(("value", "seconds"), [(15, 15.0), ("2.5", 2.5), (" 30 ", 30.0)])
def test_the_sweep_interval_is_read_as_seconds(value, seconds) -> None:  # noqa: ANN001
    assert _checked(JOBS_SWEEP_SECONDS=value)["JOBS_SWEEP_SECONDS"] == seconds


@pytest.mark.parametrize("value", [0, -1, "soon", True, None, 86401])
def test_a_sweep_interval_that_makes_no_sense_refuses_to_start(value) -> None:  # noqa: ANN001
    with pytest.raises(RuntimeError, match="FORUM_JOBS_SWEEP_SECONDS must be a number"):
        _checked(JOBS_SWEEP_SECONDS=value)


def test_the_default_is_fifteen_seconds() -> None:
    assert _checked()["JOBS_SWEEP_SECONDS"] == 15.0
