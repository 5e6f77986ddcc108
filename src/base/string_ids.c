/*
 * string_ids.c
 *		String interning by open addressing (see string_ids.h).
 */
#include "postgres.h"

#include "common/hashfn.h"

#include "base/string_ids.h"

typedef struct LabelSlot
{
	uint32		hash;
	int32		id;				/* -1: empty */
	int32		len;
	const char *str;
} LabelSlot;

struct LabelDict
{
	MemoryContext cxt;			/* where the slots and strings live */
	LabelSlot  *slots;
	uint32		mask;			/* slots - 1, a power of two less one */
	int32		count;
	void		(*charge) (void *arg, Size bytes);
	void	   *charge_arg;
};

/* Allocates in the dictionary's context, telling charge first. */
static void *
DictAlloc(LabelDict *dict, Size bytes)
{
	if (dict->charge)
		dict->charge(dict->charge_arg, bytes);
	return MemoryContextAlloc(dict->cxt, bytes);
}

static LabelSlot *
AllocSlots(LabelDict *dict, uint32 n)
{
	LabelSlot  *slots = DictAlloc(dict, sizeof(LabelSlot) * n);
	uint32		i;

	for (i = 0; i < n; i++)
		slots[i].id = -1;
	return slots;
}

LabelDict *
CreateLabelDict(int expected, void (*charge) (void *arg, Size bytes),
				void *arg)
{
	LabelDict  *dict;
	uint32		n = 16;

	if (charge)
		charge(arg, sizeof(LabelDict));
	dict = palloc(sizeof(LabelDict));
	while (n < (uint32) expected * 2)
		n <<= 1;
	dict->cxt = CurrentMemoryContext;
	dict->charge = charge;
	dict->charge_arg = arg;
	dict->slots = AllocSlots(dict, n);
	dict->mask = n - 1;
	dict->count = 0;
	return dict;
}

/* Doubles the table when it is half full, to keep probes short. */
static void
GrowLabelDict(LabelDict *dict)
{
	LabelSlot  *old = dict->slots;
	uint32		oldn = dict->mask + 1;
	uint32		n = oldn * 2;
	uint32		i;

	dict->slots = AllocSlots(dict, n);
	dict->mask = n - 1;
	for (i = 0; i < oldn; i++)
	{
		uint32		pos;

		if (old[i].id < 0)
			continue;
		pos = old[i].hash & dict->mask;
		while (dict->slots[pos].id >= 0)
			pos = (pos + 1) & dict->mask;
		dict->slots[pos] = old[i];
	}
	pfree(old);
}

int32
LabelDictSize(LabelDict *dict)
{
	return dict->count;
}

int32
InternLabel(LabelDict *dict, const char *s, int len)
{
	uint32		hash = hash_bytes((const unsigned char *) s, len);
	uint32		pos = hash & dict->mask;
	LabelSlot  *slot;
	char	   *copy;
	int32		id;

	for (;;)
	{
		slot = &dict->slots[pos];
		if (slot->id < 0)
			break;
		if (slot->hash == hash && slot->len == len &&
			memcmp(slot->str, s, len) == 0)
			return slot->id;
		pos = (pos + 1) & dict->mask;
	}
	slot->hash = hash;
	slot->len = len;
	copy = DictAlloc(dict, len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	slot->str = copy;
	slot->id = id = dict->count++;
	/* growing frees the old slots, slot among them: use id from here on */
	if ((uint32) dict->count * 2 > dict->mask)
		GrowLabelDict(dict);
	return id;
}
