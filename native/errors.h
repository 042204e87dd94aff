// Turning CUDA and NVRTC status codes into JS errors that carry the status name and number.
#pragma once
#include <napi.h>
#include <string>
#include "cuda_api.h"

// "CUDA_ERROR_OUT_OF_MEMORY", or "CUDA_ERROR_<n>" where the driver cannot name it.
std::string CudaStatusName(CUresult status);
std::string CudaStatusText(CUresult status);

// An Error whose message reads "cuMemAllocAsync: CUDA_ERROR_OUT_OF_MEMORY (2): out of memory"
// and whose .code is the status name, .status the number, .call the driver function.
Napi::Error CudaError(Napi::Env env, CUresult status, const char* call);

// Throws CudaError unless status is CUDA_SUCCESS.
void CheckCuda(Napi::Env env, CUresult status, const char* call);

// Thrown when the driver or NVRTC is used before it was loaded.
void RequireDriver(Napi::Env env);
void RequireNvrtc(Napi::Env env);
