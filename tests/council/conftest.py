"""The council tests use the summary fixtures."""
from tests.summaries.conftest import consultation, debate, draft, draft_of, people  # noqa: F401
