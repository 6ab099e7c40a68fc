// A kernel that takes its parameters as one struct passed by value (a common CUDA style for
// kernels with many arguments): nvcc declares it `.param .align 8 .b8 integrate_param_0[40]` and
// reads each field at its offset. One explicit Euler step of damped particles.
struct Step {
  float dt;
  float damping;
  int n;                // padding follows: the pointers are 8-byte aligned
  const float* force;
  float* pos;
  float* vel;
};

extern "C" __global__ void integrate(Step s) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= s.n) return;
  float v = s.vel[i] * s.damping + s.force[i] * s.dt;
  s.vel[i] = v;
  s.pos[i] = s.pos[i] + v * s.dt;
}
