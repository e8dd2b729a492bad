"""SQLAlchemy 2 typed models. No commits here: services own the transaction."""

from caseflow.models.api_client import ApiClient
from caseflow.models.api_token import ApiToken
from caseflow.models.audit import AuditCheckpoint, AuditCheckpointHead
from caseflow.models.case import (
    Advice,
    AdviceLetter,
    AssigneeCount,
    Case,
    CaseCount,
    CaseEvent,
    FollowUp,
    ReferenceCounter,
)
from caseflow.models.deadline import Deadline, DeadlineExtension, DeadlinePause, Reminder
from caseflow.models.decided import DecidedCount, DecidedEffect
from caseflow.models.document import Document
from caseflow.models.export_job import ExportJob
from caseflow.models.labour_market import LabourMarketIndicator
from caseflow.models.leidraad import AdviceWeighing, LeidraadConsideration
from caseflow.models.meeting import AgendaItem, Meeting
from caseflow.models.notification import MailMessage, Notification
from caseflow.models.office import Office
from caseflow.models.reference import Masterplan, Ministry, Organisation, Province
from caseflow.models.region import EmploymentFigure, NationalFigure, RegionProfile
from caseflow.models.report_tally import ReportEffect, ReportTally
from caseflow.models.signal import Signal
from caseflow.models.talk import Talk, TalkFollowUp
from caseflow.models.user import RecoveryCode, User
from caseflow.models.webhook import WebhookDelivery, WebhookEvent, WebhookSubscription

__all__ = [
    "Advice",
    "AdviceLetter",
    "AdviceWeighing",
    "AgendaItem",
    "ApiClient",
    "ApiToken",
    "AssigneeCount",
    "AuditCheckpoint",
    "AuditCheckpointHead",
    "Case",
    "CaseCount",
    "CaseEvent",
    "Deadline",
    "DeadlineExtension",
    "DeadlinePause",
    "DecidedCount",
    "DecidedEffect",
    "Document",
    "EmploymentFigure",
    "ExportJob",
    "FollowUp",
    "LabourMarketIndicator",
    "LeidraadConsideration",
    "MailMessage",
    "Masterplan",
    "Meeting",
    "Ministry",
    "NationalFigure",
    "Notification",
    "Office",
    "Organisation",
    "Province",
    "RecoveryCode",
    "ReferenceCounter",
    "RegionProfile",
    "Reminder",
    "ReportEffect",
    "ReportTally",
    "Signal",
    "Talk",
    "TalkFollowUp",
    "User",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
]
