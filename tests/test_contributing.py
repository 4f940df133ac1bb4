"""CONTRIBUTING.md's worked examples, executed: they cannot rot.

Each ```python block that starts with `# reportgen/<package>/<module>.py` is
written into a scratch folder that is added to that package's search path, so
the registries discover it exactly as they would a module in the tree; each
```pycon block is then run as a doctest.  Nothing in reportgen/ is touched.
"""

from __future__ import annotations

import doctest
import importlib
import re
import sys
from pathlib import Path

import pytest

from reportgen.config import Settings
from reportgen.ingest import registry as reader_registry
from reportgen.render import formats as format_registry
from tests.conftest import ROOT
from tests.render.test_formats import small_report

GUIDE = ROOT / "CONTRIBUTING.md"
_BLOCK = re.compile(r"^```(python|pycon)\n(.*?)^```$", re.S | re.M)
_MODULE = re.compile(r"^# reportgen/(ingest|render)/(\w+)\.py\n")


def _blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))]


@pytest.fixture()
def scratch_packages(tmp_path: Path) -> Path:
    """Folders on reportgen.ingest's and reportgen.render's __path__; removed, with what they added, afterwards."""
    packages = {name: importlib.import_module(f"reportgen.{name}") for name in ("ingest", "render")}
    for name, package in packages.items():
        (tmp_path / name).mkdir()
        package.__path__.append(str(tmp_path / name))
    yield tmp_path
    for name, package in packages.items():
        package.__path__.remove(str(tmp_path / name))
        for module in [
            m
            for m in sys.modules
            if m.startswith(f"reportgen.{name}.") and m.rpartition(".")[2] in _written(tmp_path / name)
        ]:
            del sys.modules[module]
    reader_registry.REGISTRY.rescan()
    format_registry.REGISTRY.rescan()


def _written(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.py")}


def test_the_guide_has_both_worked_examples() -> None:
    modules = [_MODULE.match(code) for kind, code in _blocks() if kind == "python"]
    assert {m.group(1) for m in modules if m} == {"ingest", "render"}
    assert sum(kind == "pycon" for kind, _ in _blocks()) >= 2


def test_the_worked_examples_run(scratch_packages: Path, tmp_path: Path) -> None:
    reader_registry.REGISTRY.rescan()
    format_registry.REGISTRY.rescan()
    work = tmp_path / "work"
    work.mkdir()
    names = {"tmp": work, "report": small_report(), "settings": Settings()}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    for number, (kind, code) in enumerate(_blocks()):
        if kind == "python" and (module := _MODULE.match(code)):
            (scratch_packages / module.group(1) / f"{module.group(2)}.py").write_text(code, encoding="utf-8")
            reader_registry.REGISTRY.rescan()
            format_registry.REGISTRY.rescan()
        elif kind == "pycon":
            test = parser.get_doctest(code, names, f"CONTRIBUTING.md block {number}", str(GUIDE), 0)
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 5 and result.failed == 0, (
        "a worked example in CONTRIBUTING.md no longer runs (details above)"
    )
