"""What can be wrong with the audit record, named for the person who has to look into it."""

from __future__ import annotations

from dataclasses import dataclass

CHANGED = "changed"
REMOVED = "removed"
REORDERED = "reordered"
MISSING_AFTER_CHECKPOINT = "missing_after_checkpoint"
UNKNOWN_KEY = "unknown_key"
UNSEALED = "unsealed"

# Dutch, like every message of the services; the code stays in the text for searching logs.
DESCRIPTIONS = {
    CHANGED: "gewijzigd: de inhoud past niet meer bij de vastgelegde hash",
    REMOVED: "verwijderd: wat ervoor in de keten hoort, ontbreekt",
    REORDERED: "verwisseld: staat niet meer op zijn plaats in de keten",
    MISSING_AFTER_CHECKPOINT: (
        "ontbreekt na controlepunt {checkpoint}: de nieuwste gebeurtenis van dat "
        "controlepunt (en wat erna kwam) is verwijderd"
    ),
    UNKNOWN_KEY: "ondertekend met een sleutel die niet bekend is (AUDIT_KEY)",
    UNSEALED: "ongesleutelde gebeurtenis die geen controlepunt dekt",
}


@dataclass(frozen=True)
class Break:
    """The first broken link of one case, or of the checkpoint chain (``case_id`` None)."""

    problem: str
    case_id: int | None = None
    reference: str = ""
    event_id: int | None = None
    checkpoint_id: int | None = None
    detail: str = ""

    def describe(self) -> str:
        what = DESCRIPTIONS[self.problem].format(checkpoint=self.checkpoint_id)
        if self.case_id is None:
            where = f"controlepunt {self.checkpoint_id or '(bestand)'}"
        elif self.event_id is None:
            where = f"zaak {self.reference or self.case_id}"
        else:
            where = f"zaak {self.reference or self.case_id}, gebeurtenis {self.event_id}"
        extra = f" ({self.detail})" if self.detail else ""
        return f"{where}: {what}{extra} [{self.problem}]"
