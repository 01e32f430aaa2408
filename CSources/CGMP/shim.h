/* GMP: big-integer parsing and printing, and the test oracle. Never used in hot loops. */
#include <gmp.h>
