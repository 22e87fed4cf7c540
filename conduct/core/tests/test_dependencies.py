"""What the product imports, production installs.

`pip install .` (the Dockerfile, docs/deployment.md) installs pyproject's dependencies and
what they need, not the `dev` extra. A module outside the tests that imports a package only a
test tool brings in (scipy, through recordlinkage) passes every test here and fails to start
in production. So each package imported by the product's code must be a dependency, or one
of theirs.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Imported inside a function that production never calls, on purpose:
DEV_ONLY = {
    "time_machine": "the demo data's stages travel in time; make run installs the dev extra",
}


def name_of(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def installed_by_production() -> set[str]:
    """The dependencies and, through their metadata, what each needs (extras left out)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [name_of(item) for item in project["dependencies"]]
    extras = {name_of(item): re.findall(r"\[([^\]]+)\]", item) for item in project["dependencies"]}
    found: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name in found:
            continue
        found.add(name)
        try:
            needs = requires(name) or []
        except PackageNotFoundError:
            continue
        chosen = {extra.strip() for group in extras.get(name, []) for extra in group.split(",")}
        for need in needs:
            marker = need.partition(";")[2]
            extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)", marker)
            if extra is None or extra.group(1) in chosen:
                wanted.append(name_of(need))
    return found


def imported_packages() -> dict[str, str]:
    """Each top-level package the product's modules import, with one module that does."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "conduct").rglob("*.py")):
        if "tests" in path.parts or path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_package_the_product_imports_is_installed_in_production() -> None:
    production = installed_by_production()
    distributions = packages_distributions()
    missing = {
        package: module
        for package, module in imported_packages().items()
        if package not in sys.stdlib_module_names
        and package != "conduct"
        and package not in DEV_ONLY
        and not {name_of(d) for d in distributions.get(package, [package])} & production
    }
    assert not missing, f"imported, but not installed by `pip install .`: {missing}"
