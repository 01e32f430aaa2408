/* Shared by the permutation and its generated constant tables. */
#ifndef POSEIDON_INTERNAL_H
#define POSEIDON_INTERNAL_H

#include "poseidon.h"
#include "../CBN254/field_internal.h"

#endif
