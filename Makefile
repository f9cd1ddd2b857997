# The commands of README.md. Each sets up what it needs, then runs.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: build test test-fast setup setup-test clean

build: setup
	$(VENV)/bin/kg build

# On two workers (pytest-xdist): each starts its own SPARQL servers and browser on free ports.
test: setup-test
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n 2

# No SPARQL servers, no browser, no notebooks, no 100k-triple graphs, wheel builds or builds of the shipped
# data; on three workers (pytest-xdist: many tests wait on a child process or a socket). Time: see README.md.
# Compiled modules and pytest's rewritten test modules are kept (__pycache__/, git-ignored) even where
# PYTHONDONTWRITEBYTECODE is set: compiling them again costs each worker about 1.5 s of CPU.
test-fast: setup-test
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n 3 -m "not slow and not server and not browser and not notebook"

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
	rm -rf build .setuptools-build $(VENV)
