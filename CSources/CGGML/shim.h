/*
 * ggml and gguf come from the PyPI wheel libggml-python==0.20.2.post1, which
 * scripts/setup.sh unpacks into .deps/ggml (Debian ships no ggml). The paths are relative
 * to this file, so a checkout builds wherever it lives.
 */
#include "../../.deps/ggml/include/ggml.h"
#include "../../.deps/ggml/include/ggml-cpu.h"
#include "../../.deps/ggml/include/gguf.h"
#include "../../.deps/ggml/include/ggml-alloc.h"
#include "../../.deps/ggml/include/ggml-backend.h"
