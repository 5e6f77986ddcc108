/*
 * mentormatch.c
 *		Module entry point: the module magic and _PG_init, which calls each
 *		module's init.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "matching/cohort.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	CohortInit();
	MarkGUCPrefixReserved("mentormatch");
}
