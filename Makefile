# The virtual environment is made with Debian's Python 3.11 where the machine has it with venv: it
# is built with profile-guided optimisation, and the extractor runs ~25% faster on it than on an
# unoptimised python3 (bench/bench_extract.py, docs/extraction.md); else with python3 (>= 3.11).
PY ?= $(shell for p in /usr/bin/python3.11 python3; do "$$p" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo "$$p" && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test e2e-browser bench bundle clean mutation soak train

install: $(STAMP)

# setup.py compiles the extractor (src/armswatch/extract): compiled again when a source changes
$(STAMP): pyproject.toml setup.py $(wildcard src/armswatch/extract/*.py src/armswatch/extract/*.pyx src/armswatch/extract/learning/*.py)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@echo "make install 1/2: pip"
	$(BIN)/python -m pip install --upgrade pip
	@echo "make install 2/2: armswatch and its dependencies (pip shows each; building armswatch compiles the extractor with Cython, 1-3 minutes on 2 cores)"
	$(BIN)/python -m pip install -e '.[test]'
	$(BIN)/python -m pip install -q -e packages/armswatch-data-sipri  # SIPRI's data, apart from the code (issue 20)
	touch $(STAMP)

$(STAMP): packages/armswatch-data-sipri/pyproject.toml

run: install
	@# a database made by an earlier armswatch is moved to the current schema first (issue 19: an
	@# old schema is refused with schema-outdated until then); nothing is done on a current one
	$(BIN)/armswatch db upgrade
	$(BIN)/armswatch info
	@echo
	@echo "armswatch web app and API: http://127.0.0.1:8000 (API reference: http://127.0.0.1:8000/docs)"
	$(BIN)/armswatch serve

test: install e2e-browser
	$(BIN)/python -m pytest

# The end-to-end tests drive Debian's Chromium (/usr/bin/chromium); Playwright never downloads one.
e2e-browser:
	@test -x /usr/bin/chromium && echo "e2e: using /usr/bin/chromium" || \
	  (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) && echo "e2e: installed Debian's chromium") || \
	  echo "e2e: SKIPPED - no /usr/bin/chromium and cannot apt-get install chromium here (run as root on Debian, or set CI=true to make it fail)"
	@# axe-core (package.json, pinned in package-lock.json) for the accessibility test; test-only, never served
	@test -f node_modules/axe-core/axe.min.js && echo "e2e: axe-core installed" || \
	  ((command -v npm >/dev/null || (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && apt-get install -y -q npm >/dev/null 2>&1)) && \
	    npm ci --no-audit --no-fund >/dev/null && echo "e2e: npm ci installed axe-core") || \
	  echo "e2e: no npm - the axe-core accessibility test is skipped (set CI=true to make it fail)"

bench: install
	$(BIN)/python bench/bench_register.py
	$(BIN)/python bench/bench_analytics.py
	$(BIN)/python bench/bench_milex.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_web.py
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/eval_extraction.py
	$(BIN)/python bench/eval_verdicts.py

# A bounded load test on 127.0.0.1 (bench/soak_web.py): 20 clients for 60 s, p50/p95/p99 and the
# server's memory; exit 1 on any server error.
soak: install
	$(BIN)/python bench/soak_web.py --clients 20 --seconds 60

# Rebuilds the extractor's models (src/armswatch/data/models/*.json) from ../shared/corpus (train/
# and dev/): 5-fold cross-validation by document, calibration, then each model fitted on all of
# it; fixed seeds. make run and make test use the committed models and need no training.
train: install
	$(BIN)/python -m armswatch.extract.learning.train

bundle: install
	$(BIN)/python scripts/build_bundle.py

# Mutation testing (mutmut, in a copy of the tree under build/mutation; not part of `make test`):
# the functions issue 14 finding 12 names by default; MUTATION=--all for reconcile/, store/,
# sources/ and web/auth.py, or mutmut name patterns (docs/testing.md).
mutation: install
	$(BIN)/python scripts/mutation.py $(MUTATION)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info src/armswatch/extract/*.c src/armswatch/extract/*.so src/armswatch/extract/learning/*.c src/armswatch/extract/learning/*.so src/armswatch/extract/_compiled.json packages/armswatch-data-sipri/src/*.egg-info
