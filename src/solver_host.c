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
