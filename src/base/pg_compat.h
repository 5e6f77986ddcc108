/*
 * pg_compat.h
 *		What differs in the server API between the PostgreSQL majors
 *		mentormatch builds on (15, 16, 17, 18), in one place.  Include it
 *		after postgres.h; the code then uses the newest spelling.
 *
 * 15 is tested on the machine, 17 and 18 in Debian root filesystems
 * (make test PG=17, make test PG=18); 16 is in no Debian release and builds
 * from the same source with the same guards.
 */
#ifndef MENTORMATCH_PG_COMPAT_H
#define MENTORMATCH_PG_COMPAT_H

#if PG_VERSION_NUM < 150000
#error "mentormatch needs PostgreSQL 15 or later"
#endif

/*
 * 16 moved the varlena macros (VARDATA_ANY, VARSIZE_ANY_EXHDR, ...) from
 * postgres.h to varatt.h.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * A function that never returns.  18 spells it pg_noreturn, before the
 * declaration, and has no pg_attribute_noreturn() (after it) any more;
 * before 18 the old attribute serves in the front position too (it is
 * __attribute__((noreturn)) where the compiler has it).  So declare
 *		pg_noreturn extern void f(...);
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * 16 renamed the force_parallel_mode setting debug_parallel_query
 * (optimizer/optimizer.h): the new names on 15 too.
 */
#if PG_VERSION_NUM < 160000
#define debug_parallel_query force_parallel_mode
#define DEBUG_PARALLEL_OFF FORCE_PARALLEL_OFF
#endif

#endif							/* MENTORMATCH_PG_COMPAT_H */
