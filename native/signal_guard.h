// Keeps NVRTC from changing the process's signal actions. NVRTC 11.8's nvrtcCompileProgram puts
// back the SIGINT, SIGTERM and SIGXFSZ handlers it found without their sa_flags and sa_mask
// (SA_SIGINFO and SA_RESETHAND lost): Node's SIGINT/SIGTERM handler resets the action and raises
// the signal again, so without SA_RESETHAND it catches its own signal forever and the process
// spins instead of exiting. A SignalGuard around each NVRTC call saves the action of every
// standard signal and puts it back exactly afterwards.
#pragma once

class SignalGuard {
 public:
  SignalGuard();
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
};
