"""The one Jinja environment every page renders through.

GOV.UK Frontend's own component macros (through govuk-frontend-jinja) are
globals, named as in the Design System's examples: `govukButton({...})`.
Form fields render through the same macros (`govuk_field`, see forms.py).
"""

from pathlib import Path
from typing import Any

import govuk_frontend_jinja
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, Undefined

from conduct.core import forms, links

COMPONENT_DIR = Path(str(govuk_frontend_jinja.__file__)).parent / "templates/components"


def macro_name(component: str) -> str:
    """`error-summary` → `govukErrorSummary`."""
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    own_templates = options.pop("loader", None) or ChoiceLoader([])
    options["loader"] = ChoiceLoader(
        [
            own_templates,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", True)
    # GOV.UK's macros test for parameters that are not given; Django's debug mode would
    # print DebugUndefined markers into the page instead of leaving them out.
    options["undefined"] = Undefined
    env = Environment(**options)  # noqa: S701 autoescape is on
    for component_dir in sorted(COMPONENT_DIR.iterdir()):
        name = macro_name(component_dir.name)
        module = env.get_template(
            f"govuk_frontend_jinja/components/{component_dir.name}/macro.html"
        )
        env.globals[name] = getattr(module.module, name)
    env.globals.update(
        static=static,
        url=url,
        get_messages=get_messages,
        govuk_field=forms.govuk_field,
        govuk_error_summary=forms.govuk_error_summary,
        link=links.link,
        may_open=links.may_open_here,
    )
    return env
