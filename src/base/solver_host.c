/*
 * solver_host.c
 *		What the plain-C solver cores get from the server (see core.h).
 *
 * Memory comes from the current memory context, which the SQL-facing
 * solvers set to a context of their own and delete when the solve ends or
 * fails; large blocks use the huge allocator.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "core/core.h"

void *
core_alloc(size_t size)
{
	return MemoryContextAllocHuge(CurrentMemoryContext, Max(size, 1));
}

void
core_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

void
core_free(void *p)
{
	pfree(p);
}

/* A scope is a child of the current context, current until it ends. */
typedef struct HostScope
{
	MemoryContext cxt;
	MemoryContext old;
} HostScope;

void *
core_scope_begin(void)
{
	HostScope  *s = palloc(sizeof(HostScope));

	s->cxt = AllocSetContextCreate(CurrentMemoryContext, "mentormatch scope",
								   ALLOCSET_DEFAULT_SIZES);
	s->old = MemoryContextSwitchTo(s->cxt);
	return s;
}

void
core_scope_end(void *scope)
{
	HostScope  *s = scope;

	MemoryContextSwitchTo(s->old);
	MemoryContextDelete(s->cxt);
	pfree(s);
}
