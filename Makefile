# One place for the commands a newcomer needs. Every target installs what it needs first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
SAMPLES = $(wildcard data/samples/*.xlsx data/samples/*.csv)
OUT    ?= data/outbox/samples

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120

.PHONY: install run test scaleout lint bench render clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,scale]'
	touch $(STAMP)

## run: score every sample export in data/samples into $(OUT), through a local Prefect server
## that is started when none answers and left running for the next run
## (`.venv/bin/coder-screen server stop` stops it); if it cannot start, the run still goes on.
run: install
	-$(BIN)/coder-screen server start
	$(BIN)/coder-screen score $(SAMPLES) --out-dir $(OUT)

## test: lint and format check, then the whole test suite
test: install
	$(BIN)/ruff check pipelines schemas tests bench docs
	$(BIN)/ruff format --check pipelines schemas tests bench docs
	$(BIN)/pytest -q

## scaleout: only the scale-out tests: PostgreSQL (apt-get install postgresql), a Prefect server
## on it, a process pool with two workers, one killed mid-run (tests/scaleout, about 4 minutes)
scaleout: install
	$(BIN)/pytest -q -m scaleout

lint: install
	$(BIN)/ruff check --fix pipelines schemas tests bench docs
	$(BIN)/ruff format pipelines schemas tests bench docs

## bench: the baseline's pandas goes to bench/out/baseline-libs, never into the project's
## environment (pandera would import it in every measured command; a user's install has none);
## its python-dateutil and tzdata are the project's own (Prefect needs them)
bench: install
	test -d bench/out/baseline-libs/pandas || \
		$(BIN)/pip install --quiet --no-deps --target bench/out/baseline-libs 'pandas>=2.2' 'numpy>=1.26'
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.commands

render: install
	$(BIN)/python docs/render_workbook.py

clean:
	rm -rf $(VENV) data/outbox .pytest_cache .ruff_cache
