"""The one Jinja environment every page renders through.

GOV.UK Frontend's own component macros (through govuk-frontend-jinja) are
globals, named as in the Design System's examples: `govukButton({...})`.
Form fields render through the same macros (`govuk_field`, see forms.py).
"""

from pathlib import Path
from typing import Any, cast

import govuk_frontend_jinja
import jinja2
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, Undefined, filters
from jinja2.environment import TemplateModule
from jinja2.runtime import Context
from markupsafe import Markup

from conduct.core import components, forms, links

COMPONENT_DIR = Path(str(govuk_frontend_jinja.__file__)).parent / "templates/components"


def macro_name(component: str) -> str:
    """`error-summary` → `govukErrorSummary`."""
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def indent(text: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's `indent`, giving the same text, but HTML already marked safe is indented as one
    plain string: GOV.UK's macros indent every component's HTML, and the built-in filter wraps
    and escapes each line again (about a tenth of rendering a form page)."""
    if isinstance(text, Markup):
        return Markup(filters.do_indent(str(text), width, first, blank))  # noqa: S704 already safe
    return filters.do_indent(text, width, first, blank)


class Template(jinja2.Template):
    """A template whose imports skip a set difference Jinja works out through a ChainMap, key
    by key, each time a GOV.UK macro imports another (a fifth of rendering a form page).

    Jinja makes a fresh module only when the importing page has globals the imported template
    lacks; ours share the one environment's globals, so the answer is read from a plain set.
    """

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if ctx is not None:
            known = self.__dict__.get("_known_globals")
            if known is None:
                known = self.__dict__["_known_globals"] = frozenset(self.globals)
            if not ctx.globals_keys - known:
                ctx = None  # nothing new: the cached module, as Jinja itself would give
        return super()._get_default_module(ctx)


# What `mapping.name` could mean on a plain dict other than its key: its own methods.
DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    """Jinja's environment with the same answers, reached sooner for GOV.UK's parameters."""

    template_class = Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`params.text` on a dict: Jinja tries the attribute first and the key after a
        raised AttributeError, tens of thousands of times a page; a plain dict has no other
        attributes than its methods, so its key is read at once."""
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def environment(**options: Any) -> Environment:
    own_templates = options.pop("loader", None) or ChoiceLoader([])
    options["loader"] = ChoiceLoader(
        [
            own_templates,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    # The same templates again, for ours that stand in front of one of them
                    # (core/templates/govuk_frontend_jinja/macros/attributes.html).
                    "govuk_frontend_original": PackageLoader("govuk_frontend_jinja"),
                }
            ),
        ]
    )
    options.setdefault("autoescape", True)
    # GOV.UK's macros test for parameters that are not given; Django's debug mode would
    # print DebugUndefined markers into the page instead of leaving them out.
    options["undefined"] = Undefined
    env = PageEnvironment(**options)  # autoescape is on (above)
    env.filters["indent"] = indent
    for component_dir in sorted(COMPONENT_DIR.iterdir()):
        name = macro_name(component_dir.name)
        module = env.get_template(
            f"govuk_frontend_jinja/components/{component_dir.name}/macro.html"
        )
        env.globals[name] = getattr(module.module, name)
    attributes = env.get_template("govuk_frontend_jinja/macros/attributes.html").module
    table = cast(components.Macro, env.globals["govukTable"])
    env.globals["govukTable"] = components.Table(table, getattr(attributes, "govukAttributes"))  # noqa: B009 a template's macro
    env.globals["mojTimeline"] = components.Timeline(
        lambda: env.get_template("components/moj.html").module.mojTimeline  # type: ignore[attr-defined]
    )
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
