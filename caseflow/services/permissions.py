"""The one need-to-know table: who may see and do what, per role, per object kind and, where
it matters, per case state. Views, templates (through booleans the views compute), exports,
notifications and e-mail all ask ``can``/``require`` here instead of keeping role lists.

The case *actions* (file, draft, approve, issue, ...) stay with the workflow definitions in
``workflows/``: the table refers to them (``case.act``) and ``cases.check_action`` decides per
state. ``ROUTES`` says which permission every endpoint needs; ``web.permissions`` enforces it
before any view runs, and a test fails when an endpoint is missing from it.

The rule BZK signs: its internal work reaches a ministry only when it is issued. A ministry
sees its own cases, issued advice (and its letter), its own documents and the documents BZK
shares with it; never a draft, a rejected draft, the coordinator's send-back comments or the
internal steps (drafting, putting up for approval, sending back, assigning). It sees a case
under approval (``ter_goedkeuring``) as ``in_behandeling``: that a draft is awaiting the
coordinator is itself internal. README.md ("Need-to-know") records the whole table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import case as sql_case

import workflows
from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.models import Advice, Case, CaseEvent, Document, ExportJob, Talk, User
from caseflow.services.cases.access import CASE_NOT_FOUND, held_by, holder_of
from workflows.base import (
    ADVISEUR,
    BEHEERDER,
    COORDINATOR,
    MINISTERIE,
    ROLES,
    SECRETARIAAT,
    WorkflowDefinition,
)

BZK = frozenset({ADVISEUR, COORDINATOR})
BZK_SIDE = BZK | {SECRETARIAAT}  # the coordination side: every case, no ministry of its own
CASE_ROLES = BZK_SIDE | {MINISTERIE}
EVERYONE = frozenset(ROLES)
ISSUED = "uitgebracht"
# Audit events of BZK's own deliberation: they never reach a ministry (or the secretariat).
INTERNAL_ACTIONS = frozenset(
    {"concept_opslaan", "ter_goedkeuring_voorleggen", "terugsturen", "toewijzen"}
)
# How a ministry sees a state that is BZK-internal (a draft awaits the coordinator).
MINISTRY_STATE_VIEW = {"ter_goedkeuring": "in_behandeling"}
# Where the secretariat works on a case: from the escalation to the ministerraad on.
ESCALATED = frozenset({"geen_overeenstemming", "geagendeerd", "besloten"})
CONCEPT = "concept"

PUBLIC = "public"  # a route anyone may open, logged in or not
NO_ACCESS = "U heeft hiervoor geen toegang."
NO_DOCUMENT = "Dit document bestaat niet of u heeft er geen toegang toe."
NO_ADVICE = "Deze adviesversie bestaat niet of is nog niet uitgebracht."
NO_EXPORT = "Dit bestand bestaat niet (meer) of is niet van u."


@dataclass(frozen=True)
class Rule:
    """Who holds a permission: the roles, and for a given object a further condition.
    ``hidden``: a refusal is NotFound, because the user may not know the object exists."""

    roles: frozenset[str]
    check: Callable[[User, Any], bool] | None = None
    hidden: bool = False
    message: str = NO_ACCESS


def _workflow_roles(
    pick: Callable[[WorkflowDefinition], Iterable[str]],
) -> frozenset[str]:
    return frozenset(r for d in workflows.REGISTRY.values() for r in pick(d))


def _owns_export(user: User, job: ExportJob) -> bool:
    return job.user_id == user.id


def _sees_case(user: User, case: Case) -> bool:
    """The object form of ``access.visible_to`` (which filters the queries)."""
    if user.role == MINISTERIE:
        return user.ministry_id is not None and case.holder_ministry_id == holder_of(
            user.ministry_id
        )
    return user.role in BZK_SIDE


def _sees_advice(user: User, advice: Advice) -> bool:
    return advice.status == ISSUED or user.role in BZK


def _sees_event(user: User, event: CaseEvent) -> bool:
    return event.action not in INTERNAL_ACTIONS or user.role in BZK


def _sees_document(user: User, document: Document) -> bool:
    return document.shared_with_ministry or user.role in BZK_SIDE


def _may_edit(user: User, case: Case) -> bool:
    definition = workflows.definition(case.case_type, case.workflow_version)
    return user.role in definition.edit_roles and case.state in definition.edit_states


def _may_create(user: User, definition: WorkflowDefinition) -> bool:
    return user.role in definition.create_roles


def _starts_as_concept(_user: User, definition: WorkflowDefinition) -> bool:
    return definition.initial == CONCEPT


def _may_upload(user: User, case: Case) -> bool:
    """A ministry to the cases it holds, BZK to every case, the secretariat once a case is
    escalated (closed cases: documents.upload_refusal)."""
    if user.role == MINISTERIE:
        return user.ministry_id in held_by(case.holder_ministry_id)
    return user.role in BZK or (user.role == SECRETARIAAT and case.state in ESCALATED)


def _is_concept(_user: User, case: Case) -> bool:
    return case.state == CONCEPT


def _sees_talk(user: User, talk: Talk) -> bool:
    """Regional talks are BZK's; a ministry sees only the talks held with itself."""
    if user.role != MINISTERIE:
        return user.role in BZK_SIDE
    return (
        talk.kind == "ministerie"
        and talk.ministry_id is not None
        and user.ministry_id is not None
        and holder_of(talk.ministry_id) == holder_of(user.ministry_id)
    )


