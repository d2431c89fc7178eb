'use strict'
// node:http2 as the bundle's @hono/node-server sees it (scripts/bundle.mjs). It reads the module
// only to tell an HTTP/2 request apart (`instanceof Http2ServerRequest`) and to close an HTTP/2
// stream; jobfake serves HTTP/1.1 only, and loading node:http2 cost ~6-10 ms of every start. Until
// something asks for the real module, no request can be an HTTP/2 one.
let http2
class NoHttp2Request {}
module.exports = {
  get Http2ServerRequest() {
    return http2 ? http2.Http2ServerRequest : NoHttp2Request
  },
  get constants() {
    http2 ??= require('node:http2')
    return http2.constants
  },
}
