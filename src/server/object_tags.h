// OSS object tags (oss-protocol-2.md §6): the `x-oss-tagging` header, the
// PutObjectTagging body, the GetObjectTagging answer, and the rules (§6.4)
// that every tag set obeys whichever way it arrives.
//
// A valid tag set has at most 10 tags; each key is 1 to 128 bytes and each
// value 0 to 256 bytes of letters, digits, spaces and `+ - = . _ : /`; keys
// are unique (case-sensitive). "Letters" includes non-ASCII ones, as on
// real OSS: any well-formed UTF-8 sequence for a code point from U+00A0 up
// counts as one (serve carries no Unicode tables to ask which code points
// are letters), while invalid UTF-8, C0/C1 control characters and every
// other ASCII punctuation are refused. Lengths are in bytes, as the C++ SDK
// checks them.
//
// Every error is a Status carrying the ServiceError serve answers (400, and
// the Code and Message real OSS sends where §6.4 records them), with the
// limit to respect in the message.
#ifndef OSSXFER_SERVER_OBJECT_TAGS_H_
#define OSSXFER_SERVER_OBJECT_TAGS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/object_tagging.h"
#include "ossxfer/result.h"

namespace ossxfer::server {

// In the order the client gave them. The client's own tag type, so that
// serve writes tags with the client's formatters: the stored (canonical)
// header form is TaggingHeaderValue(tags) (ossxfer/object_tagging.h), every
// byte but A-Z a-z 0-9 - _ . ~ written as %XX (a space as %20), a bare key
// for an empty value, as the C++ SDK writes it; for every valid set,
// ParseTaggingHeader(TaggingHeaderValue(t)) gives t back.
using TagSet = std::vector<ObjectTag>;

inline constexpr size_t kMaxObjectTags = 10;
inline constexpr size_t kMaxTagKeyBytes = 128;
inline constexpr size_t kMaxTagValueBytes = 256;
// The largest PutObjectTagging body ParseTaggingXml reads: ten tags of
// full length written as character references, indented, fit with room to
// spare. A handler should read the body with this limit.
inline constexpr size_t kMaxTaggingXmlBytes = 64 * 1024;

// The `x-oss-tagging` header (§6.5): "k1=v1&k2=v2", a bare "k" for an empty
// value, keys and values percent-encoded (%XX; '+' is a literal '+'). An
// empty header is an empty set. Errors (all 400):
//   an empty item ("a=1&&b=2"), an item with a second '=' ("aa=bb=cc") or a
//     bad %-escape: InvalidArgument, EC 0010-00000219;
//   more than 10 tags: BadRequest "Object tags cannot be greater than 10";
//   a key that is empty, too long or holds a refused character: InvalidTag
//     "The TagKey you have provided is invalid" (EC 0010-00000209 when too
//     long); likewise a value: InvalidTag "The TagValue you have provided
//     is invalid";
//   a key given twice: InvalidArgument "query parameters without tag name
//     duplicates".
Result<TagSet> ParseTaggingHeader(std::string_view header);

// The PutObjectTagging body (§6.1):
//   <Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag>...</TagSet>
//   </Tagging>
// with or without a declaration and indentation. A Tag without <Value> has
// an empty value; <TagSet/> is an empty set. Errors (all 400):
//   not well-formed, a DOCTYPE, over kMaxTaggingXmlBytes, another root, no
//     or two <TagSet>, a <Tag> without <Key>, a repeated <Key> or <Value>,
//     any other element or text: MalformedXML naming the problem;
//   more than 10 tags, or a key given twice ("Cannot provide multiple Tags
//     with the same key"): InvalidTag;
//   a bad key or value: InvalidTag, as for the header.
Result<TagSet> ParseTaggingXml(std::string_view body);

// The GetObjectTagging answer (§6.2): the XML declaration, a newline, then
// <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging> on one
// line, keys and values XML-escaped; an empty set is
// <Tagging><TagSet></TagSet></Tagging>. After the declaration it is the
// document a client's PutObjectTagging sends (oss::BuildTaggingXml).
// ParseTaggingXml reads it back.
std::string TaggingXml(const TagSet& tags);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_OBJECT_TAGS_H_
