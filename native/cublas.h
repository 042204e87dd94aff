#pragma once
#include <napi.h>
void RegisterCublas(Napi::Env env, Napi::Object exports);
