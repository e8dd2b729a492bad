"""The need-to-know table is the one place that decides by role: no module in
``caseflow/services`` or ``caseflow/web`` compares a user's role (``x.role == ...``,
``x.role in ...``) except ``services/permissions.py``, and except the places below, which
use a role as *data* (who is told, who can be assigned, which queue lists what, the query
form of a permission) rather than to allow or refuse. Each is listed with its reason; a
new one needs a reason here, or (better) a line in ``permissions.TABLE``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("caseflow/services", "caseflow/web")
TABLE_MODULE = "caseflow/services/permissions.py"

# "path:function" -> why this role comparison is not a permission decision.
ROLE_DATA = {
    "caseflow/services/cases/access.py:visible_to": "the query form of case.view",
    "caseflow/services/audit/watch.py:_administrators": "who is told of a broken record",
    "caseflow/services/reference/choice_lists.py:advisers": "who can be assigned a case",
    "caseflow/services/messaging/notifications.py:users_in_role": "who is told",
    "caseflow/services/accounts/two_factor.py:required_for": "TWO_FACTOR_ROLES configuration",
    "caseflow/services/cases/effects.py:_accept": "the adviser who accepts is assigned",
    "caseflow/services/cases/effects.py:_assign": "an assignee is one of BZK's own people",
    "caseflow/services/installation/demo.py:_demo_case": "demo data: who acts in the story",
    # The workflow definitions' own role lists, which TABLE refers to (case.edit, case.act):
    # a role outside edit_roles is refused (NotAllowed) before a state outside edit_states
    # (Conflict); the preparation of an action only skips work the engine will refuse.
    "caseflow/services/cases/lifecycle.py:_update": "case.edit, split into its two answers",
    "caseflow/services/cases/lifecycle.py:_prepare": "case.act, decided by the engine",
    # Work queues describe what a list shows each role, not what it may see (that is
    # access.visible_to, applied to every queue).
    "caseflow/services/caselists/queries.py:queue_clause": "work-queue definitions",
    "caseflow/services/caselists/queries.py:own_tasks_clause": "work-queue definitions",
    "caseflow/services/caselists/queries.py:responsible_deadline_clause": "whose deadlines",
    "caseflow/services/caselists/queries.py:state_counts": "the count form of visible_to",
    # The same definitions read from kept counts and the deadlines' copies of their case's
    # handler and holder (#14): which kept rows make up a queue or a role's view.
    "caseflow/services/caselists/queries.py:_responsible_deadlines": "whose deadlines",
    "caseflow/services/caselists/queries.py:_kept": "work-queue definitions, kept counts",
    "caseflow/services/caselists/queries.py:_queue_count": "work-queue definitions",
    "caseflow/services/caselists/queries.py:_kept_queue_count": "work-queue definitions",
    "caseflow/services/insight/spreading.py:_ministries_seen": "the count form of visible_to",
    "caseflow/services/reporting/province_report.py:_sees_all": "the count form of visible_to",
}


def _role_comparisons(tree: ast.AST) -> list[tuple[str, int]]:
    """(enclosing function, line) of every comparison with a ``<something>.role`` operand."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Attribute) and o.attr == "role" for o in operands):
                found.append((function, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def _allowed(path: str, function: str) -> bool:
    return f"{path}:{function}" in ROLE_DATA


def test_no_role_comparison_outside_the_permission_table() -> None:
    offenders = []
    for folder in CHECKED:
        for file in sorted((ROOT / folder).rglob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            if path == TABLE_MODULE:
                continue
            for function, line in _role_comparisons(ast.parse(file.read_text())):
                if not _allowed(path, function):
                    offenders.append(f"{path}:{line} ({function})")
    assert offenders == [], "decide by role in services/permissions.py TABLE: " + ", ".join(
        offenders
    )


def test_the_detector_sees_a_role_test() -> None:
    source = "def f(user):\n    return user.role == 'beheerder' or x.role in ROLES\n"
    assert _role_comparisons(ast.parse(source)) == [("f", 2), ("f", 2)]
