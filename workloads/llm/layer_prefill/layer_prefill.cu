// gen_ptx: -arch=sm_80
// The kernels of one decoder layer's prefill (manifest.yaml lists the launches): the workloads'
// own sources compiled together into one PTX module, so the layer runs exactly the kernels that
// their folders test, plus the tensor-core linear layers and the residual add of
// ../common/linear.cuh. scripts/gen_ptx.sh --check keeps this PTX in step with those sources.
#include "../common/linear.cuh"
#include "../flash_attn/flash_attn.cu"
#include "../rmsnorm/rmsnorm.cu"
#include "../rope/rope.cu"
#include "../silu_mul/silu_mul.cu"
