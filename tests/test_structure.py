"""The package's shape, as far as a test can see it: the root re-exports and defines
nothing, and importing it stays light. (The one-way layers and the absence of cycles are
import-linter's contracts in pyproject.toml, checked by `lint-imports` in CI.)"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import cards
from tests.conftest import ROOT

# What `import cards` must not pull in: each is loaded only by the step that needs it.
HEAVY = ("lxml", "trafilatura", "qrcode", "yaml", "uniseg", "pyphen", "budoux", "fontTools",
         "concurrent.futures.process", "multiprocessing", "distributed")


def test_importing_cards_loads_none_of_the_heavy_libraries():
    code = ("import json, sys, cards; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stdout) == []


def test_the_package_root_defines_nothing():
    tree = ast.parse((ROOT / "cards" / "__init__.py").read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in tree.body}
    assert kinds <= {"Expr", "ImportFrom", "Assign"}  # the docstring, imports, __all__
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)]
    assert assigned == ["__all__"]


def test_every_public_name_lives_in_its_stage():
    for name in cards.__all__:
        value = getattr(cards, name)
        home = getattr(value, "__module__", None)
        assert home is None or home.startswith("cards.") and home != "cards", (name, home)


def test_each_stage_says_what_it_takes_and_gives():
    for package in sorted((ROOT / "cards").glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
        assert doc and "takes" in doc and "gives" in doc, package.parent.name
