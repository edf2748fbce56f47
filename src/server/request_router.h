// Turns each authenticated request into a store operation and its OSS
// response: bucket, object, multipart and admin handlers (one file each).
#ifndef OSSXFER_SERVER_REQUEST_ROUTER_H_
#define OSSXFER_SERVER_REQUEST_ROUTER_H_

#include <string>

#include "server/fault_injector.h"
#include "server/http_exchange.h"
#include "server/object_store.h"
#include "server/operation.h"
#include "server/request_authenticator.h"
#include "server/server_options.h"
#include "server/server_request.h"

namespace ossxfer::server {

// encoding-type=url (any case) asks for percent-encoded names in answers.
bool IsUrlEncoding(const ServerRequest& request);

class RequestRouter {
 public:
  RequestRouter(const ServerOptions& options, ObjectStore& store,
                FaultInjector& faults)
      : options_(options),
        store_(store),
        faults_(faults),
        authenticator_(options.credentials, options.anonymous) {}

  void Handle(const ServerRequest& request, HttpExchange& exchange);

 private:
  Status NotImplementedError(const RoutedRequest& routed) const;
  // admin_handlers.cc: /_ossxfer/... (loopback only, no signature).
  void HandleAdmin(const ServerRequest& request, HttpExchange& exchange);
  // bucket_handlers.cc
  void ListBuckets(const ServerRequest& request, HttpExchange& exchange);
  void CreateBucket(const ServerRequest& request, HttpExchange& exchange);
  void DeleteBucket(const ServerRequest& request, HttpExchange& exchange);
  void ListObjects(const ServerRequest& request, HttpExchange& exchange);
  void ListUploads(const ServerRequest& request, HttpExchange& exchange);
  void DeleteMultipleObjects(const ServerRequest& request,
                             HttpExchange& exchange);
  // object_handlers.cc
  void GetObject(const ServerRequest& request, HttpExchange& exchange);
  void GetSyntheticObject(const ServerRequest& request, HttpExchange& exchange);
  void PutObject(const ServerRequest& request, HttpExchange& exchange);
  void DeleteObject(const ServerRequest& request, HttpExchange& exchange);
  void RestoreObject(const ServerRequest& request, HttpExchange& exchange);
  // multipart_handlers.cc
  void InitiateUpload(const ServerRequest& request, HttpExchange& exchange);
  void UploadPart(const ServerRequest& request, HttpExchange& exchange,
                  const FaultPlan& plan);
  void CompleteUpload(const ServerRequest& request, HttpExchange& exchange);
  void ListParts(const ServerRequest& request, HttpExchange& exchange);
  void AbortUpload(const ServerRequest& request, HttpExchange& exchange);

  // Writes a new object whose content is the old one with its first byte
  // changed: the "replace" fault (a writer elsewhere changed the object).
  void ReplaceContent(const StoredObject& object);

  const ServerOptions& options_;
  ObjectStore& store_;
  FaultInjector& faults_;
  RequestAuthenticator authenticator_;
};

// Object attributes from PUT / InitiateMultipartUpload request headers.
ObjectAttributes AttributesFromHeaders(const ServerRequest& request);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_REQUEST_ROUTER_H_
