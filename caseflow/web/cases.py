"""Case pages: dashboard, list (search, sort, export), filing, editing, the case page and
workflow actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import login_required

from caseflow.domain import publication as woo
from caseflow.domain.bounds import INT_MAX
from caseflow.domain.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.services import permissions, vocabulary
from caseflow.services.caselists import dashboard as caselists_dashboard
from caseflow.services.caselists import export, queries
from caseflow.services.caselists.case_search import normalise
from caseflow.services.caselists.case_sort import SORT_COLUMNS
from caseflow.services.cases import case_page, drafting, lifecycle
from caseflow.services.cases.access import get_case
from caseflow.services.cases.action_inputs import Action, ActionInput
from caseflow.services.cases.action_page import ActionPage, action_page
from caseflow.services.insight import regions
from caseflow.services.reference import choice_lists
from caseflow.web import weighing_form
from caseflow.web.case_view import impact_context, render_case_page
from caseflow.web.choices import case_form, fill_action_choices
from caseflow.web.conflicts import reapply_on_fresh_case
from caseflow.web.forms import ACTION_FORMS, VersionedForm, action_input, show_errors
from caseflow.web.input_guard import id_arg
from caseflow.web.session import actor
from caseflow.web.timeline import csv_export as timeline_export

if TYPE_CHECKING:
    from caseflow.models import Case, User
    from caseflow.services.cases.case_fields import WorkflowDefinition

bp = Blueprint("cases", __name__)


@bp.get("/")
@login_required
def dashboard() -> ResponseReturnValue:
    try:
        page = caselists_dashboard.dashboard(actor())
    except NotAllowed:  # no case content for the administrator: to the user admin
        return redirect(url_for("admin.user_admin"))
    return render_template("dashboard.html", dashboard=page)


@bp.get("/zaken")
@login_required
def case_list() -> ResponseReturnValue:
    user = actor()
    case_filter, sort = _filter_from_args(), _sort_from_args()
    size = current_app.config["PAGE_SIZE"]
    result = queries.listing(user, case_filter, sort, request.args.get("na"), size)
    args = _list_args()
    return render_template(
        "cases/list.html",
        listing=result,
        filter=case_filter,
        sort=sort,
        sort_links=_sort_links(sort, args),
        caption=_list_caption(sort),
        queues=[(q, queries.QUEUE_LABELS[q]) for q in queries.queues_for(user.role)],
        queue_label=queries.QUEUE_LABELS.get(case_filter.queue, ""),
        definitions=caselists_dashboard.case_types(),
        provinces=choice_lists.provinces(),
        masterplans=choice_lists.masterplans(),
        ministries=choice_lists.ministries(current_only=False),
        advisers=choice_lists.advisers(),
        args=args,
        hidden_states=permissions.hidden_states(user),  # need-to-know: no filter on them
        may_export_publication=permissions.can(user, "publication.export"),
    )


@bp.get("/zaken/export.csv")
@login_required
def export_csv() -> ResponseReturnValue:
    chunks = export.csv_stream(actor(), _filter_from_args(), _sort_from_args())
    response = Response(
        stream_with_context(chunks),
        mimetype=export.CSV_MIMETYPE,
        headers=_download_headers(export.filename("csv")),
    )
    # stream_with_context does not close a stream that was never started.
    response.call_on_close(chunks.close)
    return response


@bp.get("/zaken/export.xlsx")
@login_required
def export_xlsx() -> ResponseReturnValue:
    workbook = export.xlsx_file(actor(), _filter_from_args(), _sort_from_args())
    response = send_file(
        workbook,
        mimetype=export.XLSX_MIMETYPE,
        as_attachment=True,
        download_name=export.filename("xlsx"),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _download_headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


# Query parameters of the case list that links (next page, sorting, export) carry along.
LIST_ARGS = (
    "q",
    "wachtrij",
    "type",
    "status",
    "ministerie",
    "provincie",
    "masterplan",
    "behandelaar",
    "wacht",
    "verlopen",
    "openbaarheid",
    "sort",
    "dir",
)


def _list_args() -> dict[str, str]:
    return {k: v for k in LIST_ARGS if (v := request.args.get(k, ""))}


def _filter_from_args() -> queries.CaseFilter:
    args = request.args
    case_type = args.get("type", "")
    queue = args.get("wachtrij", "")
    return queries.CaseFilter(
        case_type=case_type if case_type in vocabulary.CASE_TYPES else "",
        state=args.get("status", "")[:30],
        ministry_id=id_arg("ministerie"),
        province_id=id_arg("provincie"),
        masterplan_id=id_arg("masterplan"),
        assignee_id=id_arg("behandelaar"),
        waiting_for=actor().role if args.get("wacht") == "mij" else "",
        overdue=args.get("verlopen") == "1",
        queue=queue if queue in queries.QUEUES else "",
        q=normalise(args.get("q", "")),
        publication=_publication_arg(args.get("openbaarheid", "")),
    )


def _publication_arg(value: str) -> str:
    """A Woo decision to filter closed cases on; anything else: no filter."""
    return value if value in (*woo.DECISIONS, queries.UNDECIDED) else ""


def _sort_from_args() -> queries.Sort:
    return queries.Sort.parse(request.args.get("sort"), request.args.get("dir"))


@dataclass(frozen=True)
class SortLink:
    """A sortable column header: where it leads and how it reads to a screen reader."""

    url: str
    action: str  # "sorteer oplopend" / "sorteer aflopend"
    aria_sort: str  # "ascending" / "descending" on the sorted column, else ""


def _sort_links(current: queries.Sort, args: dict[str, str]) -> dict[str, SortLink]:
    links = {}
    for column in SORT_COLUMNS:
        if column == current.column:
            target = queries.Sort(column, not current.descending)
            aria = "descending" if current.descending else "ascending"
        else:
            target, aria = queries.Sort.parse(column, None), ""
        params: dict[str, Any] = {**args, "sort": column, "dir": target.direction}
        way = _("sorteer aflopend") if target.descending else _("sorteer oplopend")
        links[column] = SortLink(url_for("cases.case_list", **params), way, aria)
    return links


def _list_caption(sort: queries.Sort) -> str:
    """The caption of the case table: 'Zaken, gesorteerd op titel, oplopend'."""
    if not sort.column:
        return str(_("Zaken, nieuwste eerst"))
    column = _(SORT_COLUMNS[sort.column]).lower()
    if sort.descending:
        return str(_("Zaken, gesorteerd op %(column)s, aflopend", column=column))
    return str(_("Zaken, gesorteerd op %(column)s, oplopend", column=column))


@bp.get("/zaken/nieuw")
@login_required
def choose_type() -> ResponseReturnValue:
    allowed = _creatable()
    if not allowed:
        abort(403, _("Uw rol mag geen zaken aanmaken."))
    return render_template("cases/choose_type.html", definitions=allowed)


def _creatable() -> list[WorkflowDefinition]:
    """The newest versions of the case types the user may file."""
    types = caselists_dashboard.case_types()
    return [d for d in types if permissions.can(actor(), "case.create", d)]


@bp.route("/zaken/nieuw/<case_type>", methods=["GET", "POST"])
@login_required
def new_case(case_type: str) -> ResponseReturnValue:
    known = {d.code: d for d in caselists_dashboard.case_types()}
    if case_type not in known:
        abort(404)
    definition = known[case_type]
    if definition not in _creatable():
        abort(403, _("Uw rol mag dit soort zaak niet aanmaken."))
    form = case_form(actor(), case_type, None, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        try:
            case = lifecycle.create_case(actor(), case_type, _form_data(form))
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Zaak %(reference)s is aangemaakt.", reference=case.reference), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    status = 422 if form.errors else 200
    return render_template("cases/form.html", form=form, definition=definition, case=None), status


@bp.route("/zaken/<int:case_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_case(case_id: int) -> ResponseReturnValue:
    case = get_case(actor(), case_id)
    definition = lifecycle.definition_of(case)
    if not lifecycle.can_edit(actor(), case):
        abort(403, _("U kunt de gegevens van deze zaak nu niet wijzigen."))
    form = case_form(
        actor(), case.case_type, case, request.form if request.method == "POST" else None
    )
    if form.validate_on_submit():
        try:
            lifecycle.update_case(actor(), case_id, form.version_number(), _form_data(form))
        except ValidationFailed as exc:
            show_errors(form, exc)
        except Conflict as exc:
            case = reapply_on_fresh_case(actor(), case_id, form, exc)
            if not lifecycle.can_edit(actor(), case):
                raise
            return render_template(
                "cases/form.html", form=form, definition=definition, case=case
            ), 409
        else:
            flash(_("De gegevens zijn opgeslagen."), "success")
            return redirect(url_for("cases.detail", case_id=case_id))
    status = 422 if form.errors else 200
    return render_template("cases/form.html", form=form, definition=definition, case=case), status


@bp.get("/zaken/<int:case_id>")
@login_required
def detail(case_id: int) -> ResponseReturnValue:
    return render_case_page(actor(), case_id)


@bp.get("/zaken/<int:case_id>/tijdlijn.csv")
@login_required
def timeline_csv(case_id: int) -> ResponseReturnValue:
    """The case's timeline for an auditor or a Woo request, in Dutch like the other exports."""
    case = get_case(actor(), case_id)
    with force_locale("nl"):
        body = timeline_export(actor(), case)
    name = f"tijdlijn-{case.reference}.csv"
    return Response(body, mimetype=export.CSV_MIMETYPE, headers=_download_headers(name))


