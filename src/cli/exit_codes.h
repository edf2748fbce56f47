// The exit codes of the `ossxfer` command, documented in README and in
// `ossxfer --help`. Scripts branch on them, so each means one thing a user
// can act on and they never change meaning.
#ifndef OSSXFER_CLI_EXIT_CODES_H_
#define OSSXFER_CLI_EXIT_CODES_H_

namespace ossxfer::cli {

enum ExitCode : int {
  kExitOk = 0,
  // Network, server, local I/O or any other failure not listed below.
  kExitFailure = 1,
  // Bad flags, sizes, URLs or arguments: nothing was transferred.
  kExitUsage = 2,
  // The bucket, object or multipart upload does not exist.
  kExitNotFound = 3,
  // Credentials missing or wrong, or the request is not allowed.
  kExitAccessDenied = 4,
  // A CRC64 never matched, or the object changed during the transfer.
  kExitVerificationFailed = 5,
  // A recursive copy where some files failed (the others are done).
  kExitPartialFailure = 6,
  // Another ossxfer process is running the same transfer (same destination,
  // same checkpoint): nothing was changed; wait for it or stop it.
  kExitBusy = 7,
  // Ctrl-C or SIGTERM: the checkpoint is kept, running again resumes.
  kExitInterrupted = 130,
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_EXIT_CODES_H_
