"""The password rules (OWASP ASVS 4.0 V2.1, NIST SP 800-63B): at least 12 characters, at
most 128, no composition rules, and refused when it is common or guessable: in the list of
breached and common passwords shipped with zxcvbn (30,000 entries) or in our Dutch additions,
equal to or built from the user's name or e-mail address, or rated weak by zxcvbn (score
below 3 of 4, which catches repetitions such as ``Welkom01Welkom01`` and keyboard walks).

One place: the web forms, the services and the command line all call ``problems``."""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3
# Words any Dutch government password list starts with; zxcvbn treats them as dictionary
# words for this check, so "Rijksoverheid2026" is as weak as "Password2026".
DUTCH_COMMON = (
    "welkom",
    "wachtwoord",
    "geheim",
    "rijksoverheid",
    "ministerie",
    "overheid",
    "caseflow",
    "nederland",
    "zomer",
    "winter",
    "voorjaar",
    "najaar",
    "maandag",
    "januari",
    "amsterdam",
    "denhaag",
    "bzk",
)


def problems(password: str, *, name: str = "", email: str = "") -> list[str]:
    """Dutch reasons why ``password`` may not be used; empty when it may."""
    if len(password) < MIN_LENGTH:
        return [f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens."]
    if len(password) > MAX_LENGTH:
        return [f"Kies een wachtwoord van hoogstens {MAX_LENGTH} tekens."]
    personal = _personal_words(name, email)
    folded = password.casefold()
    if any(folded == word for word in personal) or folded == email.strip().casefold():
        return ["Uw wachtwoord mag niet gelijk zijn aan uw naam of e-mailadres."]
    result = zxcvbn(password[:100], user_inputs=[*personal, *DUTCH_COMMON])
    if result["score"] < MIN_SCORE:
        return [
            "Dit wachtwoord is te makkelijk te raden (het staat in een lijst van veelgebruikte "
            "of gelekte wachtwoorden, of lijkt op uw naam of e-mailadres). Kies bijvoorbeeld "
            "een zin van vier of meer woorden."
        ]
    return []


def _personal_words(name: str, email: str) -> list[str]:
    words = [name.strip().casefold(), email.strip().casefold()]
    words += re.split(r"[\s.@_+-]+", f"{name} {email}".casefold())
    return [w for w in words if len(w) >= 3]
