"""runtime.configure: the one place process-wide state is set.  Each check runs in a fresh interpreter,
so this test process's own environment is left alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

_PROBE = """
import json, logging, os, sys, warnings
from pathlib import Path
from reportgen import runtime
cache = None if sys.argv[1] == "-" else Path(sys.argv[1])
numba_dir = runtime.configure(cache)
import numba.core.config
print(json.dumps({
    "numba_dir": str(numba_dir),
    "numba_config": numba.core.config.CACHE_DIR,
    "numba_dir_exists": numba_dir.is_dir(),
    "torch_dir": os.environ["TORCHINDUCTOR_CACHE_DIR"],
    "env": {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM", "MPLBACKEND")},
    "bertopic_disabled": logging.getLogger("BERTopic").disabled,
    "weasyprint_level": logging.getLogger("weasyprint").level,
    "heavy_imported": sorted(m for m in ("matplotlib", "torch", "sentence_transformers", "bertopic", "umap") if m in sys.modules),
}))
"""


def _probe(cache: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, cache],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_cache_folder_keeps_the_compiled_kernels_and_every_knob_is_set(tmp_path: Path) -> None:
    seen = _probe(str(tmp_path / "cache"))
    assert seen["numba_dir"] == seen["numba_config"] == str(tmp_path / "cache" / "numba")
    assert seen["env"] == {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "MPLBACKEND": "Agg",
    }
    assert seen["bertopic_disabled"] and seen["weasyprint_level"] == 40
    assert seen["heavy_imported"] == []  # configuring imports nothing heavy


def test_no_cache_leaves_nothing_behind(tmp_path: Path) -> None:
    seen = _probe("-")
    assert seen["numba_dir_exists"] and seen["numba_config"] == seen["numba_dir"] == seen["torch_dir"]
    assert not Path(seen["numba_dir"]).exists()  # removed when the process ended
