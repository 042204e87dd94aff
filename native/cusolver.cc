// cuSOLVER dense: loaded with dlopen like cuBLAS, and one JS function per cusolverDn call (handle,
// stream, getrf/getrs, potrf, geqrf/orgqr, gesvdj, syevd/syevj, each with its bufferSize, for S,
// D, C and Z (the complex ones under the real names in JS: cusolverDnZorgqr calls cusolverDnZungqr); the generic Xgeev with its params object where the library has it, CUDA 12.6+). No policy here: which routine runs, the workspace and the reading of devInfo are
// decided in src/runtime/cusolver.ts and src/api/linalg-*. Matrices are column-major device
// pointers; workspace sizes are in elements, as cuSOLVER reports them.
#include "cusolver.h"

#include <dlfcn.h>

#include <functional>
#include <string>

#include "cusolver_api.h"
#include "loader.h"
#include "values.h"

namespace {
CusolverApi g_cusolver{};
void* g_cusolver_handle = nullptr;
std::string g_geev_missing;
std::string g_xpotrf_missing;

const char* CusolverStatusName(cusolverStatus_t s) {
  switch (s) {
    case 0: return "CUSOLVER_STATUS_SUCCESS";
    case 1: return "CUSOLVER_STATUS_NOT_INITIALIZED";
    case 2: return "CUSOLVER_STATUS_ALLOC_FAILED";
    case 3: return "CUSOLVER_STATUS_INVALID_VALUE";
    case 4: return "CUSOLVER_STATUS_ARCH_MISMATCH";
    case 5: return "CUSOLVER_STATUS_MAPPING_ERROR";
    case 6: return "CUSOLVER_STATUS_EXECUTION_FAILED";
    case 7: return "CUSOLVER_STATUS_INTERNAL_ERROR";
    case 8: return "CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED";
    case 9: return "CUSOLVER_STATUS_NOT_SUPPORTED";
    case 10: return "CUSOLVER_STATUS_ZERO_PIVOT";
    case 11: return "CUSOLVER_STATUS_INVALID_LICENSE";
    case 12: return "CUSOLVER_STATUS_IRS_PARAMS_NOT_INITIALIZED";
    case 13: return "CUSOLVER_STATUS_IRS_PARAMS_INVALID";
    case 15: return "CUSOLVER_STATUS_IRS_INTERNAL_ERROR";
    case 16: return "CUSOLVER_STATUS_IRS_NOT_SUPPORTED";
    default: return "CUSOLVER_STATUS_UNKNOWN";
  }
}

// An Error "cusolverDnSgetrf: CUSOLVER_STATUS_INVALID_VALUE (3)" with .code the status name.
void Check(Napi::Env env, cusolverStatus_t status, const std::string& call) {
  if (status == CUSOLVER_STATUS_SUCCESS) return;
  std::string name = CusolverStatusName(status);
  Napi::Error err = Napi::Error::New(env, call + ": " + name + " (" + std::to_string(status) + ")");
  err.Set("code", Napi::String::New(env, name));
  err.Set("status", Napi::Number::New(env, status));
  err.Set("call", Napi::String::New(env, call));
  throw err;
}

int Int(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
cusolverDnHandle_t Handle(const Napi::CallbackInfo& info, size_t i) {
  return ToHandle<cusolverDnHandle_t>(info[i], "cusolver handle");
}
template <typename P>
P Ptr(const Napi::CallbackInfo& info, size_t i, const char* what) {
  return reinterpret_cast<P>(static_cast<uintptr_t>(ToU64(info[i], what)));
}
template <typename T> T* Mat(const Napi::CallbackInfo& info, size_t i) { return Ptr<T*>(info, i, "matrix"); }
int* Ints(const Napi::CallbackInfo& info, size_t i) { return Ptr<int*>(info, i, "int array"); }
Napi::Value Undefined(const Napi::CallbackInfo& info) { return info.Env().Undefined(); }
Napi::Value Count(const Napi::CallbackInfo& info, int n) { return Napi::Number::New(info.Env(), n); }

// The S, D, C or Z table of calls, and the name of each call: the letter, and for the complex
// types LAPACK's Hermitian names (orgqr -> ungqr, syevd -> heevd, syevjBatched -> heevjBatched).
template <typename T> const CusolverTypedApi<T>& Api();
template <> const CusolverTypedApi<float>& Api<float>() { return g_cusolver.s; }
template <> const CusolverTypedApi<double>& Api<double>() { return g_cusolver.d; }
template <> const CusolverTypedApi<CuComplex>& Api<CuComplex>() { return g_cusolver.c; }
template <> const CusolverTypedApi<CuDoubleComplex>& Api<CuDoubleComplex>() { return g_cusolver.z; }
template <typename T> const char* Letter();
template <> const char* Letter<float>() { return "S"; }
template <> const char* Letter<double>() { return "D"; }
template <> const char* Letter<CuComplex>() { return "C"; }
template <> const char* Letter<CuDoubleComplex>() { return "Z"; }
template <typename T> std::string Name(const char* call) {
  std::string c = call;
  if (std::string(Letter<T>()) == "C" || std::string(Letter<T>()) == "Z") {
    if (c.rfind("orgqr", 0) == 0) c = "ungqr" + c.substr(5);
    else if (c.rfind("syev", 0) == 0) c = "heev" + c.substr(4);
  }
  return std::string("cusolverDn") + Letter<T>() + c;
}
// The name JS knows a call by: the letter and the real call's name (cusolverDnCorgqr for cusolverDnCungqr).
template <typename T> std::string JsName(const char* call) { return std::string("cusolverDn") + Letter<T>() + call; }

// ---- handle and parameter objects ----
Napi::Value Create(const Napi::CallbackInfo& info) {
  cusolverDnHandle_t h = nullptr;
  Check(info.Env(), g_cusolver.create(&h), "cusolverDnCreate");
  return HandleValue(info.Env(), h);
}
Napi::Value Destroy(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.destroy(Handle(info, 0)), "cusolverDnDestroy");
  return Undefined(info);
}
Napi::Value SetStream(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.setStream(Handle(info, 0), ToHandle<CUstream>(info[1], "stream")), "cusolverDnSetStream");
  return Undefined(info);
}
Napi::Value CreateGesvdjInfo(const Napi::CallbackInfo& info) {
  gesvdjInfo_t p = nullptr;
  Check(info.Env(), g_cusolver.createGesvdjInfo(&p), "cusolverDnCreateGesvdjInfo");
  return HandleValue(info.Env(), p);
}
Napi::Value DestroyGesvdjInfo(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.destroyGesvdjInfo(ToHandle<gesvdjInfo_t>(info[0], "gesvdj info")), "cusolverDnDestroyGesvdjInfo");
  return Undefined(info);
}
Napi::Value GesvdjSetTolerance(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.gesvdjSetTolerance(ToHandle<gesvdjInfo_t>(info[0], "gesvdj info"), info[1].As<Napi::Number>().DoubleValue()),
        "cusolverDnXgesvdjSetTolerance");
  return Undefined(info);
}
Napi::Value GesvdjSetMaxSweeps(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.gesvdjSetMaxSweeps(ToHandle<gesvdjInfo_t>(info[0], "gesvdj info"), Int(info, 1)),
        "cusolverDnXgesvdjSetMaxSweeps");
  return Undefined(info);
}
Napi::Value CreateSyevjInfo(const Napi::CallbackInfo& info) {
  syevjInfo_t p = nullptr;
  Check(info.Env(), g_cusolver.createSyevjInfo(&p), "cusolverDnCreateSyevjInfo");
  return HandleValue(info.Env(), p);
}
Napi::Value DestroySyevjInfo(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.destroySyevjInfo(ToHandle<syevjInfo_t>(info[0], "syevj info")), "cusolverDnDestroySyevjInfo");
  return Undefined(info);
}
Napi::Value SyevjSetTolerance(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.syevjSetTolerance(ToHandle<syevjInfo_t>(info[0], "syevj info"), info[1].As<Napi::Number>().DoubleValue()),
        "cusolverDnXsyevjSetTolerance");
  return Undefined(info);
}
Napi::Value SyevjSetMaxSweeps(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_cusolver.syevjSetMaxSweeps(ToHandle<syevjInfo_t>(info[0], "syevj info"), Int(info, 1)),
        "cusolverDnXsyevjSetMaxSweeps");
  return Undefined(info);
}
gesvdjInfo_t GesvdjParams(const Napi::CallbackInfo& info, size_t i) { return ToHandle<gesvdjInfo_t>(info[i], "gesvdj info"); }
syevjInfo_t SyevjParams(const Napi::CallbackInfo& info, size_t i) { return ToHandle<syevjInfo_t>(info[i], "syevj info"); }

