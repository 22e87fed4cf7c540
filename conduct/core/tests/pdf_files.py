"""What a PDF holds beyond its pages, and an HTTP receiver that counts who called it."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pdfplumber
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1


def embedded_files(pdf: bytes) -> list[str]:
    """Files embedded in the document (its EmbeddedFiles names) and attached to its pages."""
    document = PDFDocument(PDFParser(BytesIO(pdf)))
    names = resolve1(document.catalog.get("Names")) or {}
    found = ["document"] if "EmbeddedFiles" in names else []
    with pdfplumber.open(BytesIO(pdf)) as opened:
        for page in opened.pages:
            for annotation in page.annots:
                subtype = resolve1(annotation["data"].get("Subtype"))
                if getattr(subtype, "name", "") == "FileAttachment":
                    found.append(f"page {page.page_number}")
    return found


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(BytesIO(pdf)) as opened:
        return "\n".join(page.extract_text() or "" for page in opened.pages)


@contextmanager
def counting_receiver() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on loopback; yields its address and the paths it was asked for."""
    calls: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            calls.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", calls
    finally:
        server.shutdown()
        server.server_close()
