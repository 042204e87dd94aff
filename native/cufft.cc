// cuFFT: loaded with dlopen like cuBLAS, and one JS function per cuFFT call (create, plan with the
// advanced layout in 32- and 64-bit sizes, work area, stream, the six exec calls, destroy). No
// policy here: which plan, which layout and where the work area comes from are decided in
// src/runtime/cufft.ts. Data are device pointers; plans are cuFFT's int handles.
#include "cufft.h"

#include <dlfcn.h>

#include <string>
#include <vector>

#include "cufft_api.h"
#include "loader.h"
#include "values.h"

namespace {
CufftApi g_cufft{};
void* g_cufft_handle = nullptr;

const char* CufftResultName(cufftResult r) {
  switch (r) {
    case 0: return "CUFFT_SUCCESS";
    case 1: return "CUFFT_INVALID_PLAN";
    case 2: return "CUFFT_ALLOC_FAILED";
    case 3: return "CUFFT_INVALID_TYPE";
    case 4: return "CUFFT_INVALID_VALUE";
    case 5: return "CUFFT_INTERNAL_ERROR";
    case 6: return "CUFFT_EXEC_FAILED";
    case 7: return "CUFFT_SETUP_FAILED";
    case 8: return "CUFFT_INVALID_SIZE";
    case 9: return "CUFFT_UNALIGNED_DATA";
    case 10: return "CUFFT_INCOMPLETE_PARAMETER_LIST";
    case 11: return "CUFFT_INVALID_DEVICE";
    case 12: return "CUFFT_PARSE_ERROR";
    case 13: return "CUFFT_NO_WORKSPACE";
    case 14: return "CUFFT_NOT_IMPLEMENTED";
    case 15: return "CUFFT_LICENSE_ERROR";
    case 16: return "CUFFT_NOT_SUPPORTED";
    default: return "CUFFT_UNKNOWN_ERROR";
  }
}

// An Error "cufftExecC2C: CUFFT_INVALID_PLAN (1)" with .code the result's name.
void Check(Napi::Env env, cufftResult result, const char* call) {
  if (result == CUFFT_SUCCESS) return;
  std::string name = CufftResultName(result);
  Napi::Error err = Napi::Error::New(env, std::string(call) + ": " + name + " (" + std::to_string(result) + ")");
  err.Set("code", Napi::String::New(env, name));
  err.Set("status", Napi::Number::New(env, result));
  err.Set("call", Napi::String::New(env, call));
  throw err;
}

int Int(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
long long I64(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }
cufftHandle Plan(const Napi::CallbackInfo& info, size_t i) { return Int(info, i); }
void* Ptr(const Napi::CallbackInfo& info, size_t i, const char* what) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(ToU64(info[i], what)));
}
Napi::Value Undefined(const Napi::CallbackInfo& info) { return info.Env().Undefined(); }
Napi::Value Size(const Napi::CallbackInfo& info, size_t bytes) { return Napi::Number::New(info.Env(), static_cast<double>(bytes)); }

// A JS array of numbers (sizes, embeds), or null/undefined for none (cuFFT's NULL: the basic layout).
template <typename T>
std::vector<T> Dims(const Napi::CallbackInfo& info, size_t i) {
  std::vector<T> out;
  if (info[i].IsNull() || info[i].IsUndefined()) return out;
  Napi::Array a = info[i].As<Napi::Array>();
  for (uint32_t k = 0; k < a.Length(); k++) out.push_back(static_cast<T>(a.Get(k).As<Napi::Number>().Int64Value()));
  return out;
}
template <typename T> T* OrNull(std::vector<T>& v) { return v.empty() ? nullptr : v.data(); }

Napi::Value Version(const Napi::CallbackInfo& info) {
  int v = 0;
  Check(info.Env(), g_cufft.cufftGetVersion(&v), "cufftGetVersion");
  return Napi::Number::New(info.Env(), v);
}

Napi::Value Create(const Napi::CallbackInfo& info) {
  cufftHandle plan = 0;
  Check(info.Env(), g_cufft.cufftCreate(&plan), "cufftCreate");
  return Napi::Number::New(info.Env(), plan);
}

