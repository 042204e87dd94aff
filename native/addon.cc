// The cupyts native addon: plain functions over the CUDA driver API, NVRTC, cuBLAS, cuSOLVER, cuFFT and NCCL, all loaded with
// dlopen at run time. See src/runtime/native.ts for the typed JS view of these exports.
#include <napi.h>

#include "cublas.h"
#include "cufft.h"
#include "cusolver.h"
#include "driver.h"
#include "nccl.h"
#include "nvrtc.h"

Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  RegisterDriver(env, exports);
  RegisterNvrtc(env, exports);
  RegisterCublas(env, exports);
  RegisterCufft(env, exports);
  RegisterCusolver(env, exports);
  RegisterNccl(env, exports);
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

NODE_API_MODULE(cupyts, InitAddon)