TABLE: dict[str, Rule] = {
    # Cases: to whoever may not see one it does not exist.
    "case.view": Rule(CASE_ROLES, _sees_case, hidden=True, message=CASE_NOT_FOUND),
    "case.list": Rule(CASE_ROLES),
    "case.export": Rule(CASE_ROLES),
    # Per case type (obj: its workflow definition).
    "case.create": Rule(
        _workflow_roles(lambda d: d.create_roles),
        _may_create,
        message="Uw rol mag geen zaken aanmaken.",
    ),
    # BZK sets a concept ready for a ministry (from an early signal, lifecycle.prepare_case):
    # the ministry completes and submits it, so only case types that start as a concept.
    "case.prepare": Rule(
        BZK,
        _starts_as_concept,
        message="Alleen BZK zet een concept-zaak klaar voor een ministerie.",
    ),
    "case.edit": Rule(_workflow_roles(lambda d: d.edit_roles), _may_edit),
    # Per state and action: the workflow definitions (cases.check_action).
    "case.act": Rule(_workflow_roles(lambda d: (r for a in d.actions for r in a.roles))),
    # Advice: drafts, rejected drafts and the coordinator's comments are BZK's own.
    "draft_advice.view": Rule(BZK, hidden=True, message=NO_ADVICE),
    "issued_advice.view": Rule(CASE_ROLES, _sees_advice, hidden=True, message=NO_ADVICE),
    "review_comment.view": Rule(BZK, hidden=True),
    "internal_note.view": Rule(BZK, hidden=True),
    "letter.view": Rule(CASE_ROLES, _sees_advice, hidden=True, message=NO_ADVICE),
    "audit_event.view": Rule(CASE_ROLES, _sees_event, hidden=True),
    # Documents: the ministry's own, and what BZK shared with it.
    "document.view": Rule(CASE_ROLES, _sees_document, hidden=True, message=NO_DOCUMENT),
    # A closed case takes no documents at all (documents.upload_refusal).
    "document.upload": Rule(
        CASE_ROLES, _may_upload, message="U mag bij deze zaak geen documenten toevoegen."
    ),
    "document.share": Rule(BZK_SIDE, message="Alleen BZK en het secretariaat delen documenten."),
    "deadline.view": Rule(CASE_ROLES),
    "deadline.extend": Rule(
        frozenset({COORDINATOR}), message="Alleen een BZK-coördinator mag een termijn verlengen."
    ),
    # Escalations to the ministerraad: confidential cabinet material.
    "meeting.view": Rule(
        BZK_SIDE, message="U heeft geen toegang tot de agenda van de ministerraad."
    ),
    "meeting.manage": Rule(
        frozenset({SECRETARIAAT}), message="Alleen het secretariaat beheert de vergaderkalender."
    ),
    "annual_overview.view": Rule(
        BZK_SIDE,
        message="Alleen adviseurs, de coördinator en het secretariaat kunnen het jaaroverzicht "
        "opstellen.",
    ),
    "insight.view": Rule(
        CASE_ROLES, message="Het beheer heeft geen toegang tot de spreidingsinformatie."
    ),
    "split_changes.view": Rule(
        BZK, message="Alleen de coördinator en adviseurs van BZK zien de gesplitste wijzigingen."
    ),
    "region_profile.view": Rule(EVERYONE),
    "region_profile.edit": Rule(
        BZK, message="Alleen BZK-adviseurs en -coördinatoren mogen ontwikkelprofielen wijzigen."
    ),
    "figures.view": Rule(EVERYONE),
    "figures.import": Rule(
        BZK, message="Alleen BZK-adviseurs en -coördinatoren mogen cijfers importeren."
    ),
    "figures.withdraw": Rule(
        BZK, message="Alleen BZK-adviseurs en -coördinatoren mogen een import intrekken."
    ),
    # Regional labour-market indicators: public figures, imported by BZK.
    "labour_market.view": Rule(EVERYONE),
    # The regional network's front page: everyone, each link there under its own permission.
    "network.view": Rule(EVERYONE),
    "labour_market.import": Rule(
        BZK,
        message="Alleen BZK-adviseurs en -coördinatoren mogen arbeidsmarktindicatoren importeren.",
    ),
    # The state's offices and rijksontmoetingspleinen (services.places): BZK keeps them.
    "office.view": Rule(
        CASE_ROLES, message="Het beheer heeft geen toegang tot het register van kantoren."
    ),
    "office.edit": Rule(
        BZK, message="Alleen BZK-adviseurs en -coördinatoren mogen kantoren wijzigen."
    ),
    # The masterplan pages (services.places.masterplans): case counts per user's need-to-know.
    "masterplan.view": Rule(
        CASE_ROLES, message="Het beheer heeft geen toegang tot de masterplannen."
    ),
    # Status and period of a masterplan: BZK keeps them (services.places.masterplans).
    "masterplan.edit": Rule(
        BZK, message="Alleen BZK-adviseurs en -coördinatoren wijzigen een masterplan."
    ),
    # Every user's own inbox; the texts in it obey the rules above (notifications.py).
    "notification.view": Rule(EVERYONE),
    # Files built by a background task (services.reporting.exports): every user sees their own
    # list; a file is downloaded by the user who asked for it and nobody else, and only while
    # that user still holds the right to what it holds (annual_overview.view for the annual
    # overview), checked again when it is built and when it is downloaded.
    "export.list": Rule(EVERYONE),
    "export.download": Rule(EVERYONE, _owns_export, hidden=True, message=NO_EXPORT),
    "account.use": Rule(EVERYONE),  # start page, preferences, logging out, own account
    # Personal API tokens (services.accounts.api_tokens): for the roles that read cases; a
    # token acts as its user, through this same table (caseflow.api).
    "api_token.manage": Rule(
        CASE_ROLES, message="Het beheer heeft geen gegevens die via de API te lezen zijn."
    ),
    "users.manage": Rule(frozenset({BEHEERDER})),
    # API clients per ministry (services.accounts.api_clients): the administrator makes and
    # revokes them; a client acts as a technical ministry user through this same table.
    "api_client.manage": Rule(
        frozenset({BEHEERDER}), message="Alleen de beheerder beheert systeemkoppelingen."
    ),
    # Webhook subscriptions of ministries' and BZK's systems (services.messaging.webhooks):
    # what each system receives follows ``system_sees_transition`` below.
    "webhook.manage": Rule(frozenset({BEHEERDER}), message="Alleen de beheerder beheert webhooks."),
    "reference.view": Rule(frozenset({BEHEERDER})),
    # The leidraad's considerations change when the leidraad does: the administrator's.
    "leidraad.manage": Rule(
        frozenset({BEHEERDER}), message="Alleen de beheerder wijzigt de afwegingen van de leidraad."
    ),
    # Who files and looks up for any ministry (choosing it on the form); a ministry user
    # always acts for its own.
    "ministry.choose": Rule(
        EVERYONE - {MINISTERIE}, message="Een ministerie werkt alleen voor zichzelf."
    ),
    # The README's decision: BZK reads a concept; the ministry that wrote it is told so.
    "concept_notice.view": Rule(frozenset({MINISTERIE}), _is_concept),
    # Organisations: the administrator keeps the list; a ministry proposes one by filing
    # for it (services.organisations), BZK or the administrator confirms or merges it.
    "organisation.manage": Rule(
        frozenset({BEHEERDER}), message="Alleen de beheerder voegt organisaties toe."
    ),
    "organisation.confirm": Rule(
        BZK | {BEHEERDER},
        message="Alleen BZK en de beheerder bevestigen voorgestelde organisaties.",
    ),
    # Woo: the coordinator decides at closing what may be published; the export of what
    # may be published is BZK's.
    "publication.decide": Rule(
        frozenset({COORDINATOR}),
        message="Alleen de BZK-coördinator besluit over openbaarmaking.",
    ),
    "publication.export": Rule(
        BZK, message="Alleen BZK stelt de lijst van openbaar te maken zaken op."
    ),
    # Talks with regional administrators and ministries (services.network.talks): BZK
    # records them, the secretariat reads them, a ministry reads the talks held with it.
    "talk.list": Rule(CASE_ROLES),
    "talk.view_all": Rule(BZK_SIDE),  # every talk, the regional ones included
    "talk.view": Rule(CASE_ROLES, _sees_talk, hidden=True),
    "talk.edit": Rule(
        BZK, message="Alleen BZK-adviseurs en -coördinatoren leggen gesprekken vast."
    ),
    "talk_overview.view": Rule(
        BZK_SIDE, message="Het jaaroverzicht van de gesprekken is er voor BZK en het secretariaat."
    ),
    # The province report (services.reporting.province_report): BZK's regional talks with
    # every ministry's cases and signals, so for the coordination side only.
    "province_report.view": Rule(
        BZK_SIDE, message="Het provinciaal rapport is er voor BZK en het secretariaat."
    ),
    # Early signals (services.network.signals): BZK and a ministry record them, a ministry
    # only its own (the service filters on the holder); the secretariat reads them all.
    "signal.list": Rule(CASE_ROLES),
    "signal.view_all": Rule(BZK_SIDE),
    "signal.edit": Rule(
        BZK | {MINISTERIE},
        message="Alleen BZK en de ministeries leggen signalen vast.",
    ),
}

