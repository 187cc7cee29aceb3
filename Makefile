# chitieu — `make help` lists the targets. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.DEFAULT_GOAL := help
TEST_JOBS ?= 2
.PHONY: help setup run test browser ocr ocr-check shellcheck lab eval bench lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

setup: $(STAMP) ## create .venv and install the pinned dependencies

run: $(STAMP) ocr ## regenerate data/processed and reports/ from data/raw (texts, PDFs, Word, web pages)
	$(BIN)/chitieu run --jobs $(JOBS)

# the tests in TEST_JOBS processes (pytest-xdist); the tests that share a fixture stay together (tests/conftest.py)
test: $(STAMP) browser ocr-check shellcheck ## run the whole test suite
	$(BIN)/python -m pytest -n $(TEST_JOBS)

OCR_PACKAGES := tesseract-ocr tesseract-ocr-vie fonts-noto-mono fonts-dejavu-core

ocr: ## Tesseract with Vietnamese for scanned PDFs (installs it when run as root; otherwise says what to install)
	@{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie \
	   && [ -f /usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null; \
	  else echo "scanned PDFs need Tesseract with Vietnamese: sudo apt-get install $(OCR_PACKAGES)" >&2; fi; }

ocr-check: ocr ## the tests read scans: Tesseract with Vietnamese must be there
	@tesseract --list-langs 2>/dev/null | grep -qx vie || { echo "the tests need: sudo apt-get install $(OCR_PACKAGES)" >&2; exit 1; }

browser: ## make sure Debian's chromium is there for the browser test (installs it when run as root)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "the browser test needs Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

shellcheck: ## Debian's shellcheck for the SLURM script's test (installs it when run as root)
	@command -v shellcheck >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; \
	  else echo "the SLURM script's test needs shellcheck: sudo apt-get install shellcheck" >&2; exit 1; fi; }

# jupyter-config/ holds the settings shipped with the repo (jupytext's documented default viewer: a double-click
# opens notebooks/*.py as a notebook); root (a container, CI) needs --allow-root
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ARGS  ?=

lab: $(STAMP) ## open the notebooks in JupyterLab (a double-click opens a .py notebook as a notebook)
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab $(LAB_FLAGS) $(LAB_ARGS) notebooks/

eval: $(STAMP) ## score the extractor against the gold annotations in tests/fixtures/gold
	$(BIN)/chitieu eval
	$(BIN)/chitieu eval --concepts --misses 0

bench: $(STAMP) ocr ## print the performance figures (BENCH="run scale": some sections only)
	$(BIN)/python bench/bench.py $(BENCH)

lint: $(STAMP) shellcheck ## ruff, and shellcheck on the scripts
	$(BIN)/ruff check lib tests bench
	shellcheck scripts/slurm/*.sh

clean: ## remove generated outputs (not .venv)
	rm -rf reports scratch shards data/processed/*.parquet data/processed/*.csv data/processed/cache
