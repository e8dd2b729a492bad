"""The regional network's front page: one menu entry, each register listed only for whom the
permissions table allows it."""

from __future__ import annotations

from flask.testing import FlaskClient

from caseflow.models import User
from tests.conftest import login
from tests.web.helpers import page_of

Users = dict[str, User]
NETWORK_LINKS = {
    "/gesprekken": ("adviseur", "ministerie", "secretariaat"),
    "/signalen": ("adviseur", "ministerie", "secretariaat"),
    "/kantoren": ("adviseur", "ministerie", "secretariaat"),
    "/masterplannen": ("adviseur", "ministerie", "secretariaat"),
    "/provincies/groningen/rapport": ("adviseur", "secretariaat"),
    "/arbeidsmarkt": ("adviseur", "ministerie", "secretariaat", "beheerder"),
}


def test_each_role_sees_the_registers_it_may_open(client: FlaskClient, users: Users) -> None:
    for role in ("adviseur", "ministerie", "secretariaat", "beheerder"):
        login(client, users[role])
        page = page_of(client, "/netwerk")
        assert 'aria-current="page">Regionaal netwerk' in page
        for link, roles in NETWORK_LINKS.items():
            assert (f'href="{link}"' in page) == (role in roles), (role, link)
            if role in roles:  # what the page offers opens
                assert client.get(link).status_code == 200, (role, link)


def test_the_menu_marks_the_network_on_its_registers(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    page = page_of(client, "/signalen")
    assert 'aria-current="true">Regionaal netwerk' in page
    assert 'aria-current="true">Regionaal netwerk' not in page_of(client, "/zaken")