# Endpoint -> the permission a user needs to open it at all (object checks follow in the
# services). A new route is refused until it is given a line here.
ROUTES: dict[str, str] = {
    "static": PUBLIC,
    "favicon": PUBLIC,
    "pages.accessibility": PUBLIC,
    "health.healthz": PUBLIC,  # the process answers (load balancer, systemd)
    "health.readyz": PUBLIC,  # database, migrations and broker ready
    "health.metrics": PUBLIC,  # Prometheus: its own bearer token (METRICS_TOKEN) instead
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.second_step": PUBLIC,  # the code after the password: not logged in yet
    "auth.enrol": PUBLIC,  # 2FA enrolment: before the login completes, or from preferences
    "auth.renew_recovery_codes": "account.use",
    "auth.preferences": "account.use",
    "account.change_password": "account.use",
    "account.api_tokens_page": "api_token.manage",
    "account.revoke_api_token": "api_token.manage",
    # The JSON API (caseflow.api checks these lines for the token's user).
    "api-docs.openapi_json": PUBLIC,
    "api_token.grant": PUBLIC,  # the client-credentials grant: the client's secret instead
    "api_reference.docs": PUBLIC,
    "api.case_list": "case.list",
    "api.annual": "annual_overview.view",
    "api.case_detail": "case.view",
    "api.case_actions": "case.view",
    "api.case_create": "case.create",  # the case type: lifecycle.create_case
    "api.case_update": "case.edit",  # the case's state and type: lifecycle.update_case
    "api.case_act": "case.act",  # the action's roles, states and guards: lifecycle.perform
    "api.case_advice": "case.view",  # the versions: permissions.visible_advice
    "api.advice_letter": "letter.view",
    "api.case_deadlines": "deadline.view",
    "api.case_documents": "case.view",  # the documents: permissions.visible_documents
    "api.document_download": "document.view",
    "api.document_upload": "document.upload",  # the case's state: documents.upload
    "api.notifications": "notification.view",
    "api.region_profiles": "region_profile.view",
    "api.employment_figures": "figures.view",
    "api.employment_figures_import": "figures.import",
    "api.meetings": "meeting.view",
    "cases.dashboard": "account.use",  # the administrator is sent on to the user screens
    "cases.case_list": "case.list",
    "cases.export_csv": "case.export",
    "cases.export_xlsx": "case.export",
    "cases.choose_type": "case.create",
    "cases.new_case": "case.create",
    "cases.edit_case": "case.edit",
    "cases.detail": "case.view",
    "cases.timeline_csv": "case.view",  # the timeline as the user may read it (timeline.py)
    "cases.action": "case.act",
    "deadlines.extend": "deadline.extend",
    "documents.upload": "document.upload",
    "documents.download": "document.view",
    "documents.share": "document.share",
    "overview.advice_letter": "letter.view",
    "overview.annual": "annual_overview.view",
    "overview.annual_download": "annual_overview.view",
    "overview.annual_export": "annual_overview.view",  # an export job: exports.request_annual
    "exports.downloads": "export.list",
    "exports.download": "export.list",  # the job's owner: export.download in the service
    "overview.drill_down": "annual_overview.view",
    "province_report.report": "province_report.view",
    "province_report.download": "province_report.view",
    "meetings.board": "meeting.view",
    "meetings.agenda": "meeting.view",
    "meetings.agenda_pdf": "meeting.view",
    "meetings.plan": "meeting.manage",
    "meetings.move": "meeting.manage",
    "meetings.cancel": "meeting.manage",
    "insight.dashboard": "insight.view",
    "insight.split_changes": "split_changes.view",
    "regions.profile_list": "region_profile.view",
    "regions.profile_detail": "region_profile.view",
    "regions.profile_new": "region_profile.edit",
    "regions.profile_edit": "region_profile.edit",
    "regions.figure_list": "figures.view",
    "regions.figure_import": "figures.import",
    "regions.figure_import_confirm": "figures.import",
    "regions.figure_batches": "figures.view",
    "regions.figure_batch": "figures.view",
    "regions.figure_batch_withdraw": "figures.withdraw",
    "labour_market.indicator_list": "labour_market.view",
    "network.index": "network.view",
    "labour_market.indicator_import": "labour_market.import",
    "labour_market.indicator_import_confirm": "labour_market.import",
    "offices.office_list": "office.view",
    "offices.office_detail": "office.view",
    "offices.office_new": "office.edit",
    "offices.office_edit": "office.edit",
    "offices.office_import": "office.edit",
    "offices.office_import_confirm": "office.edit",
    "masterplans.masterplan_list": "masterplan.view",
    "masterplans.masterplan_detail": "masterplan.view",
    "masterplans.masterplan_edit": "masterplan.edit",
    "inbox.notifications": "notification.view",
    "inbox.mark_read": "notification.view",
    "inbox.mark_all_read": "notification.view",
    "inbox.mail": "notification.view",
    "inbox.mail_message": "notification.view",
    "admin.user_admin": "users.manage",
    "admin.user_edit": "users.manage",
    "admin.user_act": "users.manage",
    "admin.password_reset": "users.manage",
    "admin.reference": "reference.view",
    "api_clients.clients": "api_client.manage",
    "api_clients.revoke": "api_client.manage",
    "webhooks.subscriptions": "webhook.manage",
    "webhooks.deactivate": "webhook.manage",
    "webhooks.deliveries": "webhook.manage",
    "webhooks.replay": "webhook.manage",
    "webhooks.replay_failed": "webhook.manage",
    "leidraad.considerations": "leidraad.manage",
    "leidraad.consideration_edit": "leidraad.manage",
    "leidraad.consideration_act": "leidraad.manage",
    "organisations.organisation_new": "organisation.manage",
    "organisations.organisation_edit": "organisation.manage",
    "organisations.proposals": "organisation.confirm",
    "organisations.confirm": "organisation.confirm",
    "organisations.merge": "organisation.confirm",
    "publication.decide_case": "publication.decide",
    "publication.decide_document": "publication.decide",
    "publication.export": "publication.export",
    "talks.talk_list": "talk.list",
    "talks.talk_new": "talk.edit",
    "talks.talk_detail": "talk.list",  # the talk itself: talk.view in the service
    "talks.talk_edit": "talk.edit",
    "talks.follow_up_add": "talk.edit",
    "talks.follow_up_done": "talk.edit",
    "talks.yearly_overview": "talk_overview.view",
    "signals.signal_list": "signal.list",
    "signals.signal_new": "signal.edit",
    "signals.signal_edit": "signal.edit",
    "signals.signal_detail": "signal.list",  # the signal itself: need-to-know in the service
    "signals.signal_convert": "signal.list",  # case.create of the case type, in the service
}


