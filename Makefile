PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench bundle clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/armswatch info
	@echo
	@echo "Example queries:"
	$(BIN)/armswatch deals --supplier Russia --recipient Myanmar --from 2010 --to 2024

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench_register.py

bundle: install
	$(BIN)/python scripts/build_bundle.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
