"""Files staff upload: every file field has a size limit, checked before a byte is read.

Django streams an upload above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file as it
arrives, so a large upload costs disk, not memory. The limit then refuses it before
anything opens, parses or stores it: a 60 MB email must never reach the email parser.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat


def size_in_words(limit: int) -> str:
    """ "25 MB", as GOV.UK writes a size."""
    return str(filesizeformat(limit)).replace("\xa0", " ")


class BoundedFileField(forms.FileField):
    """A file field that refuses a file larger than the named setting allows, in GOV.UK words."""

    def __init__(self, *, limit_setting: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limit_setting = limit_setting

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        limit = getattr(settings, self.limit_setting)
        if upload and (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"The selected file must be smaller than {size_in_words(limit)}", code="too_large"
            )
        return upload
