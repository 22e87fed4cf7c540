"""Every PDF fetches only Conduct's own files and `data:` URLs, and embeds no file."""

import re
from pathlib import Path

from conduct.core.pdf import OWN_ORIGIN, OwnFilesOnly, render_pdf
from conduct.core.tests.pdf_files import counting_receiver, embedded_files, text_of

ONE_PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2O"
    "UAAAAABJRU5ErkJggg=="
)

IMPORTS_WEASYPRINT = re.compile(r"^\s*(from|import) weasyprint", re.MULTILINE)


def test_a_server_file_is_neither_read_nor_attached(tmp_path: Path) -> None:
    """`file:` links, images and attachments are refused: nothing of the file is in the PDF."""
    secret = tmp_path / "secret.txt"
    secret.write_text("the server's secret")
    page = f"""<p>Letter</p>
        <a rel="attachment" href="file://{secret}">notes</a>
        <link rel="attachment" href="file://{secret}">
        <img src="file://{secret}" alt="">
        <object data="file://{secret}"></object>"""
    pdf = render_pdf(page)
    assert embedded_files(pdf) == []
    assert "secret" not in text_of(pdf)
    assert b"the server's secret" not in pdf


def test_no_address_is_called(tmp_path: Path) -> None:
    """Images, stylesheets and imports pointing at a server (inside or outside) are never fetched."""
    with counting_receiver() as (address, calls):
        render_pdf(
            f"""<link rel="stylesheet" href="{address}/style.css">
            <style>@import url("{address}/import.css"); body {{ background: url({address}/bg) }}</style>
            <img src="{address}/logo.png" alt=""><a rel="attachment" href="{address}/file">x</a>
            <img src="//127.0.0.1:{address.rsplit(":", 1)[1]}/relative" alt="">"""
        )
    assert calls == []


def test_data_urls_and_conducts_own_files_are_served() -> None:
    """An image written into the page, and Conduct's own stylesheet, still render."""
    fetcher = OwnFilesOnly()
    image = fetcher.fetch(ONE_PIXEL)
    assert image.read().startswith(b"\x89PNG")
    own = fetcher.fetch(f"{OWN_ORIGIN}/assets/conduct/decision-pack.css")
    assert own.content_type == "text/css"
    assert own.read()
    pdf = render_pdf(
        f'<link rel="stylesheet" href="{OWN_ORIGIN}/assets/conduct/decision-pack.css">'
        f'<img src="{ONE_PIXEL}" alt=""><p>Own</p>'
    )
    assert "Own" in text_of(pdf)


def test_a_path_outside_the_static_files_is_refused() -> None:
    """`..` cannot climb out of the static files, and other hosts are not Conduct's."""
    fetcher = OwnFilesOnly()
    for url in (
        f"{OWN_ORIGIN}/assets/../../../etc/passwd",
        f"{OWN_ORIGIN}/assets/%2e%2e/%2e%2e/etc/passwd",
        f"{OWN_ORIGIN}/etc/passwd",
        "https://example.org/assets/conduct/decision-pack.css",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
    ):
        try:
            fetcher.fetch(url)
        except ValueError:
            continue
        raise AssertionError(f"{url} was fetched")


def test_every_pdf_goes_through_one_door() -> None:
    """No module but conduct.core.pdf imports WeasyPrint, so no PDF escapes the fetcher."""
    package = Path(__file__).resolve().parents[2]
    importers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if IMPORTS_WEASYPRINT.search(path.read_text()) and "tests" not in path.parts
    ]
    assert importers == ["core/pdf.py"]