@bp.route("/zaken/<int:case_id>/acties/<name>", methods=["GET", "POST"])
@login_required
def action(case_id: int, name: str) -> ResponseReturnValue:
    # An insert button without JavaScript: the typed text comes back with the insertion.
    inserting = name == regions.PREFILL_ACTION and bool(request.form.get("invoegen"))
    if request.method == "POST" and not inserting:
        return _submit_action(case_id, name)
    page = action_page(actor(), case_id, name)
    form = _action_form(page.action.input_type, case_id)
    if request.method == "GET":
        form.version.data = str(page.case.version)
    if page.drafting_advice:
        _prepare_draft(page.case, form)
    return _action_page(form, page, 200)


class _FormRefused(Exception):
    """The posted action form did not validate: perform nothing, show it with its errors."""


def _submit_action(case_id: int, name: str) -> ResponseReturnValue:
    """Hand the submission to the service, which loads, locks and checks the case once and
    asks for the form of the action's input type only then."""
    posted: list[VersionedForm] = []
    labels: list[str] = []

    def read(chosen: Action) -> ActionInput:
        form = _action_form(chosen.input_type, case_id)
        posted.append(form)
        labels.append(chosen.label)
        if not form.validate_on_submit():
            raise _FormRefused
        return action_input(form, chosen.input_type)

    try:
        lifecycle.perform(actor(), case_id, name, _posted_version(), read)
    except _FormRefused:
        return _action_page(posted[0], action_page(actor(), case_id, name), 422)
    except ValidationFailed as exc:
        if not posted:
            raise
        show_errors(posted[0], exc)
        return _action_page(posted[0], action_page(actor(), case_id, name), 422)
    except Conflict as exc:
        if not posted:
            raise
        reapply_on_fresh_case(actor(), case_id, posted[0], exc)
        # Still possible on the fresh case (else the 409 page), with the input kept.
        return _action_page(posted[0], action_page(actor(), case_id, name), 409)
    flash(_("Actie '%(action)s' is uitgevoerd.", action=_(labels[0])), "success")
    return redirect(url_for("cases.detail", case_id=case_id))