def can(user: User | None, permission: str, obj: object = None) -> bool:
    """Whether ``user`` holds ``permission`` (on ``obj`` when given). An unknown permission
    is a programming error (KeyError), never a silent yes."""
    rule = TABLE[permission]
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role not in rule.roles:
        return False
    return obj is None or rule.check is None or rule.check(user, obj)


def role_holds(role: str, permission: str) -> bool:
    """Whether a role (not yet a user's: a role about to be given) holds ``permission``."""
    return role in TABLE[permission].roles


def require(user: User | None, permission: str, obj: object = None) -> None:
    """``can`` or the domain error: NotFound where the user may not know the object exists."""
    if can(user, permission, obj):
        return
    rule = TABLE[permission]
    raise (NotFound if rule.hidden else NotAllowed)(rule.message)


def route_permission(endpoint: str | None) -> str | None:
    """The permission an endpoint needs; None for an endpoint nobody decided on."""
    return ROUTES.get(endpoint or "")


# Per object kind: filter what a screen, export or message is about to show.


def visible_advice(user: User, versions: Iterable[Advice]) -> list[Advice]:
    return [a for a in versions if can(user, "issued_advice.view", a)]


def visible_documents(user: User, documents: Iterable[Document]) -> list[Document]:
    return [d for d in documents if can(user, "document.view", d)]


