"""Process-wide state, set in one place, once, on purpose.

Environment variables that libraries read at import (Hugging Face, numba,
matplotlib), logger levels and warning filters are global to the process.
Stages never set them as a side effect of being imported or called: the CLI and
the benchmarks call `configure` first, before any heavy library is imported.
This module imports nothing heavy itself.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

# Read by transformers / huggingface_hub / tokenizers when they are imported.
_LIBRARY_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",  # the model is loaded from a local folder; a hub lookup would hang offline
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",  # transformers' own progress bars follow this too
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",  # forked workers would deadlock or warn
    "MPLBACKEND": "Agg",  # charts are PNG bytes; no display, ever
}
# Loggers that talk about choices reportgen makes on purpose, about fonts the PDF does not need,
# or (bibtexparser) about failures the BibTeX reader reports once, with the line, itself.
_QUIET_LOGGERS = {"weasyprint": logging.ERROR, "fontTools": logging.ERROR, "bibtexparser": logging.CRITICAL}
_DISABLED_LOGGERS = ("BERTopic",)  # BERTopic resets its logger's level on every fit; only `disabled` sticks
NUMBA_SUBDIR = "numba"
MIN_FREE = 64 * 2**20  # bytes a cache folder's disk must have free: numba's kernels, the PDF and figures of a render


def configure(cache_dir: Path | None) -> Path:
    """Set every process-wide knob; returns the folder numba's compiled kernels go to.

    BERTopic's imports bring in umap and pynndescent, whose numba kernels are
    compiled (and, where marked, cached) as they load.  With a cache folder
    they are kept in `cache_dir/numba`.  Without one (`--no-cache`), nothing
    may outlive the process: numba (and matplotlib, for its font list) get a
    private temporary folder, removed at exit, instead of writing beside the
    installed packages or in ~/.cache.
    """
    os.environ.update(_LIBRARY_ENVIRONMENT)
    usable = cache_dir is not None and folder_problem(cache_dir) is None  # an unusable cache folder only costs speed
    numba_dir = cache_dir / NUMBA_SUBDIR if cache_dir is not None and usable else _private_folder()
    os.environ["NUMBA_CACHE_DIR"] = str(numba_dir)
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = str(
        numba_dir.parent / "torchinductor" if usable else numba_dir
    )  # torch makes it at import
    if cache_dir is None:  # matplotlib's font list would otherwise outlive a --no-cache run in ~/.cache/matplotlib
        os.environ["MPLCONFIGDIR"] = str(numba_dir / "matplotlib")
    if "numba" in sys.modules:  # imported already (tests, a notebook): numba reads its config at import
        from numba.core import config as numba_config

        numba_config.reload_config()
    if "matplotlib" in sys.modules:
        import matplotlib

        matplotlib.use("Agg", force=True)
    for name, level in _QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    for name in _DISABLED_LOGGERS:
        logging.getLogger(name).disabled = True
    # A few pynndescent kernels hold ctypes pointers and cannot be cached; numba says so on every run.
    warnings.filterwarnings("ignore", message=r".*Cannot cache compiled function")
    return numba_dir


def folder_problem(folder: Path) -> str | None:
    """Why a cache folder cannot be used (made, written, entered, or on a nearly full disk), or None.

    The one rule for every cache folder.  A disk with less than MIN_FREE left
    would fail a cache write midway (numba's kernel cache raised OSError from
    deep inside the theme fit), so such a folder is no cache at all.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "not writable")
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        return str(exc.strerror or exc)
    if free < MIN_FREE:
        return f"only {free // 1024} KiB free on its disk"
    return None


def _private_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="reportgen-numba-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