def _action_form(input_type: type[ActionInput], case_id: int) -> VersionedForm:
    form = ACTION_FORMS[input_type](formdata=request.form if request.method == "POST" else None)
    fill_action_choices(form, case_id)
    weighing_form.align(form, weighing_form.posted_lines(form))
    return form


def _posted_version() -> int:
    """The case version the form was rendered with (-1 if it carries none that fits)."""
    try:
        number = int(request.form.get("version", ""))
    except ValueError:
        return -1
    return number if 0 <= number <= INT_MAX else -1


def _action_page(form: VersionedForm, page: ActionPage, status: int) -> ResponseReturnValue:
    support = spreading_context(actor(), page.case) if page.drafting_advice else {}
    return render_template(
        "cases/action.html",
        form=form,
        case=page.case,
        action=page.action,
        definition=page.definition,
        advice_support=page.drafting_advice,
        draft=page.draft,
        asked=page.asked,
        **support,
    ), status


def _prepare_draft(case: Case, form: VersionedForm) -> None:
    """Fill the advice form: on opening, the latest version (plus a region's reasoning when
    chosen on the case page); on an insert button, what was typed plus the insertion."""
    if request.method == "GET":
        for key, value in drafting.start_values(case).items():
            if key == weighing_form.FIELD:
                weighing_form.align(form, value)
            else:
                form[key].data = value
        if regio := id_arg("regio"):
            _insert(form, drafting.insertion(actor(), case, f"{drafting.REGION_KEY}{regio}"))
        return
    _insert(form, drafting.insertion(actor(), case, request.form.get("invoegen", "")[:40]))


def _insert(form: VersionedForm, insertion: drafting.Insertion) -> None:
    form["tekst"].data = drafting.appended(form["tekst"].data or "", insertion.text)
    if insertion.province_id is not None and not form["provincie_id"].data:
        form["provincie_id"].data = insertion.province_id


def _form_data(form: VersionedForm) -> dict[str, Any]:
    return {f.name: f.data for f in form if f.name not in ("version", "csrf_token")}


def spreading_context(user: User, case: Case) -> dict[str, Any]:
    """Beside the advice form: the effect on the spreading and the fitting regions, so the
    adviser drafts with them in view (the caller already checked case access)."""
    region = case_page.region_matches(user, case)
    return impact_context(case_page.spreading_panels(user, case)) | {"region": region}
