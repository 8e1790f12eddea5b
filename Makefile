# Set-up and checks. `make demo` and `make test` are all a fresh machine needs.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
CIE := $(VENV)/bin/cie
STAMP := $(VENV)/.installed
DB ?= cie.db
AS_OF ?= 2026-11-25
QUESTION ?= what did my best 20 customers say about pricing last month
BENCH_SCALE ?= 100000

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test lint bench train clean

install: $(STAMP)

# torch first, pinned: an unpinned torch pulls gigabytes of CUDA packages.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(PY) -m ci_engine.embed export
	touch $@

demo: install
	$(CIE) ingest --db $(DB) corpora/sample
	$(CIE) ask --db $(DB) --as-of $(AS_OF) "$(QUESTION)"

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check ci_engine tests bench
	$(VENV)/bin/ruff format --check ci_engine tests bench

bench: install
	BENCH_SCALE=$(BENCH_SCALE) $(PY) -m bench.run

train: install
	$(PY) -m ci_engine.train

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DB).faiss*
