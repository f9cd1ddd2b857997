# The two commands of README.md. Each sets up what it needs, then runs.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: build test setup setup-test clean

build: setup
	$(VENV)/bin/kg build

test: setup-test
	$(PY) -m pytest

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

$(VENV)/.installed: setup.cfg pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg scripts/setup-system
	bash scripts/setup-system
	$(PY) -m pip install --quiet -e '.[test,server,notebooks,extract]'
	touch $@

clean:
	rm -rf build $(VENV)
