"""Bounds and semantics at the HTTP layer, below the routes: what uvicorn's httptools protocol lacks, added where it
belongs, and one small ASGI middleware.

- `bounded_protocol(...)` subclasses uvicorn's own httptools protocol (uvicorn's `Config(http=...)` takes a class):
  the request line and headers together may take at most `max_head` bytes (414 while the request line is not even
  complete, 431 otherwise) and must arrive within `request_timeout` seconds of the connection's opening or of the
  request's first byte (408: no slowloris). httptools buffers a header until it is complete, so the bytes are
  counted as they arrive, not after parsing. It also bounds connections: at most `per_client` open at once from one
  client (`_clients.client_key`; 429 and closed at once; a trusted proxy is exempt), and at most `max_connections`
  in all, counted here rather than by uvicorn's `limit_concurrency` so that `/health` is still answered by the app
  (honestly, in its JSON) when the limit is reached: every other request past it gets 503.
- `guard_requests(...)` (ASGI) reads the body before the app runs, within `request_timeout` (408); its size is
  bounded around it by Starlette's `RequestBodyLimitMiddleware` (FastAPI's `max_body_size`: 413 from Content-Length
  before reading anything, or as the body streams). It also answers HEAD as GET without the body, on every GET
  route.
"""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kgraph.serve._clients import client_key

REASONS = {400: b"Bad Request", 408: b"Request Timeout", 413: b"Content Too Large", 414: b"URI Too Long", 429: b"Too Many Requests",
           431: b"Request Header Fields Too Large", 503: b"Service Unavailable"}
EXEMPT_FROM_CONNECTION_LIMIT = (b"/health",)   # the load balancer's probe must see the truth, not a 503 of ours


# The `X-Kgraph-Error` of an error response whose route named no cause of its own (FastAPI's 404 and 405, Starlette's
# 413, the 500 handler, a page's 404): every error carries one.
ERROR_CAUSES = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method",
                406: "not-acceptable", 408: "limit", 410: "retired", 413: "limit", 414: "limit", 415: "media-type",
                422: "unprocessable", 429: "busy", 431: "limit", 500: "internal", 501: "not-implemented",
                502: "upstream", 503: "unavailable"}


def refusal(status: int, message: str, cause: str = "limit") -> bytes:
    """A whole HTTP/1.1 response that closes the connection, for refusals below the ASGI app."""
    body = message.encode() + b"\n"
    return (b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\nx-kgraph-error: %s\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n"
            % (status, REASONS[status], cause.encode(), len(body)) + body)


class _HeadTooLarge(Exception):
    """Raised in a parser callback to stop parsing a request that was refused."""


def bounded_protocol(max_head: int, request_timeout: float, max_connections: int | None = None,
                     per_client: int | None = None,
                     trusted_proxies: tuple[str, ...] = ()) -> type[HttpToolsProtocol]:
    """A uvicorn protocol class with these bounds (uvicorn instantiates it per connection; the counts of open
    connections are shared by every instance of the class)."""
    open_per_client: Counter[str] = Counter()
    exempt = {client_key(proxy) for proxy in trusted_proxies}

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        # uvicorn's protocol takes an asyncio.Transport where asyncio's BaseProtocol takes any BaseTransport (it
        # overrides it with the same ignore); uvicorn only ever hands it a Transport.
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.head_bytes, self.head_open, self.url_complete, self.refused = 0, True, False, False
            self.head_timer: asyncio.TimerHandle | None = None
            peer = transport.get_extra_info("peername")
            self.counted_as: str | None = client_key(peer[0] if peer else None)
            if (per_client is not None and self.counted_as not in exempt
                    and open_per_client[self.counted_as] >= per_client):
                self.counted_as = None  # not counted
                self.refuse(429, f"this client already has {per_client} connections open")
                return
            open_per_client[self.counted_as] += 1
            self.head_timer = self.loop.call_later(request_timeout, self.head_too_slow)

        def data_received(self, data: bytes) -> None:
            if self.refused:
                return
            if self.head_open:
                self.head_bytes += len(data)
            super().data_received(data)
            if self.head_open and self.head_bytes > max_head and not self.refused:
                # still inside the head: every byte counted is the head's, buffered by httptools
                self.refuse(431 if self.url_complete else 414, f"the request line and headers exceed {max_head} bytes")

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.head_bytes, self.head_open, self.url_complete = 0, True, False
            if self.head_timer is None:
                self.head_timer = self.loop.call_later(request_timeout, self.head_too_slow)

        def on_header(self, name: bytes, value: bytes) -> None:
            self.url_complete = True
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self.head_open, self.url_complete = False, True
            self.cancel_head_timer()
            if (max_connections is not None and len(self.connections) > max_connections
                    and self.url.split(b"?")[0] not in EXEMPT_FROM_CONNECTION_LIMIT):
                self.refuse(503, f"more than {max_connections} connections are open; try again later")
                raise _HeadTooLarge()
            if len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers) > max_head:
                self.refuse(414 if len(self.url) > max_head else 431,
                            f"the request line and headers exceed {max_head} bytes")
                raise _HeadTooLarge()  # stops the parser: the app never sees this request
            super().on_headers_complete()

        def send_400_response(self, msg: str) -> None:  # a request httptools cannot parse, with our error header
            if not self.refused:
                self.refuse(400, f"malformed HTTP request: {msg}", "protocol")

        def head_too_slow(self) -> None:
            self.head_timer = None
            if self.head_open and not self.refused and not self.transport.is_closing():
                self.refuse(408, f"the request line and headers did not arrive within {request_timeout:g} s")

        def refuse(self, status: int, message: str, cause: str = "limit") -> None:
            self.refused = True
            self.transport.write(refusal(status, message, cause))
            self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self.cancel_head_timer()
            if self.counted_as is not None:
                open_per_client[self.counted_as] -= 1
                if not open_per_client[self.counted_as]:
                    del open_per_client[self.counted_as]
                self.counted_as = None
            super().connection_lost(exc)

        def cancel_head_timer(self) -> None:
            if self.head_timer is not None:
                self.head_timer.cancel()
                self.head_timer = None

    return BoundedHttpToolsProtocol


async def _refuse(send: Send, status: int, message: str) -> None:
    body = message.encode() + b"\n"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"x-kgraph-error", b"limit"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def guard_requests(app: ASGIApp, request_timeout: float) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The ASGI middleware: the body read first, in time; HEAD as GET without a body."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)
        loop = asyncio.get_running_loop()
        deadline, body, more = loop.time() + request_timeout, bytearray(), True
        while more:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                return await _refuse(send, 408, f"the request body did not arrive within {request_timeout:g} s")
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:  # the body once, then the client's disconnect when it comes
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        if scope["method"] != "HEAD":
            return await app(scope, replay, send)

        async def without_body(message: Message) -> None:
            await send({**message, "body": b""} if message["type"] == "http.response.body" else message)

        await app({**scope, "method": "GET"}, replay, without_body)

    return guarded


def with_error_header(app: ASGIApp) -> ASGIApp:
    """`app` (the whole ASGI stack, FastAPI's own outer middleware included: its 413, its 500) adding
    `X-Kgraph-Error` (see `ERROR_CAUSES`) to an error response that has none."""

    async def answering(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-kgraph-error" for name, _ in headers):
                    cause = ERROR_CAUSES.get(message["status"], "error").encode()
                    message = {**message, "headers": [*headers, (b"x-kgraph-error", cause)]}
            await send(message)

        await app(scope, receive, sending)

    return answering
