// `ossxfer rm -r oss://bucket/prefix/`: every object under a prefix,
// deleted in batches of up to 1000 keys per DeleteMultipleObjects request,
// as the listing streams in (one page and one batch in memory, whatever
// the prefix holds).
#ifndef OSSXFER_CLI_REMOVE_PREFIX_H_
#define OSSXFER_CLI_REMOVE_PREFIX_H_

#include "cli/global_flags.h"
#include "cli/path_filter.h"
#include "cli/store_url.h"
#include "ossxfer/client.h"

namespace ossxfer::cli {

// "prefix" means "prefix/", as for cp -r; an empty key means the whole
// bucket. Prints each key deleted (or, with `dry_run`, that would be:
// nothing is deleted then) and a count on stderr. Stops at the first
// failed listing or batch; what was deleted before it is printed.
// `filter` (may be null) chooses by the key's path below the prefix, as
// cp -r does; --files-from paths no key matched fail the command
// (kNotFound) once the others are deleted.
Status RemovePrefix(const Client& client, const StoreUrl& url, bool dry_run,
                    const PathFilter* filter, const GlobalFlags& global);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_REMOVE_PREFIX_H_
