"""SQLAlchemy 2 typed models. No commits here: services own the transaction."""

from caseflow.models.case import Advice, Case, CaseEvent, FollowUp, ReferenceCounter
from caseflow.models.meeting import AgendaItem, Meeting
from caseflow.models.reference import Masterplan, Ministry, Organisation, Province
from caseflow.models.user import User

__all__ = [
    "Advice",
    "AgendaItem",
    "Case",
    "CaseEvent",
    "FollowUp",
    "Masterplan",
    "Meeting",
    "Ministry",
    "Organisation",
    "Province",
    "ReferenceCounter",
    "User",
]
