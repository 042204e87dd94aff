// Run-time loading of libcuda, libnvrtc and libcublas with dlopen: the addon never links against CUDA, so
// it builds and loads on machines without it, and says what it could not find when asked to use it.
#pragma once
#include <string>
#include "cuda_api.h"

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
