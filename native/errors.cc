#include "errors.h"

#include "loader.h"

std::string CudaStatusName(CUresult status) {
  const char* name = nullptr;
  if (g_cu.cuGetErrorName && g_cu.cuGetErrorName(status, &name) == CUDA_SUCCESS && name) return name;
  return "CUDA_ERROR_" + std::to_string(status);
}

std::string CudaStatusText(CUresult status) {
  const char* text = nullptr;
  if (g_cu.cuGetErrorString && g_cu.cuGetErrorString(status, &text) == CUDA_SUCCESS && text) return text;
  return "unknown error";
}

Napi::Error CudaError(Napi::Env env, CUresult status, const char* call) {
  std::string name = CudaStatusName(status);
  Napi::Error err = Napi::Error::New(
      env, std::string(call) + ": " + name + " (" + std::to_string(status) + "): " + CudaStatusText(status));
  err.Set("code", Napi::String::New(env, name));
  err.Set("status", Napi::Number::New(env, status));
  err.Set("call", Napi::String::New(env, call));
  return err;
}

void CheckCuda(Napi::Env env, CUresult status, const char* call) {
  if (status != CUDA_SUCCESS) throw CudaError(env, status, call);
}

void RequireDriver(Napi::Env env) {
  if (!DriverLoaded()) {
    Napi::Error err = Napi::Error::New(env, "the CUDA driver library is not loaded");
    err.Set("code", Napi::String::New(env, "ERR_CUDA_NOT_LOADED"));
    throw err;
  }
}

void RequireNvrtc(Napi::Env env) {
  if (!NvrtcLoaded()) {
    Napi::Error err = Napi::Error::New(env, "the NVRTC library is not loaded");
    err.Set("code", Napi::String::New(env, "ERR_NVRTC_NOT_LOADED"));
    throw err;
  }
}
