# Two commands for a newcomer: `make demo` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# what `make test` adds: the test extra, ical.js (Node), pandoc and Chromium (Debian packages)
TOOLS  := $(VENV)/.test-tools
# libical (Evolution's parser) for tests/test_ics_clients.py; gets libical-dev from apt if missing
LIBICAL := tests/libical/build/check_ics
# the built wheel is installed here, alone, by `make wheel-check`
WHEEL_VENV := build/wheel-venv

.PHONY: demo test lint typecheck unit wheel-check dist bench clean

# `make demo` needs Python 3.11+ alone: the package and its runtime dependencies
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	# installs under the old name, "timeline" (PyPI's name for another project), leave metadata behind
	$(BIN)/python -m pip uninstall --quiet --disable-pip-version-check -y timeline 2>/dev/null || true
	rm -rf src/timeline.egg-info
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(STAMP)

$(TOOLS): $(STAMP) pyproject.toml tests/js/package-lock.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error  # ical.js for tests/test_ics_clients.py
	command -v pandoc >/dev/null && command -v chromium >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pandoc chromium)
	touch $(TOOLS)

demo: $(STAMP)
	$(BIN)/timeline check data/events.toml
	$(BIN)/timeline show data/events.toml
	$(BIN)/timeline build data/events.toml -o build

lint: $(TOOLS)
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --check --no-cache .

typecheck: $(TOOLS)
	$(BIN)/mypy

unit: $(TOOLS) $(LIBICAL)
	$(BIN)/pytest

$(LIBICAL): tests/libical/check_ics.c
	test -f /usr/include/libical/ical.h || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libical-dev)
	mkdir -p $(@D)
	$(CC) -Wall -Wextra -Werror -O2 -o $@ $< $$(pkg-config --cflags --libs libical 2>/dev/null || echo -lical)

test: lint typecheck unit wheel-check

# the sdist and the wheel that PyPI would get (the wheel is built from the sdist), checked by twine
dist: $(TOOLS)
	rm -rf dist
	$(BIN)/python -m build --quiet --outdir dist .
	$(BIN)/twine check --strict dist/*

# the wheel installed alone in a new environment, used from outside the source tree, so that
# what is imported is what the wheel holds (py.typed included), not src/
wheel-check: dist
	rm -rf $(WHEEL_VENV)
	$(BIN)/python -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check dist/*.whl
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cd "$$tmp" && \
		$(CURDIR)/$(WHEEL_VENV)/bin/timeline --version && \
		$(CURDIR)/$(WHEEL_VENV)/bin/timeline check $(CURDIR)/data/events.toml && \
		$(CURDIR)/$(WHEEL_VENV)/bin/python -c "import timeline, pathlib; assert (pathlib.Path(timeline.__file__).parent / 'py.typed').is_file(); print(timeline.__version__)" && \
		$(CURDIR)/$(WHEEL_VENV)/bin/python -c "import sys, timeline; assert timeline.__file__.startswith(sys.prefix), timeline.__file__; assert timeline.__version__ != 'unknown'"

# every script runs, even after one misses its target; make fails at the end if any did
bench: $(TOOLS)
	status=0; \
	for script in bench_ratios bench_load bench_writers bench_ics bench_ics_read bench_merge bench_find_dates; do \
		$(BIN)/python benchmarks/$$script.py || status=1; \
	done; \
	exit $$status

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .hypothesis tests/js/node_modules tests/libical/build
