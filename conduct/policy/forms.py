"""The form for editing a policy pack's text."""

from django import forms

from conduct.core.forms import GovUKForm
from conduct.core.text import DOCUMENT_LIMIT
from conduct.policy.errors import PolicyPackError
from conduct.policy.presenters import curly_quotes


class PackTextForm(GovUKForm):
    """A pack file as text. Saving it loads a new version, so the text needs a new version."""

    text = forms.CharField(
        label="Policy pack file",
        help_text="Change pack.version to a version not used before, such as the next number.",
        strip=False,
        max_length=DOCUMENT_LIMIT,
        widget=forms.Textarea,
        error_messages={"required": "Enter the policy pack file"},
    )

    def clean_text(self) -> str:
        """Browsers send textarea lines ending in CRLF; store them as the files have them."""
        text: str = self.cleaned_data["text"]
        return text.replace("\r\n", "\n")

    def add_pack_error(self, error: PolicyPackError) -> None:
        """One error per problem, each naming its key, so the summary lists them all."""
        for problem in error.problems:
            self.add_error("text", curly_quotes(str(problem)))
