from django import forms

from conduct.core.forms import GovUKForm


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
