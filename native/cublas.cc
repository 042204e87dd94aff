// cuBLAS: one JS function per cuBLAS call (handle, stream, math mode, GEMMs). No policy here:
// which routine, compute type and math mode to use is decided in src/runtime/cublas.ts and
// src/api/gemm.ts. Matrices are column-major device pointers, as cuBLAS expects.
#include "cublas.h"

#include <string>

#include "loader.h"
#include "values.h"

namespace {
const char* CublasStatusName(cublasStatus_t s) {
  switch (s) {
    case 0: return "CUBLAS_STATUS_SUCCESS";
    case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case 3: return "CUBLAS_STATUS_ALLOC_FAILED";
    case 7: return "CUBLAS_STATUS_INVALID_VALUE";
    case 8: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case 11: return "CUBLAS_STATUS_MAPPING_ERROR";
    case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case 14: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case 15: return "CUBLAS_STATUS_NOT_SUPPORTED";
    case 16: return "CUBLAS_STATUS_LICENSE_ERROR";
    default: return "CUBLAS_STATUS_UNKNOWN";
  }
}

// An Error "cublasSgemm_v2: CUBLAS_STATUS_INVALID_VALUE (7)" with .code the status name.
void CheckCublas(Napi::Env env, cublasStatus_t status, const char* call) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  std::string name = CublasStatusName(status);
  Napi::Error err = Napi::Error::New(env, std::string(call) + ": " + name + " (" + std::to_string(status) + ")");
  err.Set("code", Napi::String::New(env, name));
  err.Set("status", Napi::Number::New(env, status));
  err.Set("call", Napi::String::New(env, call));
  throw err;
}

int Int(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
long long I64(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }
double Num(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().DoubleValue(); }
cublasHandle_t Handle(const Napi::CallbackInfo& info, size_t i) { return ToHandle<cublasHandle_t>(info[i], "cublas handle"); }
void* Ptr(const Napi::CallbackInfo& info, size_t i, const char* what) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(ToU64(info[i], what)));
}

// A host scalar (alpha, beta) in the type cuBLAS reads for `computeType`: double for 64F,
// int32 for 32I, float for the 32F kinds (half-precision compute is not offered).
struct HostScalar {
  union { float f; double d; int i; } v;
  const void* ptr() const { return &v; }
};
HostScalar ScalarFor(Napi::Env env, int compute_type, double x) {
  HostScalar s{};
  switch (compute_type) {
    case 70: case 71: s.v.d = x; break;                              // CUBLAS_COMPUTE_64F(_PEDANTIC)
    case 72: case 73: s.v.i = static_cast<int>(x); break;            // CUBLAS_COMPUTE_32I(_PEDANTIC)
    case 68: case 69: case 74: case 75: case 77: s.v.f = static_cast<float>(x); break;  // 32F kinds
    default: throw Napi::RangeError::New(env, "cublas: unsupported compute type " + std::to_string(compute_type));
  }
  return s;
}

Napi::Value LoadCublas(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), LoadCublasLibrary(info[0].As<Napi::String>().Utf8Value()));
}

Napi::Value LoadedPath(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), CublasLoadedPath()); }

Napi::Value Create(const Napi::CallbackInfo& info) {
  cublasHandle_t h = nullptr;
  CheckCublas(info.Env(), g_cublas.cublasCreate(&h), "cublasCreate_v2");
  return HandleValue(info.Env(), h);
}

Napi::Value Destroy(const Napi::CallbackInfo& info) {
  CheckCublas(info.Env(), g_cublas.cublasDestroy(Handle(info, 0)), "cublasDestroy_v2");
  return info.Env().Undefined();
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  int v = 0;
  CheckCublas(info.Env(), g_cublas.cublasGetVersion(Handle(info, 0), &v), "cublasGetVersion_v2");
  return Napi::Number::New(info.Env(), v);
}

Napi::Value SetStream(const Napi::CallbackInfo& info) {
  CheckCublas(info.Env(), g_cublas.cublasSetStream(Handle(info, 0), ToHandle<CUstream>(info[1], "stream")),
              "cublasSetStream_v2");
  return info.Env().Undefined();
}

