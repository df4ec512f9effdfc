# kho-suite user-space build: libkho, khodump, unit tests, fuzzing, bench.
# Included by the top-level Makefile (TOP, BUILD, SANITIZE exported).
#
#   make tools [SANITIZE=1] [STATIC=1]   binaries into build/bin (build/san/bin,
#                                        build/bin/static)
#   make khodump-static                  build/bin/static/khodump
#   make tools-arm64                     build/bin/static-arm64/{khodump,khoverify}
#                                        (static, for the arm64 guests)
#   make unit [SANITIZE=1]               unit + CLI tests; last line is the summary
#   make fuzz [FUZZ_TARGETS="fuzz_core capture"] [FUZZ_SECONDS=60]
#                                        libFuzzer (clang): FUZZ_SECONDS for each
#                                        chosen target (default all), one after
#                                        the other; e.g. make fuzz
#                                        FUZZ_TARGETS="fuzz_core" FUZZ_SECONDS=3600
#   make fuzz-smoke [FUZZ_TARGETS=...]   every seed once + FUZZ_SMOKE_SECONDS
#                                        (5) per target
#   make bench                           khodump vs dtc, --memmap at 64 GiB
#   make synthetic-fixtures              regenerate tests/fixtures/synthetic
TOP ?= $(CURDIR)
BUILD ?= $(TOP)/build
SANITIZE ?= 0
STATIC ?= 0
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
FUZZ_CC ?= clang
# libfdt.a when present: static libfdt saves a shared-library load per run
FDT_LIBS := $(if $(wildcard /usr/lib/*/libfdt.a),-l:libfdt.a,$(shell pkg-config --libs libfdt 2>/dev/null || echo -lfdt))
FDT_CFLAGS := $(shell pkg-config --cflags libfdt 2>/dev/null)
KHO_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 -g $(FDT_CFLAGS)

ifeq ($(SANITIZE),1)
T_OUT := $(BUILD)/san
KHO_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
KHO_LDFLAGS := -fsanitize=address,undefined
else
T_OUT := $(BUILD)
KHO_LDFLAGS :=
endif
T_OBJ := $(T_OUT)/obj/tools
T_BIN := $(T_OUT)/bin

# Every C file compiles to an object of its own, named after its path below
# TOP, with a dependency file beside it (-MMD -MP): touching a header rebuilds
# exactly the objects that include it.  Three object trees, one per flavour:
#   $(O)   build/obj or build/san/obj (SANITIZE=1)   KHO_CFLAGS
#   $(SO)  build/obj-static (never sanitized)        STATIC_CFLAGS, -static
#   $(FO)  build/fuzz/obj (clang, libFuzzer)         FUZZ_CFLAGS
FUZZ_DIR := $(BUILD)/fuzz
O := $(T_OUT)/obj
SO := $(BUILD)/obj-static
FO := $(FUZZ_DIR)/obj
STATIC_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 $(FDT_CFLAGS)
# objs TREE, SOURCES: the objects of SOURCES in TREE
objs = $(patsubst $(TOP)/%.c,$(1)/%.o,$(2))

$(O)/%.o: $(TOP)/%.c
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) $(XCFLAGS) -MMD -MP -c $< -o $@

$(SO)/%.o: $(TOP)/%.c
	@mkdir -p $(@D)
	$(CC) $(STATIC_CFLAGS) $(XCFLAGS) -MMD -MP -c $< -o $@

LIBKHO_SRC := $(wildcard $(TOP)/tools/lib/*.c)
LIBKHO := $(T_OBJ)/libkho.a
KHODUMP_SRC := $(wildcard $(TOP)/tools/khodump/*.c)
KHOSNOOP_SRC := $(wildcard $(TOP)/tools/khosnoop/*.c)
KHOTOP_SRC := $(wildcard $(TOP)/tools/khotop/*.c)
KHOVERIFY_SRC := $(wildcard $(TOP)/tools/khoverify/*.c)
LOADER_SRC := $(TOP)/tools/bpf/kho_bpf.c
# the tests' KHO producer: unit tests, mkfixtures, bench (never the tools)
SYNTH_SRC := $(TOP)/tests/lib/kho_synth.c
# khotop's model and batch outputs are tested without a terminal or BPF.
KHOTOP_MODEL_SRC := $(TOP)/tools/khotop/model.c $(TOP)/tools/khotop/output.c
UNIT_SRC := $(wildcard $(TOP)/tests/unit/*.c) $(KHOTOP_MODEL_SRC) $(SYNTH_SRC)
UNIT_BIN := $(T_OBJ)/unit/unit-tests
MKFIX_BIN := $(T_OBJ)/mkfixtures
MKDUMP_BIN := $(T_OBJ)/bench-mkdump

.PHONY: tools khodump-static unit fuzz fuzz-smoke bench synthetic-fixtures

# ---- BPF: kho.bpf.c -> object -> skeleton; the shared loader ----
BPF_CLANG ?= clang
BPFTOOL ?= bpftool
BPF_DIR := $(BUILD)/obj/bpf
BPF_OBJ := $(BPF_DIR)/kho.bpf.o
BPF_SKEL := $(BPF_DIR)/kho.skel.h
BPF_CFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
	-I$(TOP)/include -I$(TOP)/bpf
BPF_LIBS := -lbpf -lelf -lz
BPF_STATIC_LIBS := -l:libbpf.a -l:libelf.a -l:libz.a
CURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)
CURSES_STATIC_LIBS := -l:libncursesw.a -l:libtinfo.a

$(BPF_OBJ): $(TOP)/bpf/kho.bpf.c $(TOP)/bpf/vmlinux.h $(TOP)/include/kho_event.h
	@mkdir -p $(@D)
	$(BPF_CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BPF_SKEL): $(BPF_OBJ)
	$(BPFTOOL) gen skeleton $< name kho_skel > $@.tmp && mv $@.tmp $@

# the loader includes the generated skeleton
$(call objs,$(O),$(LOADER_SRC)) $(call objs,$(SO),$(LOADER_SRC)): XCFLAGS := -I$(BPF_DIR)
$(call objs,$(O),$(LOADER_SRC)) $(call objs,$(SO),$(LOADER_SRC)): $(BPF_SKEL)

# ---- libkho: one archive per tree (tools.mk a prerequisite: a source
# leaving the list must leave the archive too) ----
$(LIBKHO): $(call objs,$(O),$(LIBKHO_SRC)) $(TOP)/tools/tools.mk
	@rm -f $@
	ar rcs $@ $(filter %.o,$^)

$(SO)/libkho.a: $(call objs,$(SO),$(LIBKHO_SRC)) $(TOP)/tools/tools.mk
	@rm -f $@
	ar rcs $@ $(filter %.o,$^)

# ---- the tools: build/bin (build/san/bin) and build/bin/static ----
$(T_BIN)/khodump: $(call objs,$(O),$(KHODUMP_SRC)) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $^ $(FDT_LIBS)

$(T_BIN)/khoverify: $(call objs,$(O),$(KHOVERIFY_SRC)) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $^ $(FDT_LIBS)

$(T_BIN)/khosnoop: $(call objs,$(O),$(KHOSNOOP_SRC) $(LOADER_SRC)) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $^ $(FDT_LIBS) $(BPF_LIBS)

$(T_BIN)/khotop: $(call objs,$(O),$(KHOTOP_SRC) $(LOADER_SRC)) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $^ $(FDT_LIBS) $(BPF_LIBS) $(CURSES_LIBS)

# Static for the guests' busybox initramfs (never sanitized).
$(BUILD)/bin/static/khodump: $(call objs,$(SO),$(KHODUMP_SRC)) $(SO)/libkho.a
	@mkdir -p $(@D)
	$(CC) -static -o $@ $^ -l:libfdt.a

$(BUILD)/bin/static/khoverify: $(call objs,$(SO),$(KHOVERIFY_SRC)) $(SO)/libkho.a
	@mkdir -p $(@D)
	$(CC) -static -o $@ $^ -l:libfdt.a

$(BUILD)/bin/static/khosnoop: $(call objs,$(SO),$(KHOSNOOP_SRC) $(LOADER_SRC)) $(SO)/libkho.a
	@mkdir -p $(@D)
	$(CC) -static -o $@ $^ -l:libfdt.a $(BPF_STATIC_LIBS)

$(BUILD)/bin/static/khotop: $(call objs,$(SO),$(KHOTOP_SRC) $(LOADER_SRC)) $(SO)/libkho.a
	@mkdir -p $(@D)
	$(CC) -static -o $@ $^ -l:libfdt.a $(BPF_STATIC_LIBS) $(CURSES_STATIC_LIBS)

TOOLS := $(T_BIN)/khodump $(T_BIN)/khosnoop $(T_BIN)/khotop $(T_BIN)/khoverify
ifeq ($(STATIC),1)
tools: $(TOOLS) $(BUILD)/bin/static/khodump $(BUILD)/bin/static/khosnoop $(BUILD)/bin/static/khotop \
	$(BUILD)/bin/static/khoverify
else
tools: $(TOOLS)
endif

khodump-static: $(BUILD)/bin/static/khodump

# ---- arm64 guests: the libfdt-only tools, static, cross-compiled with
# Debian's gcc-aarch64-linux-gnu against Debian's libfdt-dev for arm64,
# which scripts/deps.sh unpacks into build/arm64/root ----
ARM64_CC ?= aarch64-linux-gnu-gcc
ARM64_ROOT := $(BUILD)/arm64/root
AO := $(BUILD)/obj-arm64
$(AO)/%.o: $(TOP)/%.c
	@mkdir -p $(@D)
	$(ARM64_CC) $(STATIC_CFLAGS) -I$(ARM64_ROOT)/usr/include -MMD -MP -c $< -o $@

$(AO)/libkho.a: $(call objs,$(AO),$(LIBKHO_SRC)) $(TOP)/tools/tools.mk
	@rm -f $@
	aarch64-linux-gnu-ar rcs $@ $(filter %.o,$^)

$(BUILD)/bin/static-arm64/khodump: $(call objs,$(AO),$(KHODUMP_SRC)) $(AO)/libkho.a
	@mkdir -p $(@D)
	$(ARM64_CC) -static -o $@ $^ -L$(ARM64_ROOT)/usr/lib/aarch64-linux-gnu -l:libfdt.a

$(BUILD)/bin/static-arm64/khoverify: $(call objs,$(AO),$(KHOVERIFY_SRC)) $(AO)/libkho.a
	@mkdir -p $(@D)
	$(ARM64_CC) -static -o $@ $^ -L$(ARM64_ROOT)/usr/lib/aarch64-linux-gnu -l:libfdt.a

.PHONY: tools-arm64
tools-arm64: $(BUILD)/bin/static-arm64/khodump $(BUILD)/bin/static-arm64/khoverify

# ---- unit tests, fixtures generator, bench helper ----
$(UNIT_BIN): $(call objs,$(O),$(UNIT_SRC)) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $^ $(FDT_LIBS)

$(MKFIX_BIN): $(call objs,$(O),$(TOP)/tests/fixtures/synthetic/mkfixtures.c $(SYNTH_SRC)) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $^ $(FDT_LIBS)

$(MKDUMP_BIN): $(call objs,$(O),$(TOP)/bench/mkdump.c $(SYNTH_SRC)) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $^ $(FDT_LIBS)

unit: $(T_BIN)/khodump $(T_BIN)/khosnoop $(T_BIN)/khotop $(T_BIN)/khoverify $(UNIT_BIN) $(MKFIX_BIN)
	@TOP=$(TOP) WORK=$(T_OUT)/test/unit KHODUMP=$(T_BIN)/khodump KHOSNOOP=$(T_BIN)/khosnoop \
		KHOTOP=$(T_BIN)/khotop KHOVERIFY=$(T_BIN)/khoverify \
		UNIT_BIN=$(UNIT_BIN) MKFIX=$(MKFIX_BIN) $(TOP)/tests/unit/run.sh

synthetic-fixtures: $(MKFIX_BIN)
	$(MKFIX_BIN) $(TOP)/tests/fixtures/synthetic

# ---- fuzzing (clang + libFuzzer, always ASan+UBSan) ------------------
# FUZZ_TARGETS: the targets to build and run (fuzz_core or core), default all
FUZZ_ALL := $(patsubst $(TOP)/tests/fuzz/%.c,%,$(wildcard $(TOP)/tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SEL := $(addprefix fuzz_,$(patsubst fuzz_%,%,$(FUZZ_TARGETS)))
ifneq ($(filter fuzz fuzz-smoke,$(MAKECMDGOALS)),)
ifneq ($(filter-out $(FUZZ_ALL),$(FUZZ_SEL)),)
$(error FUZZ_TARGETS: no target $(filter-out $(FUZZ_ALL),$(FUZZ_SEL)) (there are $(FUZZ_ALL)))
endif
endif
FUZZ_BINS := $(addprefix $(FUZZ_DIR)/,$(FUZZ_SEL))
FUZZ_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O1 -g $(FDT_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# every target links libkho, khodump's dts writer and khoverify's save reader;
# fuzz_capture and fuzz_stats khodump's renderers, fuzz_capture khotop's model
FUZZ_EXTRA := $(call objs,$(FO),$(TOP)/tools/khodump/dts.c $(TOP)/tools/khoverify/save.c)
FUZZ_KHODUMP_OUT := $(call objs,$(FO),$(TOP)/tools/khodump/json.c $(TOP)/tools/khodump/text.c)
FUZZ_KHOTOP_MODEL := $(call objs,$(FO),$(KHOTOP_MODEL_SRC))
$(FUZZ_DIR)/fuzz_capture: $(FUZZ_KHODUMP_OUT) $(FUZZ_KHOTOP_MODEL)
$(FUZZ_DIR)/fuzz_stats: $(FUZZ_KHODUMP_OUT)

$(FO)/%.o: $(TOP)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FO)/libkho.a: $(call objs,$(FO),$(LIBKHO_SRC)) $(TOP)/tools/tools.mk
	@rm -f $@
	ar rcs $@ $(filter %.o,$^)

# objects only a pattern rule names are intermediate: keep them
FUZZ_OBJ := $(call objs,$(FO),$(LIBKHO_SRC) $(wildcard $(TOP)/tests/fuzz/*.c)) $(FUZZ_EXTRA) \
	$(FUZZ_KHODUMP_OUT) $(FUZZ_KHOTOP_MODEL)
.SECONDARY: $(FUZZ_OBJ)

$(FUZZ_DIR)/fuzz_%: $(FO)/tests/fuzz/fuzz_%.o $(FUZZ_EXTRA) $(FO)/libkho.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(FDT_LIBS)

fuzz: $(FUZZ_BINS)
	@TOP=$(TOP) FUZZ_DIR=$(FUZZ_DIR) $(TOP)/tests/fuzz/run.sh full $(FUZZ_SECONDS) $(FUZZ_SEL)

fuzz-smoke: $(FUZZ_BINS)
	@TOP=$(TOP) FUZZ_DIR=$(FUZZ_DIR) $(TOP)/tests/fuzz/run.sh smoke $(FUZZ_SMOKE_SECONDS) $(FUZZ_SEL)

bench: $(T_BIN)/khodump $(MKDUMP_BIN) $(MKFIX_BIN)
	@TOP=$(TOP) WORK=$(T_OUT)/bench KHODUMP=$(T_BIN)/khodump MKDUMP=$(MKDUMP_BIN) \
		MKFIX=$(MKFIX_BIN) $(TOP)/bench/run.sh

# the dependency files (-MMD -MP) of every object of the three trees
ALL_SRC := $(LIBKHO_SRC) $(KHODUMP_SRC) $(KHOSNOOP_SRC) $(KHOTOP_SRC) $(KHOVERIFY_SRC) \
	$(LOADER_SRC) $(UNIT_SRC) $(TOP)/tests/fixtures/synthetic/mkfixtures.c $(TOP)/bench/mkdump.c
-include $(patsubst %.o,%.d,$(call objs,$(O),$(ALL_SRC)) $(call objs,$(SO),$(ALL_SRC)) $(FUZZ_OBJ)) $(patsubst %.o,%.d,$(call objs,$(AO),$(LIBKHO_SRC) $(KHODUMP_SRC) $(KHOVERIFY_SRC)))
