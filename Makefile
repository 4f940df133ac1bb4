# Two entry points (see README): `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1

.PHONY: setup system-deps demo test test-fast golden docs bench clean

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

test: setup system-deps
	$(BIN)/python -m pytest

golden: setup
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/render/test_golden.py

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

clean:
	rm -rf $(VENV) survey site build *.egg-info .pytest_cache
