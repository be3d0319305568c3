# Two commands do all set-up: `make run` (app on SQLite with demo data) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FLASK_APP := coordinator
# Test processes (pytest-xdist); each gets a database of its own on PostgreSQL.
TEST_WORKERS ?= auto

.PHONY: install catalogs database run test lint translations clean sample-report bench security-scan mutate bench-scale

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The front-end files (Bootstrap's right-to-left build, the Vazirmatn and Noto Sans Arabic fonts) come from the npm
# registry at the versions in package-lock.json and are copied into static/vendor/ (not committed).
VENDOR := static/vendor/manifest.json
$(VENDOR): package.json package-lock.json scripts/vendor_assets.py
	npm ci --no-audit --no-fund --loglevel=error
	$(PYTHON) scripts/vendor_assets.py

install: $(STAMP) $(VENDOR)

catalogs: install
	$(BIN)/flask translate compile

database: catalogs
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data --if-empty

run: database
	$(BIN)/flask demo-logins
	@echo "Coordinator: http://127.0.0.1:5000"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# ruff, and the import contracts in setup.cfg (no circles; core imports no area; the layers, top to bottom).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# -rs: skipped tests are listed with their reason (e.g. "Chromium not found at /usr/bin/chromium: browser
# journeys skipped"); under pytest-xdist a conftest cannot print its own note.
test: catalogs lint
	$(BIN)/pytest -n $(TEST_WORKERS) -rs

# Not part of `make test`: times the main pages on ~10,000 courses (built once into instance/bench.sqlite, or
# $$BENCH_DATABASE_URL) against a bare Flask page; writes bench/results.md.
bench: catalogs
	mkdir -p instance
	$(BIN)/python bench/run.py

# Not part of `make test` (slow): mutation testing of the rule modules, one at a time and with one test
# process, each against the tests that cover it (scripts/mutate.py); writes the scores to docs/mutation.md.
# `make mutate MODULES="digits bookings"` measures some of them only.
mutate: catalogs
	$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/python -m pip install --quiet 'mutmut>=3.8,<4'
	$(BIN)/python scripts/mutate.py $(MODULES)

# Two app processes (gunicorn) behind one PostgreSQL under a bounded locust load at 1, 2 and 4 workers each:
# requests per second and p99, written to bench/scale-out.md (bench/scale_out.py says how to tune it).
bench-scale: catalogs
	$(BIN)/python bench/scale_out.py

# The sample meeting report linked from the README, from fresh demo data in a scratch database.
sample-report: catalogs
	rm -f instance/sample.sqlite
	DATABASE_URL=sqlite:///$(CURDIR)/instance/sample.sqlite $(BIN)/flask db upgrade
	DATABASE_URL=sqlite:///$(CURDIR)/instance/sample.sqlite $(BIN)/flask demo-data
	DATABASE_URL=sqlite:///$(CURDIR)/instance/sample.sqlite $(BIN)/flask meeting-report --output docs/sample-meeting-report.pdf
	rm -f instance/sample.sqlite*

# sqlmap, wapiti, a path probe and a 30 s locust run against the app on 127.0.0.1 only (docs/security.md).
security-scan: catalogs
	bash scripts/security_scan.sh

translations: install
	$(BIN)/flask translate update

clean:
	rm -rf $(VENV) node_modules static/vendor instance/*.sqlite* translations/*/LC_MESSAGES/*.mo