// ---- LU ----
// getrf_bufferSize(handle, m, n, A, lda) -> lwork
template <typename T> Napi::Value GetrfBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().getrf_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Mat<T>(info, 3), Int(info, 4), &lwork),
        Name<T>("getrf_bufferSize"));
  return Count(info, lwork);
}
// getrf(handle, m, n, A, lda, work, ipiv, info)
template <typename T> Napi::Value Getrf(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().getrf(Handle(info, 0), Int(info, 1), Int(info, 2), Mat<T>(info, 3), Int(info, 4), Mat<T>(info, 5),
                                   Ints(info, 6), Ints(info, 7)),
        Name<T>("getrf"));
  return Undefined(info);
}
// getrs(handle, trans, n, nrhs, A, lda, ipiv, B, ldb, info)
template <typename T> Napi::Value Getrs(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().getrs(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4), Int(info, 5),
                                   Ints(info, 6), Mat<T>(info, 7), Int(info, 8), Ints(info, 9)),
        Name<T>("getrs"));
  return Undefined(info);
}

// ---- Cholesky ----
// potrf_bufferSize(handle, uplo, n, A, lda) -> lwork
template <typename T> Napi::Value PotrfBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().potrf_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Mat<T>(info, 3), Int(info, 4), &lwork),
        Name<T>("potrf_bufferSize"));
  return Count(info, lwork);
}
// potrf(handle, uplo, n, A, lda, work, lwork, info)
template <typename T> Napi::Value Potrf(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().potrf(Handle(info, 0), Int(info, 1), Int(info, 2), Mat<T>(info, 3), Int(info, 4), Mat<T>(info, 5),
                                   Int(info, 6), Ints(info, 7)),
        Name<T>("potrf"));
  return Undefined(info);
}
// potrfBatched(handle, uplo, n, Aarray (device array of pointers), lda, infoArray, batchSize)
template <typename T> Napi::Value PotrfBatched(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().potrfBatched(Handle(info, 0), Int(info, 1), Int(info, 2), Ptr<T**>(info, 3, "Aarray"), Int(info, 4),
                                          Ints(info, 5), Int(info, 6)),
        Name<T>("potrfBatched"));
  return Undefined(info);
}

