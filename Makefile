# Zhijian: `make run` serves the demo province, `make test` runs the whole suite.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/zhijian/static_vendor/vendor
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo 1)

.PHONY: run test venv assets system-deps lint pytest bench-api clean

run: venv assets
	$(BIN)/zhijian up

test: venv assets system-deps lint pytest

$(BIN)/activate:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

# Front-end assets come from npm (pinned in package-lock.json) and are served by us: no CDN.
$(VENDOR)/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { if [ "$(IS_ROOT)" = 1 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; else echo "需要 Node.js 与 npm / please install nodejs and npm (apt-get install nodejs npm)"; exit 1; fi; }
	npm ci --no-audit --no-fund --silent
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap/css $(VENDOR)/bootstrap/js $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/echarts $(VENDOR)/alpine
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/css/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/js/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/@alpinejs/csp/dist/cdn.min.js $(VENDOR)/alpine/alpine-csp.min.js
	touch $@

assets: $(VENDOR)/.installed

# Chromium (browser tests), CJK fonts and Pango/HarfBuzz (WeasyPrint PDF reports) from Debian's packages, when we may install them.
system-deps:
	@missing=""; [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do dpkg -s $$lib >/dev/null 2>&1 || missing="$$missing $$lib"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$(IS_ROOT)" = 1 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "缺少系统软件包 / missing Debian packages:$$missing (browser tests will be skipped)"; fi; \
	fi

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

pytest: venv
	$(BIN)/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

bench-api: venv
	$(BIN)/python bench/api_enterprises.py

clean:
	rm -rf $(VENV) node_modules src/zhijian/static_vendor var
