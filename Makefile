# Two commands for a newcomer: `make run` and `make test`. Both create the environment if needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# This machine only; `make run HOST=0.0.0.0` listens on every interface to serve a team.
HOST ?= 127.0.0.1

.PHONY: run test lint format bench venv clean loadtest

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

run: venv
	$(PY) -m partdash.ui.serve --server.port $(PORT) --server.address $(HOST)

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint
	$(PY) -m pytest -q

# 20 browser sessions for 60 s against a local server: errors, settle times, server memory.
loadtest: venv
	$(PY) tests/loadtest.py --sessions 20 --seconds 60

bench: venv
	$(PY) -m partdash.bench --out bench-out/bench.json

clean:
	rm -rf $(VENV) bench-out .pytest_cache
