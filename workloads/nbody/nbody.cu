// All-pairs gravitational n-body, one time step per launch, after GPU Gems 3 ch. 31 (Nyland,
// Harris, Prins): each thread owns a body; the block stages tiles of blockDim.x bodies in shared
// memory and every thread accumulates the softened acceleration from all of them,
//   a_i += m_j * r_ij / (|r_ij|^2 + eps^2)^(3/2),   with rsqrtf (rsqrt.approx: MUFU).
// Then leapfrog-style update: v += a dt, p += v dt. Positions are float4 (x, y, z, mass) and
// ping-pong between two buffers; n must be a multiple of blockDim.x.
extern "C" __global__ void nbody_step(const float4* pos_in, float4* pos_out, float4* vel, unsigned n,
                                      float dt, float eps2) {
  extern __shared__ float4 tile[];
  const unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  const float4 p = pos_in[i];
  float ax = 0.0f, ay = 0.0f, az = 0.0f;

  for (unsigned base = 0; base < n; base += blockDim.x) {
    tile[threadIdx.x] = pos_in[base + threadIdx.x];
    __syncthreads();
    for (unsigned j = 0; j < blockDim.x; ++j) {
      const float4 q = tile[j];
      const float rx = q.x - p.x, ry = q.y - p.y, rz = q.z - p.z;
      const float dist2 = rx * rx + ry * ry + rz * rz + eps2;
      const float inv = rsqrtf(dist2);
      const float s = q.w * inv * inv * inv;
      ax += rx * s;
      ay += ry * s;
      az += rz * s;
    }
    __syncthreads();
  }

  float4 v = vel[i];
  v.x += ax * dt;
  v.y += ay * dt;
  v.z += az * dt;
  vel[i] = v;
  pos_out[i] = make_float4(p.x + v.x * dt, p.y + v.y * dt, p.z + v.z * dt, p.w);
}