// ---- QR ----
// geqrf_bufferSize(handle, m, n, A, lda) -> lwork
template <typename T> Napi::Value GeqrfBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().geqrf_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Mat<T>(info, 3), Int(info, 4), &lwork),
        Name<T>("geqrf_bufferSize"));
  return Count(info, lwork);
}
// geqrf(handle, m, n, A, lda, tau, work, lwork, info)
template <typename T> Napi::Value Geqrf(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().geqrf(Handle(info, 0), Int(info, 1), Int(info, 2), Mat<T>(info, 3), Int(info, 4), Mat<T>(info, 5),
                                   Mat<T>(info, 6), Int(info, 7), Ints(info, 8)),
        Name<T>("geqrf"));
  return Undefined(info);
}
// orgqr_bufferSize(handle, m, n, k, A, lda, tau) -> lwork
template <typename T> Napi::Value OrgqrBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().orgqr_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4), Int(info, 5),
                                              Mat<T>(info, 6), &lwork),
        Name<T>("orgqr_bufferSize"));
  return Count(info, lwork);
}
// orgqr(handle, m, n, k, A, lda, tau, work, lwork, info)
template <typename T> Napi::Value Orgqr(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().orgqr(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4), Int(info, 5),
                                   Mat<T>(info, 6), Mat<T>(info, 7), Int(info, 8), Ints(info, 9)),
        Name<T>("orgqr"));
  return Undefined(info);
}