Napi::Value SetMathMode(const Napi::CallbackInfo& info) {
  CheckCublas(info.Env(), g_cublas.cublasSetMathMode(Handle(info, 0), Int(info, 1)), "cublasSetMathMode");
  return info.Env().Undefined();
}

// setWorkspace(handle, ptr, bytes): false where the library has no cublasSetWorkspace (before 11.4).
// cublasSetStream resets the workspace to the library's own, so call it after every setStream.
Napi::Value SetWorkspace(const Napi::CallbackInfo& info) {
  if (!g_cublas.cublasSetWorkspace) return Napi::Boolean::New(info.Env(), false);
  CheckCublas(info.Env(), g_cublas.cublasSetWorkspace(Handle(info, 0), Ptr(info, 1, "workspace"), static_cast<size_t>(I64(info, 2))),
              "cublasSetWorkspace_v2");
  return Napi::Boolean::New(info.Env(), true);
}

// sgemm(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)
Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  float alpha = static_cast<float>(Num(info, 6)), beta = static_cast<float>(Num(info, 11));
  CheckCublas(info.Env(),
              g_cublas.cublasSgemm(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Int(info, 5),
                                   &alpha, static_cast<const float*>(Ptr(info, 7, "A")), Int(info, 8),
                                   static_cast<const float*>(Ptr(info, 9, "B")), Int(info, 10), &beta,
                                   static_cast<float*>(Ptr(info, 12, "C")), Int(info, 13)),
              "cublasSgemm_v2");
  return info.Env().Undefined();
}

// dgemm(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)
Napi::Value Dgemm(const Napi::CallbackInfo& info) {
  double alpha = Num(info, 6), beta = Num(info, 11);
  CheckCublas(info.Env(),
              g_cublas.cublasDgemm(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Int(info, 5),
                                   &alpha, static_cast<const double*>(Ptr(info, 7, "A")), Int(info, 8),
                                   static_cast<const double*>(Ptr(info, 9, "B")), Int(info, 10), &beta,
                                   static_cast<double*>(Ptr(info, 12, "C")), Int(info, 13)),
              "cublasDgemm_v2");
  return info.Env().Undefined();
}

// gemmEx(handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc,
//        computeType, algo)
Napi::Value GemmEx(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int compute = Int(info, 17);
  HostScalar alpha = ScalarFor(env, compute, Num(info, 6)), beta = ScalarFor(env, compute, Num(info, 13));
  CheckCublas(env,
              g_cublas.cublasGemmEx(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Int(info, 5),
                                    alpha.ptr(), Ptr(info, 7, "A"), Int(info, 8), Int(info, 9), Ptr(info, 10, "B"),
                                    Int(info, 11), Int(info, 12), beta.ptr(), Ptr(info, 14, "C"), Int(info, 15),
                                    Int(info, 16), compute, Int(info, 18)),
              "cublasGemmEx");
  return env.Undefined();
}

// gemmStridedBatchedEx(handle, transa, transb, m, n, k, alpha, A, Atype, lda, strideA, B, Btype, ldb,
//                      strideB, beta, C, Ctype, ldc, strideC, batchCount, computeType, algo)
Napi::Value GemmStridedBatchedEx(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int compute = Int(info, 21);
  HostScalar alpha = ScalarFor(env, compute, Num(info, 6)), beta = ScalarFor(env, compute, Num(info, 15));
  CheckCublas(env,
              g_cublas.cublasGemmStridedBatchedEx(
                  Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Int(info, 5), alpha.ptr(),
                  Ptr(info, 7, "A"), Int(info, 8), Int(info, 9), I64(info, 10), Ptr(info, 11, "B"), Int(info, 12),
                  Int(info, 13), I64(info, 14), beta.ptr(), Ptr(info, 16, "C"), Int(info, 17), Int(info, 18),
                  I64(info, 19), Int(info, 20), compute, Int(info, 22)),
              "cublasGemmStridedBatchedEx");
  return env.Undefined();
}

