# mentormatch — PGXS build.
#
#   make / make install      build and install the extension (PGXS)
#   make test                everything, on a throwaway cluster (CONTRIBUTING.md)
#   make demo                the demo report, on a throwaway cluster
#   make bench               benchmarks against their baselines (not for CI)
#   make fuzz                mutated inputs through a server (test/fuzz/)

EXTENSION    = mentormatch
EXTVERSION   = $(shell sed -nE "s/^default_version = '(.*)'/\\1/p" $(EXTENSION).control)
MODULE_big   = mentormatch
OBJS         = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c src/*/*.c)))
DATA         = $(sort $(wildcard $(EXTENSION)--*.sql))
REGRESS      = $(sort $(patsubst sql/%.sql,%,$(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=$(EXTENSION)
# sources are in folders by layer (docs/architecture.md); an include names
# its folder: #include "scoring/factors.h"
PG_CPPFLAGS  = -I$(srcdir)/src
EXTRA_CLEAN  = .stage results regression.diffs regression.out \
               bench/core_bench

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
all install installcheck:
	@echo "PostgreSQL's PGXS is missing: run 'make test' or 'make demo' (they install it)," >&2
	@echo "or: apt-get install -y postgresql-server-dev-15" >&2
	@exit 1
endif

# PGXS tracks no header dependencies: rebuild every object when a header
# changes (structs are shared between modules).
$(OBJS): $(wildcard src/*/*.h)

# The README's commands (CONTRIBUTING.md has the rest).  Each installs what
# is missing, builds, installs into .stage/ and runs against a throwaway
# cluster.
.PHONY: test demo bench fuzz print-regress
print-regress:
	@echo $(REGRESS)
# PG=17 / PG=18: the same on that PostgreSQL, in a Debian root filesystem
# (test/rootfs.sh); none or PG=15: this machine's
test:
	@$(if $(PG),bash test/rootfs.sh $(PG) test,bash test/run)
demo:
	@$(if $(PG),bash test/rootfs.sh $(PG) demo,bash demo/run)
bench:
	@bash bench/run
fuzz:
	@bash test/fuzz/run.sh
