# bug: AP103 in a method, `import asyncio as aio`: except TimeoutError inside aio.timeout(self.deadline)
"""Wait for a build job to finish, polling a status store."""

import asyncio as aio
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class StatusStore(Protocol):
    async def get_status(self, job_id: str) -> str: ...


class JobWaiter:
    def __init__(self, store: StatusStore, deadline: float = 30.0) -> None:
        self.store = store
        self.deadline = deadline

    async def wait_done(self, job_id: str) -> bool:
        """True if the job finished before the deadline."""
        async with aio.timeout(self.deadline):
            try:
                while (status := await self.store.get_status(job_id)) not in {"done", "failed"}:
                    await aio.sleep(1)
                return status == "done"
            except TimeoutError:  # expect: AP103
                log.warning("job %s still running after %.0fs", job_id, self.deadline)
                return False
