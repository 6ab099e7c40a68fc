#include "isa/warp_stream.h"

namespace warpsim {

const char* op_class_name(OpClass c) {
  switch (c) {
    case OpClass::int_alu: return "int_alu";
    case OpClass::int_mul: return "int_mul";
    case OpClass::fp32: return "fp32";
    case OpClass::fp64: return "fp64";
    case OpClass::fp16: return "fp16";
    case OpClass::sfu: return "sfu";
    case OpClass::tensor: return "tensor";
    case OpClass::load: return "load";
    case OpClass::store: return "store";
    case OpClass::atomic: return "atomic";
    case OpClass::branch: return "branch";
    case OpClass::barrier: return "barrier";
    case OpClass::exit: return "exit";
    case OpClass::misc: return "misc";
    case OpClass::count_: break;
  }
  return "?";
}

const char* mem_space_name(MemSpace s) {
  switch (s) {
    case MemSpace::none: return "none";
    case MemSpace::global: return "global";
    case MemSpace::shared: return "shared";
    case MemSpace::local: return "local";
    case MemSpace::constant: return "constant";
    case MemSpace::param: return "param";
  }
  return "?";
}

}  // namespace warpsim
