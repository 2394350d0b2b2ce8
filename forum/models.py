"""Import every domain's models so the metadata knows all tables (Alembic, tests)."""
from forum.accounts.models import ApiToken, Role, User
from forum.posts.models import Endorsement, Post, Stance
from forum.threads.models import Revision, Thread, ThreadKind
from forum.topics.models import Topic

__all__ = ["ApiToken", "Endorsement", "Post", "Revision", "Role", "Stance", "Thread",
           "ThreadKind", "Topic", "User"]
