"""The administrator's door into importing a register: upload, preview, confirm, result.

The upload is kept under VAR_DIR/imports with a random name until it is
confirmed, so the preview and the import read the same bytes, and is deleted
after a day if it never is (uploads.py). The work is in importing.py, shared
with `manage.py import_customers`.
"""

import secrets
from pathlib import Path
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from conduct.alerts import importing
from conduct.alerts.uploads import store
from conduct.core.forms import GovUKForm
from conduct.core.permissions import requires
from conduct.core.refusals import Refusal
from conduct.core.uploads import BoundedFileField

PREVIEW_ROWS = 10


class UploadForm(GovUKForm):
    file = BoundedFileField(
        limit_setting="REGISTER_IMPORT_MAX_BYTES",
        label="Register file",
        help_text="CSV (UTF-8 or Windows-1252) or Excel (.xlsx), with the column names in the first row",
        error_messages={
            "required": "Select a register file",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX")
        return upload


def stored(token: str) -> Path:
    if not token.isalnum():
        raise Http404
    matches = list(store().glob(f"{token}.*"))
    if not matches:
        raise Http404
    return matches[0]


@requires("alerts.import_register")
def upload(request: HttpRequest) -> HttpResponse:
    """Choose the file; it is checked row by row on the next page before anything is written."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        token = secrets.token_hex(16)
        suffix = Path(upload_file.name).suffix.lower()
        (store() / f"{token}{suffix}").write_bytes(upload_file.read())
        request.session[f"import-name-{token}"] = upload_file.name
        return redirect("alerts:import_preview", token=token)
    return TemplateResponse(
        request, "alerts/import_upload.html", {"form": form, "help": importing.HELP}
    )


@requires("alerts.import_register")
def preview(request: HttpRequest, token: str) -> HttpResponse:
    """The first rows and every bad row with its reasons; confirming imports the good rows."""
    path = stored(token)
    name = request.session.get(f"import-name-{token}", path.name)
    try:
        register = importing.read_register(name, path.read_bytes())
    except Refusal as error:
        path.unlink(missing_ok=True)
        return TemplateResponse(
            request, "alerts/import_result.html", {"problem": str(error)}, status=422
        )
    if request.method == "POST":
        result = importing.import_rows(register, by=request.user)
        path.unlink(missing_ok=True)
        return TemplateResponse(
            request, "alerts/import_result.html", {"result": result, "name": name}
        )
    context = {
        "register": register,
        "name": name,
        "first": [preview_row(row) for row in register.rows[:PREVIEW_ROWS]],
        "bad": [
            [{"text": str(row.line)}, {"text": "; ".join(row.problems)}] for row in register.bad
        ],
    }
    return TemplateResponse(request, "alerts/import_preview.html", context)


def preview_row(row: importing.Row) -> list[dict[str, str]]:
    v = row.values
    name = " ".join(
        filter(None, [importing.text(row, "given_names"), importing.text(row, "family_name")])
    )
    return [
        {"text": str(row.line)},
        {"text": row.reference},
        {"text": name},
        {"text": str(v.get("postcode") or "")},
        {"text": str(v.get("marker_category") or "None")},
        {"text": "Bad row" if row.problems else "Ready"},
    ]