def visible_events(
    user: User, events: Iterable[CaseEvent], documents: Iterable[Document]
) -> list[CaseEvent]:
    """The audit events a user may read: no internal steps, and no upload or download of a
    document the user may not see (its name alone can tell what BZK is working on)."""
    hidden_documents = {d.id for d in documents if not can(user, "document.view", d)}
    return [
        e
        for e in events
        if can(user, "audit_event.view", e)
        and not (e.kind == "document" and (e.data or {}).get("document") in hidden_documents)
    ]


def system_sees_transition(system_ministry_id: int | None, holder_id: int, action: str) -> bool:
    """Whether a subscribed system (a webhook) is told of a transition: a BZK system
    (no ministry) of every one; a ministry's system, like its users, only of the cases its
    ministry holds and never of BZK's internal steps (the states it is shown: shown_state
    with the ministry role)."""
    if system_ministry_id is None:
        return True
    return holder_of(system_ministry_id) == holder_id and action not in INTERNAL_ACTIONS


# States: what a role is shown, and what it filters on.


def shown_state(user: User | str | None, state: str) -> str:
    """The state as ``user`` (or a role) is shown it: a ministry sees a case under approval
    as being in progress. No user (a background task): the state itself."""
    role = user if isinstance(user, str) else getattr(user, "role", "")
    return MINISTRY_STATE_VIEW.get(state, state) if role == MINISTERIE else state


