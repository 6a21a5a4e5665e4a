"""Exercise 2, reference solution: a sans-IO NUL framer."""


class Framer:
    def __init__(self, max_size: int = 4 * 1024 * 1024) -> None:
        self.max_size = max_size
        self._buffer = bytearray()  # never holds a NUL between two feeds

    @property
    def pending(self) -> bytes:
        return bytes(self._buffer)

    def feed(self, data: bytes) -> list[str]:
        start_search = len(self._buffer)
        self._buffer += data
        *complete, rest = self._buffer[start_search:].split(b"\0")
        if not complete:
            self._check(len(self._buffer))
            return []
        first = self._buffer[:start_search] + complete[0]
        raw = [first, *complete[1:]]
        self._buffer = bytearray(rest)
        try:
            for msg in raw:
                self._check(len(msg))
            self._check(len(rest))
            return [bytes(msg).decode("utf-8") for msg in raw]
        except ValueError:
            self._buffer.clear()
            raise

    def _check(self, size: int) -> None:
        if size > self.max_size:
            self._buffer.clear()
            raise ValueError(f"message longer than {self.max_size} bytes")