Napi::Value Destroy(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftDestroy(Plan(info, 0)), "cufftDestroy");
  return Undefined(info);
}

// setAutoAllocation(plan, autoAllocate: 0 | 1)
Napi::Value SetAutoAllocation(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftSetAutoAllocation(Plan(info, 0), Int(info, 1)), "cufftSetAutoAllocation");
  return Undefined(info);
}

// makePlanMany(plan, n[], inembed[]|null, istride, idist, onembed[]|null, ostride, odist, type, batch) -> work bytes
Napi::Value MakePlanMany(const Napi::CallbackInfo& info) {
  std::vector<int> n = Dims<int>(info, 1), inembed = Dims<int>(info, 2), onembed = Dims<int>(info, 5);
  size_t work = 0;
  Check(info.Env(),
        g_cufft.cufftMakePlanMany(Plan(info, 0), static_cast<int>(n.size()), n.data(), OrNull(inembed), Int(info, 3),
                                  Int(info, 4), OrNull(onembed), Int(info, 6), Int(info, 7), Int(info, 8), Int(info, 9),
                                  &work),
        "cufftMakePlanMany");
  return Size(info, work);
}

// makePlanMany64(plan, n[], inembed[]|null, istride, idist, onembed[]|null, ostride, odist, type, batch) -> work bytes
Napi::Value MakePlanMany64(const Napi::CallbackInfo& info) {
  std::vector<long long> n = Dims<long long>(info, 1), inembed = Dims<long long>(info, 2), onembed = Dims<long long>(info, 5);
  size_t work = 0;
  Check(info.Env(),
        g_cufft.cufftMakePlanMany64(Plan(info, 0), static_cast<int>(n.size()), n.data(), OrNull(inembed), I64(info, 3),
                                    I64(info, 4), OrNull(onembed), I64(info, 6), I64(info, 7), Int(info, 8), I64(info, 9),
                                    &work),
        "cufftMakePlanMany64");
  return Size(info, work);
}

Napi::Value GetSize(const Napi::CallbackInfo& info) {
  size_t work = 0;
  Check(info.Env(), g_cufft.cufftGetSize(Plan(info, 0), &work), "cufftGetSize");
  return Size(info, work);
}

// setWorkArea(plan, devicePtr)
Napi::Value SetWorkArea(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftSetWorkArea(Plan(info, 0), Ptr(info, 1, "work area")), "cufftSetWorkArea");
  return Undefined(info);
}

// setStream(plan, stream handle)
Napi::Value SetStream(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftSetStream(Plan(info, 0), ToHandle<CUstream>(info[1], "stream")), "cufftSetStream");
  return Undefined(info);
}

// execC2C / execZ2Z (plan, in, out, direction: -1 forward, +1 inverse)
Napi::Value ExecC2C(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftExecC2C(Plan(info, 0), Ptr(info, 1, "input"), Ptr(info, 2, "output"), Int(info, 3)), "cufftExecC2C");
  return Undefined(info);
}
Napi::Value ExecZ2Z(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftExecZ2Z(Plan(info, 0), Ptr(info, 1, "input"), Ptr(info, 2, "output"), Int(info, 3)), "cufftExecZ2Z");
  return Undefined(info);
}

// execR2C / execD2Z / execC2R / execZ2D (plan, in, out)
Napi::Value ExecR2C(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftExecR2C(Plan(info, 0), Ptr(info, 1, "input"), Ptr(info, 2, "output")), "cufftExecR2C");
  return Undefined(info);
}
Napi::Value ExecD2Z(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftExecD2Z(Plan(info, 0), Ptr(info, 1, "input"), Ptr(info, 2, "output")), "cufftExecD2Z");
  return Undefined(info);
}
Napi::Value ExecC2R(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftExecC2R(Plan(info, 0), Ptr(info, 1, "input"), Ptr(info, 2, "output")), "cufftExecC2R");
  return Undefined(info);
}
Napi::Value ExecZ2D(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cufft.cufftExecZ2D(Plan(info, 0), Ptr(info, 1, "input"), Ptr(info, 2, "output")), "cufftExecZ2D");
  return Undefined(info);
}

