/*
 * host.c
 *		Standalone host for the solver cores: malloc that aborts on failure,
 *		no interrupts.  Like the server's memory context, every block is
 *		released at once by core_host_reset(); core_alloc_total counts the
 *		bytes asked for since the last reset, so checks can compare it with
 *		the cores' *_scratch_bytes promises.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "host.h"

typedef struct HostBlock
{
	struct HostBlock *next;
	size_t		size;			/* the payload's bytes (keeps it 8-byte
								 * aligned too) */
} HostBlock;

static HostBlock *host_blocks = NULL;
size_t		core_alloc_total = 0;
size_t		core_alloc_peak = 0;
static size_t core_alloc_live = 0;

void *
core_alloc(size_t size)
{
	HostBlock  *b = malloc(sizeof(HostBlock) + size);

	if (b == NULL)
	{
		fprintf(stderr, "core_alloc: out of memory (%zu bytes)\n", size);
		abort();
	}
	b->next = host_blocks;
	b->size = size;
	host_blocks = b;
	core_alloc_total += size;
	core_alloc_live += size;
	if (core_alloc_live > core_alloc_peak)
		core_alloc_peak = core_alloc_live;
	return b + 1;
}

void
core_check_interrupts(void)
{
}

void
core_free(void *p)
{
	HostBlock **link = &host_blocks;

	while (*link != NULL && *link + 1 != p)
		link = &(*link)->next;
	if (*link != NULL)
	{
		HostBlock  *b = *link;

		*link = b->next;
		core_alloc_live -= b->size;
		free(b);
	}
}

/* A scope is the block list's head when it began. */
void *
core_scope_begin(void)
{
	return host_blocks;
}

void
core_scope_end(void *scope)
{
	while (host_blocks != scope)
	{
		HostBlock  *next = host_blocks->next;

		core_alloc_live -= host_blocks->size;
		free(host_blocks);
		host_blocks = next;
	}
}

void
core_host_reset(void)
{
	while (host_blocks != NULL)
	{
		HostBlock  *next = host_blocks->next;

		free(host_blocks);
		host_blocks = next;
	}
	core_alloc_total = 0;
	core_alloc_live = 0;
	core_alloc_peak = 0;
}
