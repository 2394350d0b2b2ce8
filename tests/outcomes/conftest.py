"""The outcomes tests use the summary fixtures."""
from tests.summaries.conftest import consultation, debate, people  # noqa: F401
