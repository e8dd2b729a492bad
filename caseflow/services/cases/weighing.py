"""The weighing of an advice along the leidraad *Afwegingen locatiekeuzes rijksoverheid*:
per active consideration a judgement and a motivation, stored with each advice version.

The advice form always asks the whole weighing (``domain.leidraad.problems`` refuses one
that leaves a consideration unjudged); a caller without the form (demo data, scripts)
may draft with no weighing at all, and such a version simply has none. The weighing of a
draft is as internal as the draft (``permissions.visible_advice``); the issued letter and
the annual overview show the weighing of the issued version.

The differences between two versions (``drafting.version_diff``) show a changed judgement
or motivation as that consideration's line.

Not built yet: the annual overview's one-line summary is
Dutch in the English interface too; the spreading check and matching do not read the
weighing (the labour-market part of #12 flags the labour market on its own)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from caseflow.domain import leidraad as rules
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import Advice, AdviceWeighing, User
from caseflow.services import permissions
from caseflow.services.reference.leidraad import active_considerations
from workflows.inputs import WeighingEntry

FIELD = "weging"
ISSUED = "uitgebracht"
REFUSED = "De afweging volgens de leidraad is niet volledig."


@dataclass(frozen=True)
class WeighedLine:
    """One line of a stored weighing, as the case page, the letter and the form read it."""

    code: str
    label: str
    judgement: str
    judgement_label: str
    motivation: str


def record(advice: Advice, entries: Sequence[WeighingEntry]) -> None:
    """Store the weighing with a new advice version (in the caller's transaction); refuse
    it with a message per consideration when it does not hold. No entries: no weighing."""
    if not entries:
        return
    considerations = active_considerations()
    lines = [rules.WeighingLine(e.code, e.oordeel, e.motivering.strip()) for e in entries]
    found = rules.problems([c.code for c in considerations], lines)
    if found:
        fields = {f"{FIELD}-{p.code}": p.message for p in found}
        raise ValidationFailed(REFUSED, {FIELD: found[0].message, **fields})
    by_code = {line.code: line for line in lines}
    for position, consideration in enumerate(considerations, start=1):
        line = by_code[consideration.code]
        advice_weighing = AdviceWeighing(
            position=position,
            code=consideration.code,
            label=consideration.label,
            judgement=line.judgement,
            motivation=line.motivation,
        )
        advice_weighing.advice_id = advice.id
        db.session.add(advice_weighing)


def _rows(advice_ids: Iterable[int]) -> dict[int, list[AdviceWeighing]]:
    ids = list(advice_ids)
    found: dict[int, list[AdviceWeighing]] = {i: [] for i in ids}
    if not ids:
        return found
    query = (
        select(AdviceWeighing)
        .where(AdviceWeighing.advice_id.in_(ids))
        .order_by(AdviceWeighing.advice_id, AdviceWeighing.position)
    )
    for row in db.session.scalars(query):
        found[row.advice_id].append(row)
    return found


def _line(row: AdviceWeighing) -> WeighedLine:
    label = rules.JUDGEMENTS.get(row.judgement, row.judgement)
    return WeighedLine(row.code, row.label, row.judgement, label, row.motivation)


def lines_of(advice: Advice) -> list[WeighedLine]:
    """The stored weighing of one version (no permission check: the caller has one, as the
    letter and the redraft do)."""
    return [_line(row) for row in _rows([advice.id])[advice.id]]


def lines_by_advice(advice_ids: Iterable[int]) -> dict[int, list[WeighedLine]]:
    """The stored weighing per advice id, in one query (no permission check: the caller
    has one, as the version differences do)."""
    return {i: [_line(r) for r in rows] for i, rows in _rows(advice_ids).items()}


def visible_weighings(user: User, versions: Iterable[Advice]) -> dict[int, list[WeighedLine]]:
    """Per advice id the weighing of the versions ``user`` may read (a ministry: the issued
    ones only, like the advice text)."""
    visible = permissions.visible_advice(user, versions)
    return {i: [_line(r) for r in rows] for i, rows in _rows(a.id for a in visible).items()}


def start_entries(previous: Advice | None) -> list[dict[str, str]]:
    """The weighing a new version starts from: per active consideration the previous
    version's judgement and motivation (empty for a consideration it did not weigh)."""
    earlier = {line.code: line for line in lines_of(previous)} if previous else {}
    return [
        {
            "code": c.code,
            "oordeel": earlier[c.code].judgement if c.code in earlier else "",
            "motivering": earlier[c.code].motivation if c.code in earlier else "",
        }
        for c in active_considerations()
    ]


def summaries(advice_ids: Iterable[int]) -> dict[int, str]:
    """Per advice id its weighing in one line ("3 positief, 1 negatief"); "" without one."""
    return {
        i: rules.summary(r.judgement for r in rows) if rows else ""
        for i, rows in _rows(advice_ids).items()
    }


def issued_summaries(case_ids: Iterable[int]) -> dict[int, str]:
    """Per case id the one-line weighing of its latest issued advice version ("" when it
    has none): what the annual overview shows beside a decided case."""
    query = (
        select(Advice.case_id, Advice.id)
        .where(Advice.case_id.in_(list(case_ids)), Advice.status == ISSUED)
        .order_by(Advice.case_id, Advice.number)
    )
    latest: dict[int, int] = {row.case_id: row.id for row in db.session.execute(query)}
    by_advice = summaries(latest.values())
    return {case_id: by_advice[advice_id] for case_id, advice_id in latest.items()}
