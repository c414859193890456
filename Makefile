# coopmap - the only build file.  make | make test | make run | make BUILD=asan check | make fmt
BUILD    ?= debug
B        := build$(if $(filter asan,$(BUILD)),-asan,)
MODULES  := base store import calc render map http cli
PKGS     := gdal spatialite sqlite3 proj geos cairo libpng pangocairo libmicrohttpd jansson libsodium \
            zlib
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wformat=2 -fno-common
OPT_debug   := -O2 -g
OPT_release := -O2 -DNDEBUG
OPT_asan    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# -isystem: GDAL's headers are not warning-clean under our flags
PKG_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lgeos_c -lm -lpthread
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(addprefix -Isrc/,$(MODULES))
CFLAGS   += -std=c11 $(WARN) $(OPT_$(BUILD)) -MMD -MP
SAN_asan := -fsanitize=address,undefined
LDFLAGS  += $(SAN_$(BUILD))

SRCS      := $(foreach m,$(MODULES),$(wildcard src/$(m)/*.c))
LIB_OBJS  := $(patsubst src/%.c,$(B)/obj/%.o,$(filter-out src/cli/main.c src/cli/cli_ogr.c,$(SRCS)))
MAIN_OBJ  := $(B)/obj/cli/main.o
# The only objects that call GDAL: coopmap loads them as $(B)/coopmap-ogr.so on first use
# (src/cli/cli_ogr.c says why); the unit tests link them from libcoopmap.a as usual.
OGR_OBJS  := $(patsubst %,$(B)/obj/%.o,import/import_ogr import/import_ogr_fields \
               import/import_ogr_geom import/gen_shp calc/calc_export)
CORE_OBJS := $(filter-out $(OGR_OBJS),$(LIB_OBJS))
GDAL_LIBS  = $(shell pkg-config --libs gdal 2>/dev/null)
CORE_LIBS  = $(filter-out $(GDAL_LIBS),$(PKG_LIBS)) -ldl
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TEST_SRCS))
SHELL_TESTS := $(sort $(wildcard tests/*.t))

COOPMAP_SHARED ?= $(abspath ../shared/data)
export COOPMAP_SHARED

.PHONY: all deps check test run demo fmt clean web
all: $(B)/coopmap $(B)/coopmap-ogr.so $(TEST_BINS)

deps:
	@scripts/install-deps.sh

# Every core object, exported (-rdynamic) for coopmap-ogr.so, which calls back into them;
# that also keeps src/render/render_zlib.c (cairo's PDF deflate level) in.
$(B)/coopmap: $(MAIN_OBJ) $(B)/obj/cli/cli_ogr.o $(CORE_OBJS)
	@echo 'LD $@'
	@$(CC) $(LDFLAGS) -rdynamic -o $@ $^ $(CORE_LIBS)

$(B)/coopmap-ogr.so: $(patsubst $(B)/obj/%,$(B)/pic/%,$(OGR_OBJS))
	@echo 'LD $@'
	@$(CC) $(LDFLAGS) -shared -Wl,-Bsymbolic -o $@ $^ $(GDAL_LIBS) $(CORE_LIBS)

$(B)/pic/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo 'CC $< (PIC)'
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -fPIC -c -o $@ $<

$(B)/libcoopmap.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo 'CC $<'
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libcoopmap.a tests/tap.h
	@mkdir -p $(dir $@)
	@echo 'LD $@'
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libcoopmap.a $(PKG_LIBS)

# Runs the TAP suite against the $(BUILD) binaries.
check: all
	COOPMAP=$(abspath $(B)/coopmap) COOPMAP_BUILD=$(abspath $(B)) \
	  LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  prove --exec '' $(TEST_BINS) $(SHELL_TESTS)

test: deps
	$(MAKE) check
	$(MAKE) BUILD=asan check
	scripts/check_layers.sh

demo.db: $(B)/coopmap scripts/demo.sh $(wildcard data/demo/*)
	scripts/demo.sh $(B)/coopmap demo.db

run: deps
	$(MAKE) all
	$(MAKE) demo.db
	$(B)/coopmap info --db demo.db
	@echo 'run: the demo section P20 (fictional members) has a secretary; to sign in as her, open:'
	-@$(B)/coopmap user reset secretaire.demo@example.org --db demo.db --url http://127.0.0.1:8080 | tail -1
	@echo 'run: the map is at http://127.0.0.1:8080/ (Ctrl-C stops)'
	$(B)/coopmap serve --db demo.db

fmt:
	clang-format -i $(SRCS) $(wildcard src/*/*.h) $(TEST_SRCS)

clean:
	rm -rf build build-asan demo.db demo.db-wal demo.db-shm

-include $(shell find $(B) -name '*.d' 2>/dev/null)
