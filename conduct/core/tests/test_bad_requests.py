"""An address no page can use is a 400 page, not a 500 (issue 16, item 4)."""

import pytest

from conduct.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    ["/customers/C%00/", "/customers/?q=Sam%00", "/customers/?q=%1b", "/customers/?%7f=1"],
)
def test_control_characters_in_an_address_are_a_bad_request(client, make_staff, sign_in, address):
    """The address or its query with a control character is refused before any view runs."""
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    response = client.get(address)
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.content.decode()
