# Python Network Programming Labs: the front door. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LABS := 01 02 03 04 05 06 07 08 09
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup test lint docs clean grade handout labnet-up labnet-down labnet-status bench-02 bench-08 $(addprefix lab-,$(LABS))

help: ## list the targets
	@echo "Python Network Programming Labs"
	@echo
	@grep -hE '^[a-zA-Z0-9_%-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "} {printf "  make %-16s %s\n", $$1, $$2}'
	@echo "  make lab-NN           run lab NN's worked examples and score its exercises (01 … 09)"

setup: $(STAMP) ## create .venv with the project and its test tools (quick when nothing changed)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@
	@echo "setup: $(VENV) is ready ($$($(PY) --version))"

$(addprefix lab-,$(LABS)): lab-%: $(STAMP) ## lab-NN: run the lab's examples, score its exercises
	@$(PY) -m labkit.labrun $*

test: $(STAMP) ## the whole suite: examples, transcripts, exercises graded on the reference solutions, starters must fail
ifneq ($(wildcard tests/solutions),)
	$(PY) -m pytest --solutions $(PYTEST_ARGS)
	$(PY) -m labkit.check_starters
else
	@echo "no tests/solutions (a handout): running the worked examples only"
	$(PY) -m pytest -m "not points" $(PYTEST_ARGS)
endif

labnet-up: $(STAMP) ## start the lab network (root): namespaces on a bridge, real daemons, checked
	$(PY) -m labnet up

labnet-down: $(STAMP) ## stop the lab network and remove everything it made (root)
	$(PY) -m labnet down

labnet-status: $(STAMP) ## check every lab network service (no root needed)
	$(PY) -m labnet status

bench-02: $(STAMP) ## lab 02 benchmark: a 1 GiB streamed download against curl (throughput, peak RSS)
	$(PY) labs/02-http/bench.py

bench-08: $(STAMP) ## lab 08 benchmark: four chat servers and ncat, 100 and 1,000 clients (JSON + PNG)
	$(PY) labs/08-client-server/bench.py --clients 100 1000 --senders 10

grade: $(STAMP) ## grade a submission: make grade SUBMISSION=path/to/checkout [JSON=results.json]
	@test -n "$(SUBMISSION)" || { echo "usage: make grade SUBMISSION=DIR [JSON=FILE]" >&2; exit 2; }
	$(PY) -m pytest tests -m points --submission "$(SUBMISSION)" $(if $(JSON),--grade-json "$(JSON)") -q

handout: ## export a student copy without the reference solutions into handout/
	@rm -rf handout && mkdir -p handout
	@git archive --format=tar HEAD | tar -x -C handout
	@rm -rf handout/tests/solutions
	@echo "handout/ written (no tests/solutions)"

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

docs: $(STAMP) ## build the docs site (mkdocs --strict) into site/
	$(PY) docs/gen_lab_pages.py
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

clean: ## remove the virtualenv, caches and build output
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .tox site handout docs/labs .lab-reports
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
