from typing import Any

from django import forms

from conduct.core.forms import GovUKForm
from conduct.customers.models import CouncilService


class SignInForm(GovUKForm):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


class SecurityCodeForm(GovUKForm):
    code = forms.RegexField(
        label="Security code",
        regex=r"^\s*\d{6}\s*$",
        help_text="The 6-digit code shown in your authenticator app",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": False}
        ),
        error_messages={
            "required": "Enter the security code",
            "invalid": "Enter the 6-digit security code shown in your authenticator app",
        },
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class PostForm(GovUKForm):
    """A post a policy pack names, for the whole council or one service."""

    post = forms.ChoiceField(
        label="Post",
        error_messages={"required": "Select the post", "invalid_choice": "Select the post"},
    )
    service = forms.ModelChoiceField(
        label="Service (optional)",
        help_text="Leave blank if they hold the post for the whole council",
        queryset=CouncilService.objects.none(),
        required=False,
        empty_label="The whole council",
    )

    def __init__(self, *args: Any, posts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = sorted(posts.items(), key=lambda item: item[1])
        self.fields["post"].choices = [("", "Select the post"), *choices]  # type: ignore[attr-defined]
        self.fields["service"].queryset = CouncilService.objects.filter(is_active=True)  # type: ignore[attr-defined]
