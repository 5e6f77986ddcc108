/*
 * string_ids.h
 *		A dictionary that gives each distinct string a small integer id.
 *
 * Scoring compares names (skill labels, values, languages, projects,
 * support kinds, style dimensions) many times over; interning them once
 * turns each comparison into an integer comparison.  Ids are dense, from 0,
 * in order of first appearance.
 */
#ifndef MENTORMATCH_STRING_IDS_H
#define MENTORMATCH_STRING_IDS_H

typedef struct LabelDict LabelDict;

/*
 * A dictionary in the current memory context; it allocates there only.
 * charge (may be NULL) is told the bytes of every allocation before it is
 * made, with arg, so the caller can count them against a limit.
 */
extern LabelDict *CreateLabelDict(int expected,
								  void (*charge) (void *arg, Size bytes),
								  void *arg);
extern int32 InternLabel(LabelDict *dict, const char *s, int len);
extern int32 LabelDictSize(LabelDict *dict);

#endif							/* MENTORMATCH_STRING_IDS_H */
