/* calls/walk.c (issue #3). */
#include "common.h"
