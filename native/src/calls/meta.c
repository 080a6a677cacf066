/* calls/meta.c (issue #3). */
#include "common.h"