def hidden_states(user: User) -> frozenset[str]:
    """States a user is never shown (and cannot filter on)."""
    return frozenset(MINISTRY_STATE_VIEW) if user.role == MINISTERIE else frozenset()


def states_shown_as(user: User, state: str) -> tuple[str, ...]:
    """The stored states a filter on ``state`` means to ``user``: for a ministry
    'in_behandeling' includes the cases under approval, and 'ter_goedkeuring' matches none."""
    if user.role != MINISTERIE:
        return (state,)
    if state in MINISTRY_STATE_VIEW:
        return ()
    return (state, *sorted(s for s, shown in MINISTRY_STATE_VIEW.items() if shown == state))


def state_column(user: User) -> ColumnElement[str]:
    """``cases.state`` as ``user`` is shown it, for queries that read the state (exports)."""
    if user.role != MINISTERIE:
        return Case.state.expression
    return sql_case(MINISTRY_STATE_VIEW, value=Case.state, else_=Case.state)


def merged_counts(user: User, counts: dict[str, int]) -> dict[str, int]:
    """Counts per "case_type:state" as the user is shown the states."""
    merged: dict[str, int] = {}
    for key, n in counts.items():
        case_type, _, state = key.partition(":")
        shown = f"{case_type}:{shown_state(user, state)}"
        merged[shown] = merged.get(shown, 0) + n
    return merged
