# bug: AP110 asyncio.get_event_loop() inside a coroutine to reach run_in_executor (use get_running_loop)
"""Render PDF invoices in a thread pool so the event loop stays responsive."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pdf")


def _render(invoice_id: str, out_dir: Path) -> Path:
    path = out_dir / f"invoice-{invoice_id}.pdf"
    path.write_bytes(b"%PDF-1.4\n% rendered\n")
    return path


async def render_invoice(invoice_id: str, out_dir: Path) -> Path:
    loop = asyncio.get_event_loop()  # expect: AP110
    return await loop.run_in_executor(_pool, _render, invoice_id, out_dir)


async def render_all(ids: tuple[str, ...], out_dir: Path) -> list[Path]:
    paths = []
    for invoice_id in ids:
        paths.append(await render_invoice(invoice_id, out_dir))
    return paths
