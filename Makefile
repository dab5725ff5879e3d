# Two commands on a fresh machine with Python >= 3.11: `make run` and `make test`.
# uv is installed from PyPI into .tools/ (pinned), then installs the locked environment into .venv/.
UV_VERSION := 0.13.9
PYTHON ?= python3
UV := .tools/bin/uv
RUN := $(UV) run --frozen --no-sync

.PHONY: run test lint bench clean services messages

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet
	touch $@

# The main job: the national strategy and the published figures in ./sousei.db (SQLite),
# served by the web app at http://127.0.0.1:8000.
run: .venv/.synced
	$(RUN) sousei init
	$(RUN) sousei serve

lint: .venv/.synced
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy

# The store tests run on SQLite and on PostgreSQL (127.0.0.1:5432, installed if missing);
# the browser tests on Debian's chromium, with a Japanese font (installed if missing).
services:
	bash scripts/ensure-postgres.sh
	bash scripts/ensure-browser.sh

test: lint services
	$(RUN) pytest --benchmark-disable

bench: .venv/.synced services
	$(RUN) pytest bench --benchmark-only

# The English catalogue: extract the Japanese msgids, merge them into locale/en (then translate).
messages: .venv/.synced
	mkdir -p build
	$(RUN) pybabel extract --no-location --sort-output -F babel.cfg -o build/messages.pot .
	$(RUN) pybabel update --no-fuzzy-matching --ignore-obsolete -l en -i build/messages.pot \
		-d src/sousei/web/locale

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache .benchmarks build