// ---- SVD (Jacobi) ----
// gesvdj_bufferSize(handle, jobz, econ, m, n, A, lda, S, U, ldu, V, ldv, params) -> lwork
template <typename T> Napi::Value GesvdjBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().gesvdj_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Mat<T>(info, 5),
                                               Int(info, 6), Mat<T>(info, 7), Mat<T>(info, 8), Int(info, 9), Mat<T>(info, 10),
                                               Int(info, 11), &lwork, GesvdjParams(info, 12)),
        Name<T>("gesvdj_bufferSize"));
  return Count(info, lwork);
}
// gesvdj(handle, jobz, econ, m, n, A, lda, S, U, ldu, V, ldv, work, lwork, info, params)
template <typename T> Napi::Value Gesvdj(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().gesvdj(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Int(info, 4), Mat<T>(info, 5),
                                    Int(info, 6), Mat<T>(info, 7), Mat<T>(info, 8), Int(info, 9), Mat<T>(info, 10), Int(info, 11),
                                    Mat<T>(info, 12), Int(info, 13), Ints(info, 14), GesvdjParams(info, 15)),
        Name<T>("gesvdj"));
  return Undefined(info);
}
// gesvdjBatched_bufferSize(handle, jobz, m, n, A, lda, S, U, ldu, V, ldv, params, batchSize) -> lwork
template <typename T> Napi::Value GesvdjBatchedBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().gesvdjBatched_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4),
                                                      Int(info, 5), Mat<T>(info, 6), Mat<T>(info, 7), Int(info, 8), Mat<T>(info, 9),
                                                      Int(info, 10), &lwork, GesvdjParams(info, 11), Int(info, 12)),
        Name<T>("gesvdjBatched_bufferSize"));
  return Count(info, lwork);
}
// gesvdjBatched(handle, jobz, m, n, A, lda, S, U, ldu, V, ldv, work, lwork, info, params, batchSize)
template <typename T> Napi::Value GesvdjBatched(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().gesvdjBatched(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4), Int(info, 5),
                                           Mat<T>(info, 6), Mat<T>(info, 7), Int(info, 8), Mat<T>(info, 9), Int(info, 10),
                                           Mat<T>(info, 11), Int(info, 12), Ints(info, 13), GesvdjParams(info, 14), Int(info, 15)),
        Name<T>("gesvdjBatched"));
  return Undefined(info);
}

// ---- symmetric eigenvalues ----
// syevd_bufferSize(handle, jobz, uplo, n, A, lda, W) -> lwork
template <typename T> Napi::Value SyevdBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().syevd_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4), Int(info, 5),
                                              Mat<T>(info, 6), &lwork),
        Name<T>("syevd_bufferSize"));
  return Count(info, lwork);
}
// syevd(handle, jobz, uplo, n, A, lda, W, work, lwork, info)
template <typename T> Napi::Value Syevd(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().syevd(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4), Int(info, 5),
                                   Mat<T>(info, 6), Mat<T>(info, 7), Int(info, 8), Ints(info, 9)),
        Name<T>("syevd"));
  return Undefined(info);
}
// syevjBatched_bufferSize(handle, jobz, uplo, n, A, lda, W, params, batchSize) -> lwork
template <typename T> Napi::Value SyevjBatchedBufferSize(const Napi::CallbackInfo& info) {
  int lwork = 0;
  Check(info.Env(), Api<T>().syevjBatched_bufferSize(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4),
                                                     Int(info, 5), Mat<T>(info, 6), &lwork, SyevjParams(info, 7), Int(info, 8)),
        Name<T>("syevjBatched_bufferSize"));
  return Count(info, lwork);
}
// syevjBatched(handle, jobz, uplo, n, A, lda, W, work, lwork, info, params, batchSize)
template <typename T> Napi::Value SyevjBatched(const Napi::CallbackInfo& info) {
  Check(info.Env(), Api<T>().syevjBatched(Handle(info, 0), Int(info, 1), Int(info, 2), Int(info, 3), Mat<T>(info, 4), Int(info, 5),
                                          Mat<T>(info, 6), Mat<T>(info, 7), Int(info, 8), Ints(info, 9), SyevjParams(info, 10),
                                          Int(info, 11)),
        Name<T>("syevjBatched"));
  return Undefined(info);
}

