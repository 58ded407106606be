// The exit codes every parceltool command uses (documented in README.md).
#pragma once

namespace parcel::tool {

enum ExitCode : int {
  kExitSuccess = 0,  // done; warnings allowed
  kExitInvalid = 1,  // input rejected: error diagnostics, or a build that could not be made
  kExitUsage = 2,  // command-line usage error
  kExitIoFailure = 3,  // environment or I/O failure
  kExitInterrupted = 130,  // SIGINT; in general 128 + the signal (interruptExitCode, SECURITY.md)
};

}  // namespace parcel::tool
