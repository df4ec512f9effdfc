# kho-suite user-space build: libkho, khodump, unit tests, fuzzing, bench.
# Included by the top-level Makefile (TOP, BUILD, SANITIZE exported).
#
#   make tools [SANITIZE=1] [STATIC=1]   binaries into build/bin (build/san/bin,
#                                        build/bin/static)
#   make khodump-static                  build/bin/static/khodump
#   make unit [SANITIZE=1]               unit + CLI tests; last line is the summary
#   make fuzz [FUZZ_SECONDS=60]          libFuzzer (clang), every target
#   make fuzz-smoke                      seed corpus + a few seconds per target
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

LIBKHO_SRC := $(wildcard $(TOP)/tools/lib/*.c)
LIBKHO_HDR := $(wildcard $(TOP)/tools/lib/*.h) $(TOP)/include/kho_abi.h
LIBKHO_OBJ := $(patsubst $(TOP)/tools/lib/%.c,$(T_OBJ)/lib/%.o,$(LIBKHO_SRC))
LIBKHO := $(T_OBJ)/libkho.a
KHODUMP_SRC := $(wildcard $(TOP)/tools/khodump/*.c)
KHODUMP_HDR := $(wildcard $(TOP)/tools/khodump/*.h)
KHODUMP_OBJ := $(patsubst $(TOP)/tools/khodump/%.c,$(T_OBJ)/khodump/%.o,$(KHODUMP_SRC))
UNIT_SRC := $(wildcard $(TOP)/tests/unit/*.c)
UNIT_BIN := $(T_OBJ)/unit/unit-tests
MKFIX_BIN := $(T_OBJ)/mkfixtures
MKDUMP_BIN := $(T_OBJ)/bench-mkdump

.PHONY: tools khodump-static unit fuzz fuzz-smoke bench synthetic-fixtures

# ---- BPF: kho.bpf.c -> object -> skeleton; the shared loader; khosnoop ----
BPF_CLANG ?= clang
BPFTOOL ?= bpftool
BPF_DIR := $(BUILD)/obj/bpf
BPF_OBJ := $(BPF_DIR)/kho.bpf.o
BPF_SKEL := $(BPF_DIR)/kho.skel.h
BPF_CFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
	-I$(TOP)/include -I$(TOP)/bpf
LOADER_SRC := $(TOP)/tools/bpf/kho_bpf.c
LOADER_HDR := $(TOP)/tools/bpf/kho_bpf.h $(TOP)/include/kho_event.h
KHOSNOOP_SRC := $(wildcard $(TOP)/tools/khosnoop/*.c)
BPF_LIBS := -lbpf -lelf -lz
BPF_STATIC_LIBS := -l:libbpf.a -l:libelf.a -l:libz.a

$(BPF_OBJ): $(TOP)/bpf/kho.bpf.c $(TOP)/bpf/vmlinux.h $(TOP)/include/kho_event.h
	@mkdir -p $(@D)
	$(BPF_CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BPF_SKEL): $(BPF_OBJ)
	$(BPFTOOL) gen skeleton $< name kho_skel > $@.tmp && mv $@.tmp $@

$(T_OBJ)/bpf/kho_bpf.o: $(LOADER_SRC) $(LOADER_HDR) $(BPF_SKEL)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) -I$(BPF_DIR) -c $< -o $@

$(T_BIN)/khosnoop: $(KHOSNOOP_SRC) $(T_OBJ)/bpf/kho_bpf.o $(LIBKHO) $(LIBKHO_HDR) $(LOADER_HDR)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) $(KHO_LDFLAGS) -o $@ $(KHOSNOOP_SRC) $(T_OBJ)/bpf/kho_bpf.o \
		$(LIBKHO) $(FDT_LIBS) $(BPF_LIBS)

# Static for the guests (never sanitized).
$(BUILD)/bin/static/khosnoop: $(KHOSNOOP_SRC) $(LOADER_SRC) $(LOADER_HDR) $(BPF_SKEL) \
		$(LIBKHO_SRC) $(LIBKHO_HDR)
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 $(FDT_CFLAGS) -I$(BPF_DIR) -static \
		-o $@ $(KHOSNOOP_SRC) $(LOADER_SRC) $(LIBKHO_SRC) -l:libfdt.a $(BPF_STATIC_LIBS)

KHOTOP_SRC := $(wildcard $(TOP)/tools/khotop/*.c)
KHOTOP_HDR := $(wildcard $(TOP)/tools/khotop/*.h)
CURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)
CURSES_STATIC_LIBS := -l:libncursesw.a -l:libtinfo.a

$(T_BIN)/khotop: $(KHOTOP_SRC) $(KHOTOP_HDR) $(T_OBJ)/bpf/kho_bpf.o $(LIBKHO) $(LIBKHO_HDR) $(LOADER_HDR)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) $(KHO_LDFLAGS) -o $@ $(KHOTOP_SRC) $(T_OBJ)/bpf/kho_bpf.o \
		$(LIBKHO) $(FDT_LIBS) $(BPF_LIBS) $(CURSES_LIBS)

$(BUILD)/bin/static/khotop: $(KHOTOP_SRC) $(KHOTOP_HDR) $(LOADER_SRC) $(LOADER_HDR) $(BPF_SKEL) \
		$(LIBKHO_SRC) $(LIBKHO_HDR)
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 $(FDT_CFLAGS) -I$(BPF_DIR) -static \
		-o $@ $(KHOTOP_SRC) $(LOADER_SRC) $(LIBKHO_SRC) -l:libfdt.a $(BPF_STATIC_LIBS) \
		$(CURSES_STATIC_LIBS)

# khoverify: libkho only (no libbpf, no curses), like khodump.
KHOVERIFY_SRC := $(wildcard $(TOP)/tools/khoverify/*.c)
KHOVERIFY_HDR := $(wildcard $(TOP)/tools/khoverify/*.h)
KHOVERIFY_OBJ := $(patsubst $(TOP)/tools/khoverify/%.c,$(T_OBJ)/khoverify/%.o,$(KHOVERIFY_SRC))

$(T_OBJ)/khoverify/%.o: $(TOP)/tools/khoverify/%.c $(LIBKHO_HDR) $(KHOVERIFY_HDR)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) -c $< -o $@

$(T_BIN)/khoverify: $(KHOVERIFY_OBJ) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $(KHOVERIFY_OBJ) $(LIBKHO) $(FDT_LIBS)

$(BUILD)/bin/static/khoverify: $(KHOVERIFY_SRC) $(KHOVERIFY_HDR) $(LIBKHO_SRC) $(LIBKHO_HDR)
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 $(FDT_CFLAGS) -static \
		-o $@ $(KHOVERIFY_SRC) $(LIBKHO_SRC) -l:libfdt.a

TOOLS := $(T_BIN)/khodump $(T_BIN)/khosnoop $(T_BIN)/khotop $(T_BIN)/khoverify
ifeq ($(STATIC),1)
tools: $(TOOLS) $(BUILD)/bin/static/khodump $(BUILD)/bin/static/khosnoop $(BUILD)/bin/static/khotop \
	$(BUILD)/bin/static/khoverify
else
tools: $(TOOLS)
endif

khodump-static: $(BUILD)/bin/static/khodump

$(T_OBJ)/lib/%.o: $(TOP)/tools/lib/%.c $(LIBKHO_HDR)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) -c $< -o $@

$(T_OBJ)/khodump/%.o: $(TOP)/tools/khodump/%.c $(LIBKHO_HDR) $(KHODUMP_HDR)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) -c $< -o $@

$(LIBKHO): $(LIBKHO_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(T_BIN)/khodump: $(KHODUMP_OBJ) $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_LDFLAGS) -o $@ $(KHODUMP_OBJ) $(LIBKHO) $(FDT_LIBS)

# Static binary for busybox initramfs (never sanitized).
$(BUILD)/bin/static/khodump: $(KHODUMP_SRC) $(LIBKHO_SRC) $(LIBKHO_HDR) $(KHODUMP_HDR)
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 $(FDT_CFLAGS) -static \
		-o $@ $(KHODUMP_SRC) $(LIBKHO_SRC) -l:libfdt.a

# khotop's model and batch outputs are tested without a terminal or BPF.
KHOTOP_MODEL_SRC := $(TOP)/tools/khotop/model.c $(TOP)/tools/khotop/output.c

$(UNIT_BIN): $(UNIT_SRC) $(wildcard $(TOP)/tests/unit/*.h) $(KHOTOP_MODEL_SRC) \
		$(TOP)/tools/khotop/khotop.h $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) $(KHO_LDFLAGS) -o $@ $(UNIT_SRC) $(KHOTOP_MODEL_SRC) $(LIBKHO) $(FDT_LIBS)

$(MKFIX_BIN): $(TOP)/tests/fixtures/synthetic/mkfixtures.c $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) $(KHO_LDFLAGS) -o $@ $< $(LIBKHO) $(FDT_LIBS)

$(MKDUMP_BIN): $(TOP)/bench/mkdump.c $(LIBKHO)
	@mkdir -p $(@D)
	$(CC) $(KHO_CFLAGS) $(KHO_LDFLAGS) -o $@ $< $(LIBKHO) $(FDT_LIBS)

unit: $(T_BIN)/khodump $(T_BIN)/khosnoop $(T_BIN)/khotop $(T_BIN)/khoverify $(UNIT_BIN) $(MKFIX_BIN)
	@TOP=$(TOP) WORK=$(T_OUT)/test/unit KHODUMP=$(T_BIN)/khodump KHOSNOOP=$(T_BIN)/khosnoop \
		KHOTOP=$(T_BIN)/khotop KHOVERIFY=$(T_BIN)/khoverify \
		UNIT_BIN=$(UNIT_BIN) MKFIX=$(MKFIX_BIN) $(TOP)/tests/unit/run.sh

synthetic-fixtures: $(MKFIX_BIN)
	$(MKFIX_BIN) $(TOP)/tests/fixtures/synthetic

# ---- fuzzing (clang + libFuzzer, always ASan+UBSan) ------------------
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_TARGETS := $(patsubst $(TOP)/tests/fuzz/%.c,%,$(wildcard $(TOP)/tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))
FUZZ_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O1 -g $(FDT_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# every target links libkho, khodump's dts writer and khoverify's save reader
FUZZ_EXTRA := $(TOP)/tools/khodump/dts.c $(TOP)/tools/khoverify/save.c

$(FUZZ_DIR)/fuzz_%: $(TOP)/tests/fuzz/fuzz_%.c $(LIBKHO_SRC) $(LIBKHO_HDR) $(FUZZ_EXTRA) $(KHOVERIFY_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(LIBKHO_SRC) $(FUZZ_EXTRA) $(FDT_LIBS)

fuzz: $(FUZZ_BINS)
	@TOP=$(TOP) FUZZ_DIR=$(FUZZ_DIR) $(TOP)/tests/fuzz/run.sh full $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_BINS)
	@TOP=$(TOP) FUZZ_DIR=$(FUZZ_DIR) $(TOP)/tests/fuzz/run.sh smoke $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

bench: $(T_BIN)/khodump $(MKDUMP_BIN) $(MKFIX_BIN)
	@TOP=$(TOP) WORK=$(T_OUT)/bench KHODUMP=$(T_BIN)/khodump MKDUMP=$(MKDUMP_BIN) \
		MKFIX=$(MKFIX_BIN) $(TOP)/bench/run.sh
