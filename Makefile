# kho-suite top-level Makefile.
#
#   make demo                     the main story, end to end in VMs
#   make test                     unit tests + fuzz smoke + all e2e scenarios
#   make tools                    user-space tools into build/bin/
#   make kernel KVER=6.12|7.2     a guest kernel from Debian's linux-source-<KVER>
#   make e2e [SCENARIOS="a b"]    VM end-to-end scenarios (default: all)
#   make unit | fuzz | fuzz-smoke | bench | fixtures | deps
#   make clean                    remove build outputs (keeps kernel sources and kernel builds)
#   make SANITIZE=1 ...           user space built with ASan+UBSan (build/san/)
SHELL := /bin/bash
TOP := $(CURDIR)
BUILD := $(TOP)/build
KVER ?= 6.12
FLAVOR ?=
SANITIZE ?= 0
SCENARIOS ?=

export TOP BUILD SANITIZE

.PHONY: all deps kernel kernels e2e test demo fixtures clean
all: tools

deps:
	@scripts/deps.sh

kernel:
	@scripts/build-kernel.sh $(KVER) $(FLAVOR)

# User-space tools, libraries, unit tests, fuzzing, benchmarks.
include tools/tools.mk

# The guests get the static user-space tools (build/bin/static/) too.
e2e: deps
	@$(MAKE) -s tools STATIC=1 SANITIZE=0
	@tests/e2e/run.sh $(SCENARIOS)

test: deps
	@tests/run-all.sh

demo: deps
	@scripts/demo.sh

fixtures: deps
	@scripts/capture-fixtures.sh

clean:
	rm -rf $(BUILD)/bin $(BUILD)/obj $(BUILD)/san $(BUILD)/e2e $(BUILD)/test $(BUILD)/fuzz $(BUILD)/bench $(BUILD)/fixtures $(BUILD)/check-series-*
