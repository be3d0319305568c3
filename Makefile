# Two commands do all set-up: `make run` (app on SQLite with demo data) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FLASK_APP := coordinator
# Test processes (pytest-xdist); each gets a database of its own on PostgreSQL.
TEST_WORKERS ?= auto

.PHONY: install catalogs database run test lint translations clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

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

lint: install
	$(BIN)/ruff check .

test: catalogs lint
	$(BIN)/pytest -n $(TEST_WORKERS)

translations: install
	$(BIN)/flask translate update

clean:
	rm -rf $(VENV) instance/*.sqlite* translations/*/LC_MESSAGES/*.mo
