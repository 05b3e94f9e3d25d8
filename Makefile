# Two commands: `make serve` and `make test`. Both create .venv if missing and install the project into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: serve test check lint build bench fuzz soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kgraph build

serve: build
	$(BIN)/kgraph serve --host 127.0.0.1 --port $(PORT)

# The suite's one command; `make check` runs it under coverage by setting PYTEST.
PYTEST = $(BIN)/python -m pytest
test: $(STAMP)
	$(PYTEST)

# The gates (README: tests): ruff, mypy --strict, then the whole suite under coverage, measured in every subprocess
# (the CLI, the server, its query workers) and combined; fails under the pyproject's fail_under.
check: lint $(STAMP)
	rm -f .coverage .coverage.*
	$(MAKE) test PYTEST="$(BIN)/python -m coverage run -m pytest"
	$(BIN)/python -m coverage combine --quiet
	$(BIN)/python -m coverage report

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# Longer hostile-client runs than `make test` (README: security model): the SERVICE/FROM fuzzer with many more
# examples, and the soak (hostile + ordinary traffic, memory budget, p99) with a longer chaos run.
fuzz: $(STAMP)
	KGRAPH_FUZZ_EXAMPLES=$${KGRAPH_FUZZ_EXAMPLES:-3000} $(BIN)/python -m pytest -p no:cacheprovider tests/e2e/test_fuzz_ssrf.py

soak: $(STAMP)
	KGRAPH_SOAK=1 KGRAPH_CHAOS_SECONDS=$${KGRAPH_CHAOS_SECONDS:-60} $(BIN)/python -m pytest -s -p no:cacheprovider \
		tests/e2e/test_soak.py tests/e2e/test_chaos.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null 2>&1 \
		|| echo "wrk is not installable here: bench/ falls back to its bounded httpx load generator"
	$(BIN)/python bench/run.py

clean:
	rm -rf .kgraph-cache .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
