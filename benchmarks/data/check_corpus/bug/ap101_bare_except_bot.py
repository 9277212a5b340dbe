# bug: AP101 bare except in a chat bot's reply coroutine swallows cancellation
"""A tiny chat bot: reads messages from a websocket and answers commands."""

import asyncio as aio
import json
import logging

import aiohttp

log = logging.getLogger("bot")

COMMANDS = {"ping": "pong", "help": "commands: ping, help, time"}


async def reply(ws: aiohttp.ClientWebSocketResponse, text: str) -> None:
    command = text.strip().lstrip("/").lower()
    answer = COMMANDS.get(command)
    if command == "time":
        answer = str(aio.get_running_loop().time())
    if answer is not None:
        await ws.send_str(json.dumps({"type": "message", "text": answer}))


async def handle_messages(ws: aiohttp.ClientWebSocketResponse) -> None:
    async for msg in ws:
        if msg.type is not aiohttp.WSMsgType.TEXT:
            continue
        try:
            payload = json.loads(msg.data)
            await aio.wait_for(reply(ws, payload.get("text", "")), timeout=5)
        except:  # noqa: E722  # expect: AP101
            log.warning("could not answer %r", msg.data)
