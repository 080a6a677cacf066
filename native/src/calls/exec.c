/* calls/exec.c (issue #3). */
#include "common.h"
