# Two entry points (see README): `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1

.PHONY: setup system-deps demo lint test test-fast test-portable golden fixture clean

setup: $(VENV)/.installed

# torch first, pinned: the local CPU wheel; a bare "torch" would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test,distributed]'
	touch $@

demo: setup
	$(BIN)/reportgen build

# Browser and PDF tools the tests use: Debian's chromium (no download at test time) and poppler.
system-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || \
	  (apt-get update -q && apt-get install -y -q chromium poppler-utils >/dev/null)

# Static checks; `make test` (and so CI) runs them first. `ruff format --check` joins once the tree
# has had its one formatting pass.
lint: setup
	$(BIN)/ruff check reportgen tests benchmarks scripts
	$(BIN)/ruff format --check reportgen tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_layers.py

test: setup system-deps lint
	$(BIN)/python -m pytest

# Golden files are rendered from the stored report fixture (tests/golden/report.json), not a live fit.
golden: setup
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/render/test_golden.py -m "not slow"

# Regenerate the fixture from a real build of the example (model and theme fit), then the golden files.
fixture: setup
	$(BIN)/python scripts/make_report_fixture.py
	$(MAKE) golden

# What a machine with an older CPU sees (docs/determinism.md): the example built with oneDNN limited to
# AVX2 and OpenBLAS to Haswell must be byte-identical to this machine's build (tests/test_portable.py, also
# run by `make test`), and the end-to-end checks must hold under those settings too.
OTHER_CPU := ONEDNN_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR"
test-portable: setup
	$(BIN)/python -m pytest -q tests/test_portable.py
	$(OTHER_CPU) $(BIN)/python -m pytest -q tests/test_e2e.py tests/themes/test_noise.py

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

clean:
	rm -rf $(VENV) survey site build *.egg-info .pytest_cache
