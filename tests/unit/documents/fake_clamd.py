"""A one-shot clamd on a Unix socket: it reads one INSTREAM scan and gives the answer the test chose."""

from __future__ import annotations

import socket
import struct
import threading
from pathlib import Path


def fake_clamd(path: Path, answer: bytes) -> threading.Thread:
    """clamd on the Unix socket ``path``, answering one scan with ``answer``: its thread."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            buf = b""
            while not buf.endswith(struct.pack("!L", 0)):
                buf += conn.recv(65536)
            assert buf.startswith(b"zINSTREAM\0")
            conn.sendall(answer)
        server.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    return t
