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
	@$(PIP) install --upgrade pip > $(VENV)/install.log 2>&1 || true
	@$(PIP) install -e ".[test]" >> $(VENV)/install.log 2>&1 \
		|| { grep -v "^WARNING: Location" $(VENV)/install.log | tail -30; echo "install failed: full log in $(VENV)/install.log"; exit 1; }
	@$(BIN)/python -c "import flows.cli, transforms.nlp as n; n.choose_model()" \
		|| { echo "install incomplete: see $(VENV)/install.log"; exit 1; }
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)

run: install
	@$(BIN)/newsflow run seeds --data-dir data
	@echo "(the newsflow command is in $(VENV)/bin: source $(VENV)/bin/activate)"

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) data/parquet data/.snapshots data/.staging data/warehouse.duckdb
