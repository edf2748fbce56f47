// A listing of the synthetic bucket, generated rather than stored: under the
// prefix "tree-<count>x<size>/" it holds <count> objects of <size> bytes,
// "tree-<count>x<size>/f<index, 8 digits>-<size>" (index 0 to count - 1),
// each a synthetic object (synthetic_object.h: the number after the last
// '-' is its size). A client can so be run over a tree of a million
// objects (a sync's memory, a listing's speed) that costs serve nothing to
// hold: each page is made when asked for.
#ifndef OSSXFER_SERVER_SYNTHETIC_LISTING_H_
#define OSSXFER_SERVER_SYNTHETIC_LISTING_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "server/object_store.h"

namespace ossxfer::server {

// At most this many objects in one tree.
inline constexpr uint64_t kMaxSyntheticTree = 100'000'000;

// The page after `marker` (a key; empty: from the start) of at most
// `max_keys` objects whose keys start with `prefix`; nullopt when `prefix`
// does not start with a tree's "tree-<count>x<size>/" (the bucket then
// lists as any other). A delimiter changes nothing: the tree is flat.
std::optional<ObjectListPage> ListSyntheticTree(std::string_view prefix,
                                                std::string_view marker,
                                                int max_keys);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_SYNTHETIC_LISTING_H_
