# bug: AP107 a module-level httpx.AsyncClient shared by handlers, never closed and bound to whichever loop first uses it
"""Translation helper used by several bot commands."""

from __future__ import annotations

import httpx

TRANSLATE_URL = "https://translate.example.com/api/v1/translate"

client = httpx.AsyncClient(timeout=httpx.Timeout(8.0))  # expect: AP107


async def translate(text: str, target: str, source: str = "auto") -> str:
    resp = await client.post(TRANSLATE_URL, json={"q": text, "source": source, "target": target})
    resp.raise_for_status()
    return str(resp.json()["translatedText"])


async def translate_many(lines: list[str], target: str) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.append(await translate(line, target) if line.strip() else line)
    return out


async def detect(text: str) -> str:
    resp = await client.post(TRANSLATE_URL.replace("translate", "detect"), json={"q": text})
    resp.raise_for_status()
    return str(resp.json()[0]["language"])
