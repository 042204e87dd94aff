// Run-time loading of libcuda, libnvrtc and libcublas with dlopen: the addon never links against CUDA, so
// it builds and loads on machines without it, and says what it could not find when asked to use it.
#pragma once
#include <dlfcn.h>

#include <initializer_list>
#include <string>

#include "cuda_api.h"

// Resolves one symbol of a dlopen'ed library into a function pointer: the first of `names` the
// library has wins (newer names first, e.g. "cuEventElapsedTime_v2", "cuEventElapsedTime"). Where
// it has none, `missing` is the first name, the one a message reports, and Resolve returns false.
// Every library cupyts loads (here, nccl.cc, cufft.cc, cusolver.cc) resolves through it.
template <typename Fn>
bool Resolve(void* handle, Fn& out, std::initializer_list<std::string> names, std::string& missing) {
  for (const std::string& name : names) {
    if (void* sym = dlsym(handle, name.c_str())) {
      out = reinterpret_cast<Fn>(sym);
      return true;
    }
  }
  missing = *names.begin();
  return false;
}

// Resolve with one name.
template <typename Fn>
bool Resolve(void* handle, Fn& out, const std::string& name, std::string& missing) {
  return Resolve(handle, out, {name}, missing);
}

// Why dlopen(path) failed: dlerror's text, or "cannot open <path>" where it has none.
inline std::string OpenError(const std::string& path) {
  const char* err = dlerror();
  return err ? std::string(err) : "cannot open " + path;
}

extern DriverApi g_cu;
extern NvrtcApi g_nvrtc;
extern CublasApi g_cublas;

// Each returns "" on success, otherwise the reason (dlerror text or the missing symbol).
std::string LoadDriverLibrary(const std::string& path);
std::string LoadNvrtcLibrary(const std::string& path);
std::string LoadCublasLibrary(const std::string& path);
std::string PreloadLibrary(const std::string& path);  // e.g. nvrtc-builtins, RTLD_GLOBAL

bool DriverLoaded();
bool NvrtcLoaded();
bool CublasLoaded();
// The file a loaded library came from (dladdr on one of its symbols), "" if not loaded.
std::string NvrtcLoadedPath();
std::string CublasLoadedPath();
