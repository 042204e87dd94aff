// The cuFFT declarations cupyts uses, written out here so the addon builds without CUDA headers;
// every function is resolved at run time with dlsym (see cufft.cc). Values as in cufft.h.
#pragma once
#include <cstddef>
#include "cuda_api.h"

typedef int cufftResult;
typedef int cufftHandle;
typedef int cufftType;
constexpr cufftResult CUFFT_SUCCESS = 0;

struct CufftApi {
  cufftResult (*cufftGetVersion)(int*);
  cufftResult (*cufftCreate)(cufftHandle*);
  cufftResult (*cufftDestroy)(cufftHandle);
  cufftResult (*cufftSetAutoAllocation)(cufftHandle, int);
  cufftResult (*cufftMakePlanMany)(cufftHandle, int, int*, int*, int, int, int*, int, int, cufftType, int, size_t*);
  cufftResult (*cufftMakePlanMany64)(cufftHandle, int, long long*, long long*, long long, long long, long long*, long long,
                                     long long, cufftType, long long, size_t*);
  cufftResult (*cufftGetSize)(cufftHandle, size_t*);
  cufftResult (*cufftSetWorkArea)(cufftHandle, void*);
  cufftResult (*cufftSetStream)(cufftHandle, CUstream);
  cufftResult (*cufftExecC2C)(cufftHandle, void*, void*, int);
  cufftResult (*cufftExecZ2Z)(cufftHandle, void*, void*, int);
  cufftResult (*cufftExecR2C)(cufftHandle, void*, void*);
  cufftResult (*cufftExecD2Z)(cufftHandle, void*, void*);
  cufftResult (*cufftExecC2R)(cufftHandle, void*, void*);
  cufftResult (*cufftExecZ2D)(cufftHandle, void*, void*);
};
