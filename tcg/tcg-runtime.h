/*
 * Runtime helpers that tcg-op.c calls for ops a backend lacks (division,
 * high multiply, bit counts).  Private to tcg/.
 */
#ifndef TCG_RUNTIME_H
#define TCG_RUNTIME_H

#include "tcg/tcg.h"

/* The helper computing opc for type, or NULL if there is none. */
const TCGHelperInfo *tcg_runtime_helper(TCGOpcode opc, TCGType type);

#endif