// A complex scalar (re, im) as cuComplex (float parts) or cuDoubleComplex (double parts).
struct ComplexScalar {
  union { float f[2]; double d[2]; } v;
  const void* ptr() const { return &v; }
};
ComplexScalar ComplexArg(const Napi::CallbackInfo& info, size_t i, bool wide) {
  ComplexScalar s{};
  if (wide) {
    s.v.d[0] = Num(info, i);
    s.v.d[1] = Num(info, i + 1);
  } else {
    s.v.f[0] = static_cast<float>(Num(info, i));
    s.v.f[1] = static_cast<float>(Num(info, i + 1));
  }
  return s;
}

// cgemm/zgemm(handle, transa, transb, m, n, k, alphaRe, alphaIm, A, lda, B, ldb, betaRe, betaIm, C, ldc)
template <bool kWide>
Napi::Value ComplexGemm(const Napi::CallbackInfo& info) {
  ComplexScalar alpha = ComplexArg(info, 6, kWide), beta = ComplexArg(info, 12, kWide);
  auto fn = kWide ? g_cublas.cublasZgemm : g_cublas.cublasCgemm;
  CheckCublas(info.Env(),
              fn(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Int(info, 5), alpha.ptr(),
                 Ptr(info, 8, "A"), Int(info, 9), Ptr(info, 10, "B"), Int(info, 11), beta.ptr(), Ptr(info, 14, "C"),
                 Int(info, 15)),
              kWide ? "cublasZgemm_v2" : "cublasCgemm_v2");
  return info.Env().Undefined();
}

// cgemm/zgemmStridedBatched(handle, transa, transb, m, n, k, alphaRe, alphaIm, A, lda, strideA, B, ldb, strideB,
//                           betaRe, betaIm, C, ldc, strideC, batchCount)
template <bool kWide>
Napi::Value ComplexGemmStridedBatched(const Napi::CallbackInfo& info) {
  ComplexScalar alpha = ComplexArg(info, 6, kWide), beta = ComplexArg(info, 14, kWide);
  auto fn = kWide ? g_cublas.cublasZgemmStridedBatched : g_cublas.cublasCgemmStridedBatched;
  CheckCublas(info.Env(),
              fn(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Int(info, 5), alpha.ptr(),
                 Ptr(info, 8, "A"), Int(info, 9), I64(info, 10), Ptr(info, 11, "B"), Int(info, 12), I64(info, 13),
                 beta.ptr(), Ptr(info, 16, "C"), Int(info, 17), I64(info, 18), Int(info, 19)),
              kWide ? "cublasZgemmStridedBatched" : "cublasCgemmStridedBatched");
  return info.Env().Undefined();
}

void RequireCublas(Napi::Env env) {
  if (!CublasLoaded()) {
    Napi::Error err = Napi::Error::New(env, "the cuBLAS library is not loaded");
    err.Set("code", Napi::String::New(env, "ERR_CUBLAS_NOT_LOADED"));
    throw err;
  }
}
}  // namespace

void RegisterCublas(Napi::Env env, Napi::Object exports) {
  exports.Set("loadCublas", Napi::Function::New(env, LoadCublas, "loadCublas"));
  auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, [fn](const Napi::CallbackInfo& info) {
      RequireCublas(info.Env());
      return fn(info);
    }, name));
  };
  add("cublasLoadedPath", LoadedPath);
  add("cublasCreate", Create);
  add("cublasDestroy", Destroy);
  add("cublasGetVersion", Version);
  add("cublasSetStream", SetStream);
  add("cublasSetMathMode", SetMathMode);
  add("cublasSetWorkspace", SetWorkspace);
  add("cublasSgemm", Sgemm);
  add("cublasDgemm", Dgemm);
  add("cublasGemmEx", GemmEx);
  add("cublasGemmStridedBatchedEx", GemmStridedBatchedEx);
  add("cublasCgemm", ComplexGemm<false>);
  add("cublasZgemm", ComplexGemm<true>);
  add("cublasCgemmStridedBatched", ComplexGemmStridedBatched<false>);
  add("cublasZgemmStridedBatched", ComplexGemmStridedBatched<true>);
}
