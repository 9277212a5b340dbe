# clean: __aexit__ suppresses only one expected exception type, returns False otherwise
# near: AP113
"""A scope that ends a streaming upload early on a client-disconnect signal."""

from __future__ import annotations

from types import TracebackType


class ClientGone(Exception):
    """Raised by the stream writer when the peer disconnected."""


class UploadScope:
    def __init__(self) -> None:
        self.aborted = False
        self.chunks = 0

    async def __aenter__(self) -> UploadScope:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        if exc_type is not None and issubclass(exc_type, ClientGone):
            self.aborted = True
            return True
        return False


async def upload(chunks: list[bytes]) -> UploadScope:
    async with UploadScope() as scope:
        for chunk in chunks:
            if not chunk:
                raise ClientGone
            scope.chunks += 1
    return scope
