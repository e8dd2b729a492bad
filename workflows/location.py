"""The lifecycle shared by the three location cases (omvangswijziging, nieuwe_dienst,
masterplan): ministry files, BZK advises or proposes, the ministers agree or the case is
escalated to the ministerraad. Each case type module calls ``location_workflow``."""

from __future__ import annotations

from workflows.base import (
    ADVISEUR,
    COORDINATOR,
    MINISTERIE,
    SECRETARIAAT,
    Action,
    Branch,
    DeadlinePolicy,
    State,
    WorkflowDefinition,
    action,
)
from workflows.fields import Field
from workflows.guards import FILING_COMPLETE, HAS_DRAFT, INTAKE_DONE, NOT_DRAFTER
from workflows.inputs import (
    AdviceInput,
    AgendaInput,
    AgreementInput,
    AssignInput,
    CloseInput,
    DecisionInput,
    ObjectionInput,
    OutOfScopeInput,
    QuestionInput,
    ReasonInput,
    ReturnInput,
    SupplyInput,
)

BZK = {ADVISEUR, COORDINATOR}

# Withdrawal is possible from every open state before agreement (7) or decision (10).
WITHDRAWABLE = (
    "concept",
    "ingediend",
    "aanvulling_gevraagd",
    "in_behandeling",
    "ter_goedkeuring",
    "advies_uitgebracht",
    "geen_overeenstemming",
    "geagendeerd",
)
FINAL = ("afgerond", "ingetrokken", "buiten_behandeling")


def _states(product: str) -> tuple[State, ...]:
    return (
        State("concept", "Concept"),
        State("ingediend", "Ingediend"),
        State("aanvulling_gevraagd", "Aanvulling gevraagd"),
        State("in_behandeling", "In behandeling"),
        State("ter_goedkeuring", "Ter goedkeuring"),
        State("advies_uitgebracht", f"{product.capitalize()} uitgebracht"),
        State("overeenstemming", "Overeenstemming"),
        State("geen_overeenstemming", "Geen overeenstemming"),
        State("geagendeerd", "Geagendeerd voor ministerraad"),
        State("besloten", "Besloten door ministerraad"),
        State("afgerond", "Afgerond", final=True),
        State("ingetrokken", "Ingetrokken", final=True),
        State("buiten_behandeling", "Buiten behandeling", final=True),
    )


def _filing_and_intake() -> tuple[Action, ...]:
    return (
        action(
            "indienen",
            "Indienen bij BZK",
            ("concept",),
            "ingediend",
            {MINISTERIE},
            guards=(FILING_COMPLETE,),
        ),
        action("intake_accepteren", "In behandeling nemen", ("ingediend",), "in_behandeling", BZK),
        action(
            "aanvulling_vragen",
            "Aanvulling vragen",
            ("ingediend", "in_behandeling"),
            "aanvulling_gevraagd",
            BZK,
            input_type=QuestionInput,
        ),
        Action(
            "aanvullen",
            "Aanvulling leveren",
            ("aanvulling_gevraagd",),
            (Branch("in_behandeling", INTAKE_DONE), Branch("ingediend")),
            frozenset({MINISTERIE}),
            input_type=SupplyInput,
            guards=(FILING_COMPLETE,),
        ),
        action(
            "buiten_behandeling_stellen",
            "Buiten behandeling stellen",
            ("ingediend", "aanvulling_gevraagd", "in_behandeling"),
            "buiten_behandeling",
            {COORDINATOR},
            input_type=OutOfScopeInput,
            side=True,
        ),
        action(
            "toewijzen",
            "Adviseur toewijzen",
            ("ingediend", "aanvulling_gevraagd", "in_behandeling", "ter_goedkeuring"),
            "=",
            {COORDINATOR},
            input_type=AssignInput,
            side=True,
        ),
    )


