"""Only the front-end files Conduct uses are served from node_modules."""

import pytest


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/assets/govuk-frontend.min.css", 200),
        ("/assets/govuk-frontend.min.js", 200),
        ("/assets/moj-frontend.min.js", 200),
        ("/assets/fonts/bold-b542beb274-v2.woff2", 200),
        ("/assets/images/favicon.svg", 200),
        ("/assets/images/icon-alert-warning.svg", 200),
        ("/assets/conduct/init.js", 200),
        ("/assets/govuk-frontend/package.json", 404),
        ("/assets/govuk/all.scss", 404),
        ("/assets/axe-core/axe.min.js", 404),
    ],
)
def test_static_files_are_mapped_file_by_file(client, path, status):
    """Fonts and images the GOV.UK CSS expects under /assets/ are there; nothing else leaks."""
    assert client.get(path).status_code == status