// ---- general eigenvalues (cusolverDnXgeev, CUDA 12.6+; optional) ----
int64_t Int64(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }
void* Void(const Napi::CallbackInfo& info, size_t i) { return Ptr<void*>(info, i, "matrix"); }
cusolverDnParams_t Params(const Napi::CallbackInfo& info, size_t i) { return ToHandle<cusolverDnParams_t>(info[i], "cusolverDn params"); }

void RequireGeev(Napi::Env env) {
  if (g_cusolver.geev.geev) return;
  Napi::Error err = Napi::Error::New(env, "cusolverDnXgeev is not in the loaded cuSOLVER (it needs CUDA 12.6 or newer)");
  err.Set("code", Napi::String::New(env, "ERR_CUSOLVER_NO_GEEV"));
  throw err;
}
void RequireParams(Napi::Env env) {
  if (g_cusolver.geev.createParams && g_cusolver.geev.destroyParams) return;
  Napi::Error err = Napi::Error::New(env, "cusolverDnCreateParams is not in the loaded cuSOLVER (it needs CUDA 11.1 or newer)");
  err.Set("code", Napi::String::New(env, "ERR_CUSOLVER_NO_PARAMS"));
  throw err;
}
Napi::Value CreateParams(const Napi::CallbackInfo& info) {
  RequireParams(info.Env());
  cusolverDnParams_t p = nullptr;
  Check(info.Env(), g_cusolver.geev.createParams(&p), "cusolverDnCreateParams");
  return HandleValue(info.Env(), p);
}
Napi::Value DestroyParams(const Napi::CallbackInfo& info) {
  RequireParams(info.Env());
  Check(info.Env(), g_cusolver.geev.destroyParams(Params(info, 0)), "cusolverDnDestroyParams");
  return Undefined(info);
}
// A host workspace argument: a TypedArray or ArrayBuffer, or a host address (page-locked memory
// from hostAlloc) whose size in bytes is argument `bytesArg`.
HostView HostWorkspace(const Napi::CallbackInfo& info, size_t i, size_t bytesArg) {
  if (info[i].IsNumber() || info[i].IsBigInt()) {
    return {reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(ToU64(info[i], "host workspace"))),
            static_cast<size_t>(ToU64(info[bytesArg], "host workspace bytes"))};
  }
  return ToHostView(info[i], "host workspace");
}
// Xgeev_bufferSize(handle, params, jobvl, jobvr, n, typeA, A, lda, typeW, W, typeVL, VL, ldvl, typeVR, VR, ldvr, computeType)
//   -> [device bytes, host bytes]
Napi::Value XgeevBufferSize(const Napi::CallbackInfo& info) {
  RequireGeev(info.Env());
  size_t device = 0;
  size_t host = 0;
  Check(info.Env(), g_cusolver.geev.bufferSize(Handle(info, 0), Params(info, 1), Int(info, 2), Int(info, 3), Int64(info, 4), Int(info, 5),
                                               Void(info, 6), Int64(info, 7), Int(info, 8), Void(info, 9), Int(info, 10), Void(info, 11),
                                               Int64(info, 12), Int(info, 13), Void(info, 14), Int64(info, 15), Int(info, 16), &device, &host),
        "cusolverDnXgeev_bufferSize");
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, Napi::Number::New(info.Env(), static_cast<double>(device)));
  out.Set(1u, Napi::Number::New(info.Env(), static_cast<double>(host)));
  return out;
}
// Xgeev(handle, params, jobvl, jobvr, n, typeA, A, lda, typeW, W, typeVL, VL, ldvl, typeVR, VR, ldvr, computeType,
//       deviceWork, deviceBytes, hostWork (a TypedArray or ArrayBuffer the caller keeps alive), info)
Napi::Value Xgeev(const Napi::CallbackInfo& info) {
  RequireGeev(info.Env());
  HostView host = HostWorkspace(info, 19, 21);
  Check(info.Env(), g_cusolver.geev.geev(Handle(info, 0), Params(info, 1), Int(info, 2), Int(info, 3), Int64(info, 4), Int(info, 5),
                                         Void(info, 6), Int64(info, 7), Int(info, 8), Void(info, 9), Int(info, 10), Void(info, 11),
                                         Int64(info, 12), Int(info, 13), Void(info, 14), Int64(info, 15), Int(info, 16), Void(info, 17),
                                         static_cast<size_t>(ToU64(info[18], "device workspace bytes")), host.data, host.bytes,
                                         Ints(info, 20)),
        "cusolverDnXgeev");
  return Undefined(info);
}
// ---- generic Cholesky (cusolverDnXpotrf, CUDA 11.1+; optional) ----
void RequireXpotrf(Napi::Env env) {
  if (g_cusolver.xpotrf.potrf && g_cusolver.geev.createParams) return;
  Napi::Error err = Napi::Error::New(env, "cusolverDnXpotrf is not in the loaded cuSOLVER (it needs CUDA 11.1 or newer)");
  err.Set("code", Napi::String::New(env, "ERR_CUSOLVER_NO_XPOTRF"));
  throw err;
}
// Xpotrf_bufferSize(handle, params, uplo, n, typeA, A, lda, computeType) -> [device bytes, host bytes]
Napi::Value XpotrfBufferSize(const Napi::CallbackInfo& info) {
  RequireXpotrf(info.Env());
  size_t device = 0;
  size_t host = 0;
  Check(info.Env(), g_cusolver.xpotrf.bufferSize(Handle(info, 0), Params(info, 1), Int(info, 2), Int64(info, 3), Int(info, 4), Void(info, 5),
                                                 Int64(info, 6), Int(info, 7), &device, &host),
        "cusolverDnXpotrf_bufferSize");
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, Napi::Number::New(info.Env(), static_cast<double>(device)));
  out.Set(1u, Napi::Number::New(info.Env(), static_cast<double>(host)));
  return out;
}
// Xpotrf(handle, params, uplo, n, typeA, A, lda, computeType, deviceWork, deviceBytes, hostWork (TypedArray or address), hostBytes, info)
Napi::Value Xpotrf(const Napi::CallbackInfo& info) {
  RequireXpotrf(info.Env());
  HostView host = HostWorkspace(info, 10, 11);
  Check(info.Env(), g_cusolver.xpotrf.potrf(Handle(info, 0), Params(info, 1), Int(info, 2), Int64(info, 3), Int(info, 4), Void(info, 5),
                                            Int64(info, 6), Int(info, 7), Void(info, 8),
                                            static_cast<size_t>(ToU64(info[9], "device workspace bytes")), host.data, host.bytes,
                                            Ints(info, 12)),
        "cusolverDnXpotrf");
  return Undefined(info);
}

