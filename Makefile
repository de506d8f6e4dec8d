# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install run test bench train-stance browser clean

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

test: install browser
	$(BIN)/python -m pytest -q

# Headless Chromium for the report's browser test (Debian's package; needs root, else skipped).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; } ; } \
		|| true
	@command -v chromium >/dev/null 2>&1 || echo "chromium is not installed: the report's browser test will be skipped"

# Speed and memory against spaCy's own limit (a script, not a test: compare the ratios it prints).
bench: install
	$(BIN)/python benchmarks/bench.py --repeat 3 --memory
	$(BIN)/python benchmarks/discovery.py

# Retrain the stance model (PyTorch in its own virtualenv; the runtime needs only onnxruntime).
train-stance:
	@test -x .venv-train/bin/python || $(PYTHON) -m venv .venv-train
	.venv-train/bin/python -m pip install -q -r training/requirements.txt
	.venv-train/bin/python training/train_stance.py

clean:
	rm -rf $(VENV) .venv-train data/parquet data/.snapshots data/.staging data/warehouse.duckdb
