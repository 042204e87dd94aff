// The cuSOLVER dense (cusolverDn) declarations cupyts uses, written out here so the addon builds
// without CUDA headers; every function is resolved at run time with dlsym (see cusolver.cc).
// Enum values (cublasOperation_t, cublasFillMode_t, cusolverEigMode_t) pass through from JS as
// plain ints; see src/runtime/cusolver.ts.
#pragma once
#include "cuda_api.h"

typedef int cusolverStatus_t;
typedef struct cusolverDnContext* cusolverDnHandle_t;
typedef struct gesvdjInfo* gesvdjInfo_t;
typedef struct syevjInfo* syevjInfo_t;
typedef struct cusolverDnParams* cusolverDnParams_t;
constexpr cusolverStatus_t CUSOLVER_STATUS_SUCCESS = 0;

// cuComplex and cuDoubleComplex (cuComplex.h): two floats or two doubles.
struct CuComplex {
  float x, y;
};
struct CuDoubleComplex {
  double x, y;
};

// The calls that exist for float (S), double (D), cuComplex (C) and cuDoubleComplex (Z) alike,
// with T the element type. The complex types' singular values and eigenvalues are real (float or
// double): those pointers are typed T* here and passed through untouched (same ABI).
template <typename T>
struct CusolverTypedApi {
  cusolverStatus_t (*getrf_bufferSize)(cusolverDnHandle_t, int, int, T*, int, int*);
  cusolverStatus_t (*getrf)(cusolverDnHandle_t, int, int, T*, int, T*, int*, int*);
  cusolverStatus_t (*getrs)(cusolverDnHandle_t, int, int, int, const T*, int, const int*, T*, int, int*);
  cusolverStatus_t (*potrf_bufferSize)(cusolverDnHandle_t, int, int, T*, int, int*);
  cusolverStatus_t (*potrf)(cusolverDnHandle_t, int, int, T*, int, T*, int, int*);
  cusolverStatus_t (*potrfBatched)(cusolverDnHandle_t, int, int, T**, int, int*, int);
  cusolverStatus_t (*geqrf_bufferSize)(cusolverDnHandle_t, int, int, T*, int, int*);
  cusolverStatus_t (*geqrf)(cusolverDnHandle_t, int, int, T*, int, T*, T*, int, int*);
  cusolverStatus_t (*orgqr_bufferSize)(cusolverDnHandle_t, int, int, int, const T*, int, const T*, int*);
  cusolverStatus_t (*orgqr)(cusolverDnHandle_t, int, int, int, T*, int, const T*, T*, int, int*);
  cusolverStatus_t (*gesvdj_bufferSize)(cusolverDnHandle_t, int, int, int, int, const T*, int, const T*, const T*, int,
                                        const T*, int, int*, gesvdjInfo_t);
  cusolverStatus_t (*gesvdj)(cusolverDnHandle_t, int, int, int, int, T*, int, T*, T*, int, T*, int, T*, int, int*,
                             gesvdjInfo_t);
  cusolverStatus_t (*gesvdjBatched_bufferSize)(cusolverDnHandle_t, int, int, int, const T*, int, const T*, const T*,
                                               int, const T*, int, int*, gesvdjInfo_t, int);
  cusolverStatus_t (*gesvdjBatched)(cusolverDnHandle_t, int, int, int, T*, int, T*, T*, int, T*, int, T*, int, int*,
                                    gesvdjInfo_t, int);
  cusolverStatus_t (*syevd_bufferSize)(cusolverDnHandle_t, int, int, int, const T*, int, const T*, int*);
  cusolverStatus_t (*syevd)(cusolverDnHandle_t, int, int, int, T*, int, T*, T*, int, int*);
  cusolverStatus_t (*syevjBatched_bufferSize)(cusolverDnHandle_t, int, int, int, const T*, int, const T*, int*,
                                              syevjInfo_t, int);
  cusolverStatus_t (*syevjBatched)(cusolverDnHandle_t, int, int, int, T*, int, T*, T*, int, int*, syevjInfo_t, int);
};

// The generic (X) general eigenvalue solver, from CUDA 12.6: optional, resolved apart from the rest.
// Enums (cusolverEigMode_t, cudaDataType) are ints; sizes are int64_t, workspaces in bytes.
struct CusolverGeevApi {
  cusolverStatus_t (*createParams)(cusolverDnParams_t*);
  cusolverStatus_t (*destroyParams)(cusolverDnParams_t);
  cusolverStatus_t (*bufferSize)(cusolverDnHandle_t, cusolverDnParams_t, int, int, int64_t, int, const void*, int64_t, int,
                                 const void*, int, const void*, int64_t, int, const void*, int64_t, int, size_t*, size_t*);
  cusolverStatus_t (*geev)(cusolverDnHandle_t, cusolverDnParams_t, int, int, int64_t, int, void*, int64_t, int, void*, int,
                           void*, int64_t, int, void*, int64_t, int, void*, size_t, void*, size_t, int*);
};

// The generic (X) Cholesky, from CUDA 11.1 (the call PyTorch makes): optional, resolved apart from the rest.
struct CusolverXpotrfApi {
  cusolverStatus_t (*bufferSize)(cusolverDnHandle_t, cusolverDnParams_t, int, int64_t, int, const void*, int64_t, int, size_t*, size_t*);
  cusolverStatus_t (*potrf)(cusolverDnHandle_t, cusolverDnParams_t, int, int64_t, int, void*, int64_t, int, void*, size_t, void*, size_t, int*);
};

struct CusolverApi {
  cusolverStatus_t (*create)(cusolverDnHandle_t*);
  cusolverStatus_t (*destroy)(cusolverDnHandle_t);
  cusolverStatus_t (*setStream)(cusolverDnHandle_t, CUstream);
  cusolverStatus_t (*createGesvdjInfo)(gesvdjInfo_t*);
  cusolverStatus_t (*destroyGesvdjInfo)(gesvdjInfo_t);
  cusolverStatus_t (*gesvdjSetTolerance)(gesvdjInfo_t, double);
  cusolverStatus_t (*gesvdjSetMaxSweeps)(gesvdjInfo_t, int);
  cusolverStatus_t (*createSyevjInfo)(syevjInfo_t*);
  cusolverStatus_t (*destroySyevjInfo)(syevjInfo_t);
  cusolverStatus_t (*syevjSetTolerance)(syevjInfo_t, double);
  cusolverStatus_t (*syevjSetMaxSweeps)(syevjInfo_t, int);
  CusolverTypedApi<float> s;
  CusolverTypedApi<double> d;
  CusolverTypedApi<CuComplex> c;
  CusolverTypedApi<CuDoubleComplex> z;
  CusolverGeevApi geev;
  CusolverXpotrfApi xpotrf;
};
