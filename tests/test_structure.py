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
    """It re-exports, lazily (PEP 562): a table of where each public name lives and the
    module-level lookup that imports it, and nothing else."""
    tree = ast.parse((ROOT / "cards" / "__init__.py").read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in tree.body}
    # the docstring, imports (under TYPE_CHECKING too), the table, __all__, the lookup
    assert kinds <= {"Expr", "ImportFrom", "If", "Assign", "FunctionDef"}
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)]
    assert assigned == ["_HOME", "__all__"]
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions == ["__getattr__", "__dir__"]
    assert sorted(cards._HOME) == sorted(n for n in cards.__all__ if n != "__version__")


def test_the_command_line_starts_without_loading_every_stage():
    """`cards quotes` and `cards inspect` need neither the layout nor the web server: the
    root and the group import each command, and each stage, only when it is used."""
    code = ("import json, sys, cards.cli.main, cards.cli.quotes, cards.cli.inspect; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('cards'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = json.loads(done.stdout)
    for stage in ("cards.pipeline", "cards.render.layout", "cards.serve.app",
                  "cards.design.catalog", "cards.cli.render", "cards.jobs.run"):
        assert stage not in loaded


def test_every_public_name_lives_in_its_stage():
    for name in cards.__all__:
        value = getattr(cards, name)
        home = getattr(value, "__module__", None)
        assert home is None or home.startswith("cards.") and home != "cards", (name, home)


def test_each_stage_says_what_it_takes_and_gives():
    for package in sorted((ROOT / "cards").glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
        assert doc and "takes" in doc and "gives" in doc, package.parent.name
