"""Mutation testing covers every module of the rules, each with test files that exist."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_run", Path(__file__).parent / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_every_module_of_the_services_and_auth_is_under_mutation() -> None:
    rules = {
        path.relative_to(ROOT).as_posix()
        for folder in ("hub/services", "auth")
        for path in (ROOT / folder).glob("*.py")
        if path.name != "__init__.py"
    }
    assert sorted(rules - set(runner().MODULES)) == []


def test_each_module_is_tested_by_files_that_exist() -> None:
    for module, tests in runner().MODULES.items():
        assert (ROOT / module).is_file(), module
        assert tests, f"{module} has no test files"
        missing = [test for test in tests if not (ROOT / test).is_file()]
        assert missing == [], f"{module}: {missing}"