// ---- loading ----
template <typename T>
bool ResolveTyped(void* h, CusolverTypedApi<T>& api, std::string& missing) {
  auto name = [](const char* call) { return Name<T>(call); };
  return Resolve(h, api.getrf_bufferSize, name("getrf_bufferSize"), missing) &&
         Resolve(h, api.getrf, name("getrf"), missing) &&
         Resolve(h, api.getrs, name("getrs"), missing) &&
         Resolve(h, api.potrf_bufferSize, name("potrf_bufferSize"), missing) &&
         Resolve(h, api.potrf, name("potrf"), missing) &&
         Resolve(h, api.potrfBatched, name("potrfBatched"), missing) &&
         Resolve(h, api.geqrf_bufferSize, name("geqrf_bufferSize"), missing) &&
         Resolve(h, api.geqrf, name("geqrf"), missing) &&
         Resolve(h, api.orgqr_bufferSize, name("orgqr_bufferSize"), missing) &&
         Resolve(h, api.orgqr, name("orgqr"), missing) &&
         Resolve(h, api.gesvdj_bufferSize, name("gesvdj_bufferSize"), missing) &&
         Resolve(h, api.gesvdj, name("gesvdj"), missing) &&
         Resolve(h, api.gesvdjBatched_bufferSize, name("gesvdjBatched_bufferSize"), missing) &&
         Resolve(h, api.gesvdjBatched, name("gesvdjBatched"), missing) &&
         Resolve(h, api.syevd_bufferSize, name("syevd_bufferSize"), missing) &&
         Resolve(h, api.syevd, name("syevd"), missing) &&
         Resolve(h, api.syevjBatched_bufferSize, name("syevjBatched_bufferSize"), missing) &&
         Resolve(h, api.syevjBatched, name("syevjBatched"), missing);
}

