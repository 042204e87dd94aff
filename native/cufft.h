#pragma once
#include <napi.h>
void RegisterCufft(Napi::Env env, Napi::Object exports);
