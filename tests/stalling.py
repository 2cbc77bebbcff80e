"""Local servers that stall: they accept a connection and then trickle one byte at a time, so that no
per-read timeout of the client ever fires, until the test lets them recover. They count what they
received in full (a mail after its DATA, an HTTP POST), which is what "sent" means to the remote side."""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import BinaryIO

#: the pause between two trickled bytes: far below any per-read timeout
DRIP = 0.02


class Stalling(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler: type[socketserver.StreamRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.port = int(self.server_address[1])
        self.recovered = threading.Event()
        self.stalling = threading.Event()  # a client is being stalled right now
        self.received = 0
        self.lock = threading.Lock()

    def trickle(self, out: BinaryIO, line: bytes) -> None:
        """Until the test lets the server recover: ``line`` over and over, one byte per DRIP."""
        self.stalling.set()
        while not self.recovered.is_set():
            for byte in line:
                out.write(bytes([byte]))
                out.flush()
                time.sleep(DRIP)

    def count(self) -> None:
        with self.lock:
            self.received += 1


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: a multi-line greeting trickled while stalled, then the dialogue."""

    server: Stalling

    def handle(self) -> None:
        try:
            self.server.trickle(self.wfile, b"220-even geduld\r\n")
            self._reply(b"220 klaar")
            while line := self.rfile.readline():
                verb = line[:4].upper()
                if verb == b"DATA":
                    self._reply(b"354 ga uw gang")
                    while self.rfile.readline() not in (b".\r\n", b""):
                        pass
                    self.server.count()
                    self._reply(b"250 in de wachtrij")
                elif verb == b"QUIT":
                    self._reply(b"221 tot ziens")
                    return
                else:
                    self._reply(b"250 ok")
        except OSError:
            return  # the client cut the connection

    def _reply(self, text: bytes) -> None:
        self.wfile.write(text + b"\r\n")
        self.wfile.flush()


class _Http(socketserver.StreamRequestHandler):
    """HTTP/1.1 with keep-alive: a GET is answered at once; a POST is counted when its body arrived and
    its answer's headers are trickled while the server stalls."""

    server: Stalling

    def handle(self) -> None:
        try:
            while request := self.rfile.readline():
                length = 0
                while (header := self.rfile.readline()) not in (b"\r\n", b""):
                    name, _, value = header.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                self.rfile.read(length)
                self.wfile.write(b"HTTP/1.1 201 Created\r\n")
                if request.startswith(b"POST"):
                    self.server.count()
                    self.server.trickle(self.wfile, b"X-Wacht: even geduld\r\n")
                self.wfile.write(b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                self.wfile.flush()
        except OSError:
            return


@contextmanager
def _serving(handler: type[socketserver.StreamRequestHandler]) -> Iterator[Stalling]:
    server = Stalling(handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.recovered.set()
        server.shutdown()
        server.server_close()
        thread.join()


def stalling_smtp() -> AbstractContextManager[Stalling]:
    return _serving(_Smtp)


def stalling_http() -> AbstractContextManager[Stalling]:
    return _serving(_Http)
