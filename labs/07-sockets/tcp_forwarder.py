"""A plain TCP port forwarder: accept on a local port, relay to another address.

The chapter forwards a port through an SSH tunnel (``port_forwarding.py``); this is
the same idea without SSH and without encryption, to see the mechanics: for every
client that connects to the listening port, open a connection to the target and copy
bytes both ways until both directions are finished.

Two details matter. Each direction gets its own thread, so a client can talk while
the server talks. And an end of file is passed on as a *half-close*: when the client
has finished sending (``recv`` returns ``b""``), the forwarder calls
``shutdown(SHUT_WR)`` on the server side, so the server sees the end of the request
and can still send its reply back the other way.

Run it, for example in front of the time server::

    python tcp_time_server.py &
    python tcp_forwarder.py --port 9000 --target-port 12345   # Listening on 127.0.0.1:9000
    python tcp_time_client.py --host 127.0.0.1 --port 9000
"""

from __future__ import annotations

import socket
import sys
import threading

from labkit import cli, server

BUFSIZE = 65536


def pump(source: socket.socket, destination: socket.socket) -> int:
    """Copy bytes from source to destination until EOF, then half-close; return the count."""
    copied = 0
    try:
        while data := source.recv(BUFSIZE):
            destination.sendall(data)
            copied += len(data)
        destination.shutdown(socket.SHUT_WR)  # pass the end of file on
    except OSError:
        # A reset or a timeout on one side: stop both directions.
        for sock in (source, destination):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed: nothing more to stop
    return copied


def relay(client: socket.socket, target: tuple[str, int], timeout: float) -> tuple[int, int]:
    """Connect to ``target`` and relay both ways; return (bytes sent up, bytes sent down)."""
    with client, socket.create_connection(target, timeout=timeout) as upstream:
        client.settimeout(timeout)
        upstream.settimeout(timeout)
        counts = [0, 0]

        def down() -> None:
            counts[1] = pump(upstream, client)

        thread = threading.Thread(target=down, daemon=True)
        thread.start()
        counts[0] = pump(client, upstream)
        thread.join()
    return counts[0], counts[1]


class Forwarder:
    """The listening side; each accepted client is relayed in a thread of its own."""

    def __init__(self, host: str, port: int, target: tuple[str, int], timeout: float = 300):
        self.listener = socket.create_server((host, port))
        self.address = self.listener.getsockname()[:2]
        self.target, self.timeout = target, timeout

    def handle(self, client: socket.socket, address: tuple) -> None:
        try:
            up, down = relay(client, self.target, self.timeout)
        except OSError as exc:
            client.close()
            print(
                f"{address[0]}:{address[1]}: cannot reach {self.target[0]}:{self.target[1]}: "
                f"{cli.describe_error(exc)}",
                flush=True,
            )
            return
        print(f"{address[0]}:{address[1]}: done, {up} bytes up, {down} bytes down", flush=True)

    def serve_forever(self) -> None:
        while True:
            client, address = self.listener.accept()
            threading.Thread(target=self.handle, args=(client, address), daemon=True).start()

    def close(self) -> None:
        self.listener.close()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Forward a local TCP port to another address.")
    cli.add_host_port(parser, "127.0.0.1", 9000)
    parser.add_argument("--target-host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument("--target-port", type=cli.port_number, required=True, help="where to relay")
    cli.add_timeout(parser, default=300.0)
    args = parser.parse_args(argv)
    try:
        forwarder = Forwarder(
            args.host, args.port, (args.target_host, args.target_port), args.timeout
        )
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    try:
        server.announce(forwarder.address)
        forwarder.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        forwarder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