// Returns "" on success, otherwise the reason (dlerror text or the missing symbol).
std::string LoadCusolverLibrary(const std::string& path) {
  if (g_cusolver_handle) return "";
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return OpenError(path);
  CusolverApi api{};
  std::string missing;
  bool ok = Resolve(h, api.create, "cusolverDnCreate", missing) &&
            Resolve(h, api.destroy, "cusolverDnDestroy", missing) &&
            Resolve(h, api.setStream, "cusolverDnSetStream", missing) &&
            Resolve(h, api.createGesvdjInfo, "cusolverDnCreateGesvdjInfo", missing) &&
            Resolve(h, api.destroyGesvdjInfo, "cusolverDnDestroyGesvdjInfo", missing) &&
            Resolve(h, api.gesvdjSetTolerance, "cusolverDnXgesvdjSetTolerance", missing) &&
            Resolve(h, api.gesvdjSetMaxSweeps, "cusolverDnXgesvdjSetMaxSweeps", missing) &&
            Resolve(h, api.createSyevjInfo, "cusolverDnCreateSyevjInfo", missing) &&
            Resolve(h, api.destroySyevjInfo, "cusolverDnDestroySyevjInfo", missing) &&
            Resolve(h, api.syevjSetTolerance, "cusolverDnXsyevjSetTolerance", missing) &&
            Resolve(h, api.syevjSetMaxSweeps, "cusolverDnXsyevjSetMaxSweeps", missing) &&
            ResolveTyped(h, api.s, missing) && ResolveTyped(h, api.d, missing) && ResolveTyped(h, api.c, missing) &&
            ResolveTyped(h, api.z, missing);
  if (!ok) {
    dlclose(h);
    return path + " has no symbol " + missing + " (cupyts needs cuSOLVER from CUDA 11 or newer)";
  }
  // Xgeev is newer than the rest (CUDA 12.6): without it the library still loads, and eig says why it cannot run.
  std::string geev_missing;
  if (!(Resolve(h, api.geev.createParams, "cusolverDnCreateParams", geev_missing) &&
        Resolve(h, api.geev.destroyParams, "cusolverDnDestroyParams", geev_missing))) {
    api.geev.createParams = nullptr;
    api.geev.destroyParams = nullptr;
  }
  std::string xpotrf_missing = geev_missing;
  if (!(Resolve(h, api.geev.bufferSize, "cusolverDnXgeev_bufferSize", geev_missing) &&
        Resolve(h, api.geev.geev, "cusolverDnXgeev", geev_missing))) {
    api.geev.bufferSize = nullptr;
    api.geev.geev = nullptr;
  }
  // Xpotrf (CUDA 11.1) shares the params object; without it cholesky takes the legacy potrf.
  if (!(xpotrf_missing.empty() && Resolve(h, api.xpotrf.bufferSize, "cusolverDnXpotrf_bufferSize", xpotrf_missing) &&
        Resolve(h, api.xpotrf.potrf, "cusolverDnXpotrf", xpotrf_missing))) {
    api.xpotrf = CusolverXpotrfApi{};
  }
  g_geev_missing = geev_missing;
  g_xpotrf_missing = xpotrf_missing;
  g_cusolver = api;
  g_cusolver_handle = h;
  return "";
}

Napi::Value LoadCusolver(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), LoadCusolverLibrary(info[0].As<Napi::String>().Utf8Value()));
}

// The file cuSOLVER came from (dladdr on one of its symbols).
Napi::Value LoadedPath(const Napi::CallbackInfo& info) {
  Dl_info dl{};
  if (!dladdr(reinterpret_cast<void*>(g_cusolver.create), &dl) || !dl.dli_fname) return Napi::String::New(info.Env(), "");
  return Napi::String::New(info.Env(), dl.dli_fname);
}

