# kho-suite top-level Makefile.
#
#   make demo                     the main story, end to end in VMs
#   make test                     unit tests + fuzz smoke + all e2e scenarios
#   make tools                    user-space tools into build/bin/
#   make install [DESTDIR=] [PREFIX=/usr/local]
#                                 every tool in $(TOOLS) to $(PREFIX)/bin (0755), every
#                                 tools/*/*.[1-8] to $(PREFIX)/share/man/manN (0644);
#                                 always the SANITIZE=0 build (BINDIR, MANDIR override)
#   make uninstall [DESTDIR=] [PREFIX=]   remove exactly the files install writes
#   make kernel KVER=6.12|7.2 [ARCH=arm64]
#                                 a guest kernel from Debian's linux-source-<KVER>
#   make e2e [SCENARIOS="a b"]    VM end-to-end scenarios (default: all)
#   make e2e-kernels [SCENARIOS=] only the kernels and test modules they boot
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

.PHONY: all deps kernel kernels e2e e2e-kernels test demo fixtures clean install uninstall
all: tools

deps:
	@scripts/deps.sh

# ARCH=arm64: the cross-compiled arm64 guest kernel (build/kernel/<KVER>-arm64)
kernel:
	@scripts/build-kernel.sh $(KVER) $(if $(filter arm64,$(ARCH)),arm64,$(FLAVOR))

# User-space tools, libraries, unit tests, fuzzing, benchmarks.
include tools/tools.mk

# ---- install: the same file list for install and uninstall ----
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
INSTALL ?= install
MANPAGES := $(wildcard $(TOP)/tools/*/*.[1-8])
# tools/khotop/khotop.1 -> $(DESTDIR)$(MANDIR)/man1/khotop.1
man_dest = $(DESTDIR)$(MANDIR)/man$(patsubst .%,%,$(suffix $(1)))/$(notdir $(1))
INSTALLED = $(foreach b,$(TOOLS),$(DESTDIR)$(BINDIR)/$(notdir $b)) \
	$(foreach m,$(MANPAGES),$(call man_dest,$m))
define nl


endef

ifeq ($(SANITIZE),1)
# never install sanitized binaries: TOOLS is build/san/bin here
install:
	@$(MAKE) --no-print-directory install SANITIZE=0
else
install: $(TOOLS)
	$(foreach b,$(TOOLS),$(INSTALL) -D -m 0755 '$b' '$(DESTDIR)$(BINDIR)/$(notdir $b)'$(nl))
	$(foreach m,$(MANPAGES),$(INSTALL) -D -m 0644 '$m' '$(call man_dest,$m)'$(nl))
endif

uninstall:
	rm -f $(foreach f,$(INSTALLED),'$f')

# The guests get the static user-space tools (build/bin/static/) too.
e2e: deps
	@$(MAKE) -s tools tools-arm64 STATIC=1 SANITIZE=0
	@tests/e2e/run.sh $(SCENARIOS)

# only the kernels and test modules the scenarios boot (no user space: make
# test runs this beside the unit suites, which build the tools)
e2e-kernels: deps
	@tests/e2e/run.sh --kernels $(SCENARIOS)

test: deps
	@tests/run-all.sh

demo: deps
	@scripts/demo.sh

fixtures: deps
	@scripts/capture-fixtures.sh

clean:
	rm -rf $(BUILD)/bin $(BUILD)/obj $(BUILD)/obj-static $(BUILD)/obj-arm64 $(BUILD)/san $(BUILD)/e2e $(BUILD)/test $(BUILD)/fuzz $(BUILD)/bench $(BUILD)/fixtures $(BUILD)/check-series-*