def _advice(product: str) -> tuple[Action, ...]:
    return (
        action(
            "concept_opslaan",
            f"Concept{product} opstellen",
            ("in_behandeling",),
            "=",
            BZK,
            input_type=AdviceInput,
        ),
        action(
            "ter_goedkeuring_voorleggen",
            "Ter goedkeuring voorleggen",
            ("in_behandeling",),
            "ter_goedkeuring",
            BZK,
            guards=(HAS_DRAFT,),
        ),
        action(
            "terugsturen",
            "Terugsturen met opmerkingen",
            ("ter_goedkeuring",),
            "in_behandeling",
            {COORDINATOR},
            input_type=ReturnInput,
        ),
        action(
            "uitbrengen",
            f"Goedkeuren en {product} uitbrengen",
            ("ter_goedkeuring",),
            "advies_uitgebracht",
            {COORDINATOR},
            guards=(NOT_DRAFTER,),
        ),
    )


def _response_and_escalation() -> tuple[Action, ...]:
    return (
        action(
            "instemmen",
            "Instemmen (overeenstemming)",
            ("advies_uitgebracht",),
            "overeenstemming",
            {MINISTERIE},
            input_type=AgreementInput,
        ),
        action(
            "niet_instemmen",
            "Niet instemmen",
            ("advies_uitgebracht",),
            "geen_overeenstemming",
            {MINISTERIE},
            input_type=ObjectionInput,
        ),
        action(
            "agenderen",
            "Agenderen voor ministerraad",
            ("geen_overeenstemming",),
            "geagendeerd",
            {SECRETARIAAT},
            input_type=AgendaInput,
        ),
        action(
            "besluit_vastleggen",
            "Besluit ministerraad vastleggen",
            ("geagendeerd",),
            "besloten",
            {SECRETARIAAT},
            input_type=DecisionInput,
        ),
        # The close form asks the Woo decision (what may be published) besides the
        # retention date the closing sets (Archiefwet).
        action(
            "afronden",
            "Zaak afronden",
            ("overeenstemming", "besloten"),
            "afgerond",
            {COORDINATOR},
            input_type=CloseInput,
        ),
        action(
            "intrekken",
            "Zaak intrekken",
            WITHDRAWABLE,
            "ingetrokken",
            {MINISTERIE},
            input_type=ReasonInput,
            side=True,
        ),
        action(
            "heropenen",
            "Zaak heropenen",
            FINAL,
            "ingediend",
            {COORDINATOR},
            input_type=ReasonInput,
            side=True,
        ),
    )


def _deadlines(product: str) -> tuple[DeadlinePolicy, ...]:
    return (
        DeadlinePolicy(
            "intake",
            "Intake",
            "ingediend",
            5,
            ADVISEUR,
            ("ingediend", "aanvulling_gevraagd"),
            pauses_in=("aanvulling_gevraagd",),
        ),
        DeadlinePolicy(
            "advies",
            product.capitalize(),
            "in_behandeling",
            30,
            ADVISEUR,
            ("in_behandeling", "aanvulling_gevraagd", "ter_goedkeuring"),
            pauses_in=("aanvulling_gevraagd",),
        ),
        DeadlinePolicy(
            "reactie",
            "Reactie ministerie",
            "advies_uitgebracht",
            20,
            MINISTERIE,
            ("advies_uitgebracht",),
        ),
        DeadlinePolicy(
            "agendering",
            "Agendering ministerraad",
            "geen_overeenstemming",
            20,
            SECRETARIAAT,
            ("geen_overeenstemming",),
        ),
    )


def location_workflow(
    code: str,
    label: str,
    prefix: str,
    product: str,
    threshold: int | None,
    version: int = 1,
    fields: tuple[Field, ...] = (),
) -> WorkflowDefinition:
    """A location workflow; ``product`` is "advies" or "voorstel" (what BZK issues);
    ``fields`` what the ministry files (workflows.fields)."""
    return WorkflowDefinition(
        code=code,
        version=version,
        label=label,
        reference_prefix=prefix,
        initial="concept",
        states=_states(product),
        actions=_filing_and_intake() + _advice(product) + _response_and_escalation(),
        create_roles=frozenset({MINISTERIE}),
        edit_states=frozenset({"concept", "aanvulling_gevraagd"}),
        edit_roles=frozenset({MINISTERIE}),
        threshold_fte=threshold,
        product=product,
        deadlines=_deadlines(product),
        fields=fields,
    )
