# Two entry points for a fresh machine: `make demo` (the main job on the sample documents) and
# `make test` (the whole suite). Both create .venv and install pinned dependencies first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= jiance-data
SEED001 := ../shared/seeds/001_14763d34bfe0a13e.txt
GOLD001 := ../shared/gold/001_events.jsonl
EVAL_FLOOR ?= 0.98

.PHONY: install demo test lint eval bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/jiance --data $(DATA) ingest samples/
	$(BIN)/jiance --data $(DATA) documents
	$(BIN)/jiance --data $(DATA) items --limit 15
	$(BIN)/jiance --data $(DATA) report monitoring --period 2026-02-16:2026-03-31 --format docx --out $(DATA)/monitoring-2026-03.docx
	$(BIN)/jiance --data $(DATA) report monitoring --period 2026-02-16:2026-03-31 --format html --out $(DATA)/monitoring-2026-03.html

lint: install
	$(BIN)/ruff check src tests bench

test: lint
	$(BIN)/pytest
	@if [ -f $(GOLD001) ]; then $(BIN)/jiance eval $(SEED001) $(GOLD001) --floor $(EVAL_FLOOR); fi

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .ruff_cache
