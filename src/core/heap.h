/*
 * heap.h
 *		A binary heap, generated for one element type and one order, in the
 *		manner of PostgreSQL's lib/simplehash.h; plain C.
 *
 * The heap is an array the caller owns; these functions only move elements
 * within it.  Define before including:
 *
 *	HEAP_PREFIX				prefix of the generated names
 *	HEAP_ELEMENT			the element type
 *	HEAP_ARG				type of an argument the order reads (a struct
 *							pointer, say), passed through as `arg`
 *	HEAP_FIRST(arg, a, b)	true when element a belongs nearer the root
 *							than element b; a strict order
 *	HEAP_PLACED(arg, x, pos)	optional: element x has just been stored at
 *							position pos (for heaps that track positions)
 *
 * and get, all static inline:
 *
 *	PREFIX_sift_up(arg, heap, pos, x)		store x in the hole at pos and
 *											move it towards the root
 *	PREFIX_sift_down(arg, heap, n, pos, x)	store x in the hole at pos of a
 *											heap of n and move it down
 *	PREFIX_push(arg, heap, &n, x)			add x
 *	PREFIX_pop(arg, heap, &n)				remove and return the root
 *
 * Equal elements (neither FIRST) stay where they are, so the result of a
 * sequence of operations depends only on the order, never on how this file
 * writes the loops.  The parameters are undefined at the end, so the file
 * can be included again for another heap.
 */
#ifndef HEAP_PREFIX
#error "define HEAP_PREFIX before including heap.h"
#endif

#define HEAP_CONCAT_(a, b)		a##_##b
#define HEAP_CONCAT(a, b)		HEAP_CONCAT_(a, b)
#define HEAP_NAME(name)			HEAP_CONCAT(HEAP_PREFIX, name)

#ifdef HEAP_PLACED
#define HEAP_STORE(arg, heap, pos, x) \
	do { (heap)[pos] = (x); HEAP_PLACED(arg, x, pos); } while (0)
#else
#define HEAP_STORE(arg, heap, pos, x)	((heap)[pos] = (x))
#endif

static inline void
HEAP_NAME(sift_up) (HEAP_ARG arg, HEAP_ELEMENT *heap, int64_t pos,
					HEAP_ELEMENT x)
{
	while (pos > 0)
	{
		int64_t		parent = (pos - 1) >> 1;

		if (!(HEAP_FIRST(arg, x, heap[parent])))
			break;
		HEAP_STORE(arg, heap, pos, heap[parent]);
		pos = parent;
	}
	HEAP_STORE(arg, heap, pos, x);
}

static inline void
HEAP_NAME(sift_down) (HEAP_ARG arg, HEAP_ELEMENT *heap, int64_t n,
					  int64_t pos, HEAP_ELEMENT x)
{
	for (;;)
	{
		int64_t		child = 2 * pos + 1;

		if (child >= n)
			break;
		if (child + 1 < n && HEAP_FIRST(arg, heap[child + 1], heap[child]))
			child++;
		if (!(HEAP_FIRST(arg, heap[child], x)))
			break;
		HEAP_STORE(arg, heap, pos, heap[child]);
		pos = child;
	}
	HEAP_STORE(arg, heap, pos, x);
}

static inline void
HEAP_NAME(push) (HEAP_ARG arg, HEAP_ELEMENT *heap, int64_t *n,
				 HEAP_ELEMENT x)
{
	HEAP_NAME(sift_up) (arg, heap, (*n)++, x);
}

static inline HEAP_ELEMENT
HEAP_NAME(pop) (HEAP_ARG arg, HEAP_ELEMENT *heap, int64_t *n)
{
	HEAP_ELEMENT top = heap[0];

	if (--(*n) > 0)
		HEAP_NAME(sift_down) (arg, heap, *n, 0, heap[*n]);
	return top;
}

#undef HEAP_STORE
#undef HEAP_NAME
#undef HEAP_CONCAT
#undef HEAP_CONCAT_
#undef HEAP_PREFIX
#undef HEAP_ELEMENT
#undef HEAP_ARG
#undef HEAP_FIRST
#undef HEAP_PLACED