// The first Xgeev symbol the loaded cuSOLVER lacks, or "" where it has them all.
Napi::Value GeevMissing(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), g_geev_missing); }
// The first Xpotrf symbol (or params call) the loaded cuSOLVER lacks, or "" where it has them all.
Napi::Value XpotrfMissing(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), g_xpotrf_missing); }

void RequireCusolver(Napi::Env env) {
  if (g_cusolver_handle) return;
  Napi::Error err = Napi::Error::New(env, "the cuSOLVER library is not loaded");
  err.Set("code", Napi::String::New(env, "ERR_CUSOLVER_NOT_LOADED"));
  throw err;
}

using Binding = Napi::Value (*)(const Napi::CallbackInfo&);

template <typename T>
void RegisterTyped(const std::function<void(const std::string&, Binding)>& add) {
  auto name = [](const char* call) { return JsName<T>(call); };
  add(name("getrf_bufferSize"), GetrfBufferSize<T>);
  add(name("getrf"), Getrf<T>);
  add(name("getrs"), Getrs<T>);
  add(name("potrf_bufferSize"), PotrfBufferSize<T>);
  add(name("potrf"), Potrf<T>);
  add(name("potrfBatched"), PotrfBatched<T>);
  add(name("geqrf_bufferSize"), GeqrfBufferSize<T>);
  add(name("geqrf"), Geqrf<T>);
  add(name("orgqr_bufferSize"), OrgqrBufferSize<T>);
  add(name("orgqr"), Orgqr<T>);
  add(name("gesvdj_bufferSize"), GesvdjBufferSize<T>);
  add(name("gesvdj"), Gesvdj<T>);
  add(name("gesvdjBatched_bufferSize"), GesvdjBatchedBufferSize<T>);
  add(name("gesvdjBatched"), GesvdjBatched<T>);
  add(name("syevd_bufferSize"), SyevdBufferSize<T>);
  add(name("syevd"), Syevd<T>);
  add(name("syevjBatched_bufferSize"), SyevjBatchedBufferSize<T>);
  add(name("syevjBatched"), SyevjBatched<T>);
}
}  // namespace

void RegisterCusolver(Napi::Env env, Napi::Object exports) {
  exports.Set("loadCusolver", Napi::Function::New(env, LoadCusolver, "loadCusolver"));
  std::function<void(const std::string&, Binding)> add = [&](const std::string& name, Binding fn) {
    exports.Set(name, Napi::Function::New(env, [fn](const Napi::CallbackInfo& info) {
      RequireCusolver(info.Env());
      return fn(info);
    }, name));
  };
  add("cusolverLoadedPath", LoadedPath);
  add("cusolverDnCreate", Create);
  add("cusolverDnDestroy", Destroy);
  add("cusolverDnSetStream", SetStream);
  add("cusolverDnCreateGesvdjInfo", CreateGesvdjInfo);
  add("cusolverDnDestroyGesvdjInfo", DestroyGesvdjInfo);
  add("cusolverDnXgesvdjSetTolerance", GesvdjSetTolerance);
  add("cusolverDnXgesvdjSetMaxSweeps", GesvdjSetMaxSweeps);
  add("cusolverDnCreateSyevjInfo", CreateSyevjInfo);
  add("cusolverDnDestroySyevjInfo", DestroySyevjInfo);
  add("cusolverDnXsyevjSetTolerance", SyevjSetTolerance);
  add("cusolverDnXsyevjSetMaxSweeps", SyevjSetMaxSweeps);
  add("cusolverGeevMissing", GeevMissing);
  add("cusolverDnCreateParams", CreateParams);
  add("cusolverDnDestroyParams", DestroyParams);
  add("cusolverDnXgeev_bufferSize", XgeevBufferSize);
  add("cusolverDnXgeev", Xgeev);
  add("cusolverXpotrfMissing", XpotrfMissing);
  add("cusolverDnXpotrf_bufferSize", XpotrfBufferSize);
  add("cusolverDnXpotrf", Xpotrf);
  RegisterTyped<float>(add);
  RegisterTyped<double>(add);
  RegisterTyped<CuComplex>(add);
  RegisterTyped<CuDoubleComplex>(add);
}
