"""Every PDF Conduct makes: HTML through WeasyPrint, fetching nothing but what Conduct ships.

Letter templates are written by council staff in the browser, so a page's HTML is not
trusted. WeasyPrint's own fetcher would read any file on the server (`file:///…`), call any
address from inside the council's network, and embed what it fetched as a PDF attachment
(`<a rel="attachment">`). Here it may read `data:` URLs and Conduct's own static files,
nothing else, and no PDF carries an embedded file.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A page names Conduct's own static files under this origin (`{OWN_ORIGIN}/assets/conduct/x.css`).
# The `.invalid` top-level domain never resolves (RFC 2606), so no network is reached with it.
# It is not the page's base URL: WeasyPrint would then miss the contents list's `#` targets.
OWN_ORIGIN = "https://conduct.invalid"


class RefusedURLError(ValueError):
    """A page asked for something outside Conduct; WeasyPrint leaves it out of the PDF."""


class OwnFilesOnly(URLFetcher):
    """A fetcher that serves `data:` URLs and Conduct's static files and refuses the rest."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        found = static_file(url)
        if found is None:
            logger.warning("A PDF asked for %.200s; only Conduct's own files are fetched", url)
            raise RefusedURLError(f"Conduct's PDFs fetch only their own files, not {url:.200}")
        return URLFetcherResponse(url, body=found.read_bytes(), headers=content_type(found))


def static_file(url: str) -> Path | None:
    """The static file a URL under Conduct's own origin names, if Conduct ships it."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != OWN_ORIGIN:
        return None
    if not parts.path.startswith(settings.STATIC_URL):
        return None
    name = unquote(parts.path.removeprefix(settings.STATIC_URL))
    if not name or ".." in Path(name).parts:
        return None
    found = finders.find(name)
    return Path(found) if isinstance(found, str) else None


def content_type(path: Path) -> dict[str, str]:
    types = {
        ".css": "text/css",
        ".png": "image/png",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
    }
    return {"Content-Type": types.get(path.suffix, "application/octet-stream")}


def render_pdf(page: str) -> bytes:
    """The page as a PDF, with only Conduct's own resources and no embedded files."""
    document = HTML(string=page, url_fetcher=OwnFilesOnly())
    without_attachments(document)
    return bytes(document.write_pdf())


def without_attachments(document: HTML) -> None:
    """Drop the `attachment` link type, so no link or `<link>` becomes an embedded file."""
    for element in document.etree_element.iter():
        rel = element.get("rel")
        if rel and "attachment" in rel.lower().split():
            kept = [word for word in rel.split() if word.lower() != "attachment"]
            element.set("rel", " ".join(kept))
