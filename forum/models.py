"""Import every domain's models so the metadata knows all tables (Alembic, tests)."""
from forum.accounts.models import ApiToken, Role, User
from forum.consultations.models import Consultation
from forum.council.models import (CouncilResponse, Decision, ResponsePoint, ResponseRevision,
                                  ResponseUpdate)
from forum.jobs.models import Job
from forum.moderation.models import Appeal, AuditEntry, Flag, Suspension
from forum.notifications.email_models import (NotificationDigest, NotificationEvent,
                                               NotificationPreference)
from forum.notifications.models import Notification
from forum.pagecache.models import SiteVersion
from forum.posts.models import Endorsement, Mention, Post, Revision, Stance
from forum.privacy.models import DataExport
from forum.proposals.models import (OfflineSupportBatch, Proposal, ProposalCoauthor,
                                    ProposalEvent, ProposalState, ProposalSupport)
from forum.search.models import DocumentKind  # the index table follows create_all/drop_all
from forum.security.models import RecoveryCode, UserSession
from forum.sitepages.models import SitePage
from forum.summaries.models import (Summary, SummaryCitation, SummaryPoint, SummaryRevision,
                                    SummaryState)
from forum.threads.models import Thread, ThreadKind
from forum.topics.models import Topic

__all__ = ["Consultation", "CouncilResponse", "Decision", "ResponsePoint", "ResponseRevision", "ResponseUpdate", "Summary",
           "SummaryCitation", "SummaryPoint", "SummaryRevision", "SummaryState",
           "Appeal", "AuditEntry", "Flag", "Suspension", "RecoveryCode", "UserSession",
           "ApiToken", "DataExport", "DocumentKind", "Endorsement", "Job", "Mention", "Notification",
           "NotificationDigest", "NotificationEvent", "NotificationPreference", "OfflineSupportBatch",
           "Post", "Proposal", "ProposalCoauthor", "ProposalEvent", "ProposalState",
           "ProposalSupport", "Revision",
           "Role", "SitePage", "SiteVersion", "Stance", "Thread",
           "ThreadKind", "Topic", "User"]
