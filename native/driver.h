#pragma once
#include <napi.h>
void RegisterDriver(Napi::Env env, Napi::Object exports);
