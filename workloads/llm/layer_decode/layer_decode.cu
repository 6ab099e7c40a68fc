// gen_ptx: -arch=sm_80
// The kernels of one decoder layer's decode step (manifest.yaml lists the launches): the
// workloads' own sources compiled together into one PTX module, so the layer runs exactly the
// kernels that their folders test, plus the skinny tensor-core linear layers and the residual
// add of ../common/linear.cuh. scripts/gen_ptx.sh --check keeps this PTX in step with those sources.
#include "../common/linear.cuh"
#include "../decode_attn/decode_attn.cu"
#include "../kv_append/kv_append.cu"
#include "../rmsnorm/rmsnorm.cu"
#include "../rope/rope.cu"
#include "../silu_mul/silu_mul.cu"
