"""The SERVICE relay: how a worker with no network reaches the endpoints the operator allowed, and nothing else.

The inspector rewrites each allowed SERVICE IRI to `http://127.0.0.1:PORT/service/N`. In a worker that runs in a
network namespace of its own, PORT is a socket the worker opened on its private loopback and handed to the server;
without namespaces it is one loopback port of the server. Either way the server parses the one HTTP request that
arrives (h11), looks N up in the table built from the allow-list at start-up, and forwards the request to that
endpoint (or to its `--service-map` URL), over TLS where the URL says so, within the time limit, with the answer
capped in size and redirects not followed (a redirect target is not on the allow-list).
A path that is not in the table gets 404: the relay can only ever reach an allowed endpoint.
"""

import asyncio
import logging
import socket
from collections.abc import Mapping

import h11
import httpx

log = logging.getLogger("kgraph.serve")
FORWARDED_HEADERS = ("content-type", "accept")


class ServiceRelay:
    """Forwards SERVICE requests to the allowed endpoints; `endpoints(base)` gives the inspector's rewrite map."""

    def __init__(self, allowed: tuple[str, ...], service_map: Mapping[str, str], timeout: float, max_bytes: int):
        self.allowed = tuple(allowed)
        self.targets = {f"/service/{index}": service_map.get(iri, iri) for index, iri in enumerate(self.allowed)}
        self.timeout, self.max_bytes = timeout, max_bytes
        self._client: httpx.AsyncClient | None = None
        self._servers: list[asyncio.AbstractServer] = []

    def endpoints(self, base: str) -> dict[str, str]:
        """Allowed SERVICE IRI -> the URL a worker calls instead."""
        return {iri: f"{base}/service/{index}" for index, iri in enumerate(self.allowed)}

    async def serve(self, listener: socket.socket) -> asyncio.AbstractServer:
        """Accept relay connections on `listener` (a worker's, or our own loopback one)."""
        listener.setblocking(False)
        server = await asyncio.start_server(self._handle, sock=listener)
        self._servers.append(server)
        return server

    async def listen_on_loopback(self) -> int:
        """Without network namespaces: one relay port on this host's loopback; returns the port."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        await self.serve(listener)
        port: int = listener.getsockname()[1]
        return port

    def forget(self, server: asyncio.AbstractServer) -> None:
        server.close()
        if server in self._servers:
            self._servers.remove(server)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = h11.Connection(h11.SERVER, max_incomplete_event_size=16384)
        try:
            request, body = await asyncio.wait_for(self._read(connection, reader), self.timeout)
            status, headers, content = await self._forward(request, body)
        except (TimeoutError, h11.RemoteProtocolError, ConnectionError):
            status, headers, content = 400, [("content-type", "text/plain")], b"bad relay request\n"
        headers = [*headers, ("content-length", str(len(content))), ("connection", "close")]
        try:
            writer.write(connection.send(h11.Response(status_code=status, headers=headers)))
            writer.write(connection.send(h11.Data(data=content)) + connection.send(h11.EndOfMessage()))
            await writer.drain()
        except (ConnectionError, h11.LocalProtocolError):
            pass
        finally:
            writer.close()

    async def _read(self, connection: h11.Connection, reader: asyncio.StreamReader) -> tuple[h11.Request, bytes]:
        request, body = None, bytearray()
        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(65536)
                connection.receive_data(data)
                if not data and connection.their_state is not h11.DONE:
                    raise ConnectionError("the worker closed the relay connection")
            elif isinstance(event, h11.Request):
                request = event
            elif isinstance(event, h11.Data):
                body += event.data
                if len(body) > self.max_bytes:
                    raise h11.RemoteProtocolError("request too large")
            elif isinstance(event, h11.EndOfMessage):
                if request is None:
                    raise h11.RemoteProtocolError("a body without a request")
                return request, bytes(body)
            else:
                raise h11.RemoteProtocolError(f"unexpected {type(event).__name__}")

    async def _forward(self, request: h11.Request, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        path, _, query = request.target.decode("ascii", "replace").partition("?")
        target = self.targets.get(path)
        if target is None:
            return 404, [("content-type", "text/plain")], b"not an allowed SERVICE endpoint\n"
        url = f"{target}{'&' if '?' in target else '?'}{query}" if query else target
        headers = {name.decode(): value.decode("latin-1") for name, value in request.headers
                   if name.decode().lower() in FORWARDED_HEADERS}
        if self._client is None:
            self._client = httpx.AsyncClient(headers={"User-Agent": "kgraph-serve (SERVICE relay)"},
                                              follow_redirects=False)  # a redirect is not on the allow-list
        try:
            async with self._client.stream(request.method.decode(), url, content=body, headers=headers,
                                           timeout=self.timeout) as response:
                content = bytearray()
                async for chunk in response.aiter_bytes():
                    content += chunk
                    if len(content) > self.max_bytes:
                        return 502, [("content-type", "text/plain")], b"the SERVICE answer is too large\n"
                kept = [(k, v) for k, v in response.headers.items() if k.lower() == "content-type"]
                return response.status_code, kept, bytes(content)
        except httpx.HTTPError as error:
            log.warning("SERVICE relay to %s failed: %s", target, error)
            return 502, [("content-type", "text/plain")], f"the SERVICE endpoint failed: {error}\n".encode()

    async def close(self) -> None:
        for server in self._servers:
            server.close()
        self._servers.clear()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