// "" on success, otherwise the reason (dlerror text or the missing symbol).
std::string LoadCufftLibrary(const std::string& path) {
  if (g_cufft_handle) return "";
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return OpenError(path);
  CufftApi api{};
  std::string missing;
  bool ok = Resolve(h, api.cufftGetVersion, "cufftGetVersion", missing) &&
            Resolve(h, api.cufftCreate, "cufftCreate", missing) &&
            Resolve(h, api.cufftDestroy, "cufftDestroy", missing) &&
            Resolve(h, api.cufftSetAutoAllocation, "cufftSetAutoAllocation", missing) &&
            Resolve(h, api.cufftMakePlanMany, "cufftMakePlanMany", missing) &&
            Resolve(h, api.cufftMakePlanMany64, "cufftMakePlanMany64", missing) &&
            Resolve(h, api.cufftGetSize, "cufftGetSize", missing) &&
            Resolve(h, api.cufftSetWorkArea, "cufftSetWorkArea", missing) &&
            Resolve(h, api.cufftSetStream, "cufftSetStream", missing) &&
            Resolve(h, api.cufftExecC2C, "cufftExecC2C", missing) &&
            Resolve(h, api.cufftExecZ2Z, "cufftExecZ2Z", missing) &&
            Resolve(h, api.cufftExecR2C, "cufftExecR2C", missing) &&
            Resolve(h, api.cufftExecD2Z, "cufftExecD2Z", missing) &&
            Resolve(h, api.cufftExecC2R, "cufftExecC2R", missing) &&
            Resolve(h, api.cufftExecZ2D, "cufftExecZ2D", missing);
  if (!ok) {
    dlclose(h);
    return path + " has no symbol " + missing + " (cupyts needs cuFFT from CUDA 11 or newer)";
  }
  g_cufft = api;
  g_cufft_handle = h;
  return "";
}

Napi::Value LoadCufft(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), LoadCufftLibrary(info[0].As<Napi::String>().Utf8Value()));
}

// The file cuFFT came from (dladdr on one of its symbols), "" if not loaded.
Napi::Value LoadedPath(const Napi::CallbackInfo& info) {
  Dl_info dl{};
  if (!g_cufft_handle || !dladdr(reinterpret_cast<void*>(g_cufft.cufftCreate), &dl) || !dl.dli_fname) {
    return Napi::String::New(info.Env(), "");
  }
  return Napi::String::New(info.Env(), dl.dli_fname);
}

void RequireCufft(Napi::Env env) {
  if (!g_cufft_handle) {
    Napi::Error err = Napi::Error::New(env, "the cuFFT library is not loaded");
    err.Set("code", Napi::String::New(env, "ERR_CUFFT_NOT_LOADED"));
    throw err;
  }
}
}  // namespace

void RegisterCufft(Napi::Env env, Napi::Object exports) {
  exports.Set("loadCufft", Napi::Function::New(env, LoadCufft, "loadCufft"));
  exports.Set("cufftLoadedPath", Napi::Function::New(env, LoadedPath, "cufftLoadedPath"));
  auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, [fn](const Napi::CallbackInfo& info) {
      RequireCufft(info.Env());
      return fn(info);
    }, name));
  };
  add("cufftGetVersion", Version);
  add("cufftCreate", Create);
  add("cufftDestroy", Destroy);
  add("cufftSetAutoAllocation", SetAutoAllocation);
  add("cufftMakePlanMany", MakePlanMany);
  add("cufftMakePlanMany64", MakePlanMany64);
  add("cufftGetSize", GetSize);
  add("cufftSetWorkArea", SetWorkArea);
  add("cufftSetStream", SetStream);
  add("cufftExecC2C", ExecC2C);
  add("cufftExecZ2Z", ExecZ2Z);
  add("cufftExecR2C", ExecR2C);
  add("cufftExecD2Z", ExecD2Z);
  add("cufftExecC2R", ExecC2R);
  add("cufftExecZ2D", ExecZ2D);
}
