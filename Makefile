# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install run test clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing newsflow and its dependencies into $(VENV) (first time: a few minutes)..."
	@$(PIP) install --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@$(PIP) install -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -c "import flows.cli, transforms.nlp as n; n.choose_model()" \
		|| { echo "install failed: see the pip output above"; exit 1; }
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)

run: install
	$(BIN)/newsflow run seeds --data-dir data

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) data/parquet data/.snapshots data/.staging data/warehouse.duckdb
