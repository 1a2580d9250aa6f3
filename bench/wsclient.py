"""A headless Streamlit viewer: speaks the app's websocket protocol with Streamlit's own protobuf classes.

One `Viewer` is one browser tab, minus the drawing: it opens ``/_stcore/stream`` with the login
cookie, asks for a page run (`BackMsg.rerun_script`), reads every `ForwardMsg`, and then does what
the browser would do on its own:

- a fragment with ``run_every`` announces itself with an `AutoRerun` message: the viewer re-runs it
  on that interval (the browser's timer), skipping a tick while a run is still going;
- the refresh-on-change component (``dialogue_desk_follow_changes``) arrives as a `BidiComponent`
  element carrying its long-poll URL and version: the viewer long-polls that URL and, when the stamp
  moves, sends the component's trigger for its fragment, as the component's script does.

It counts the bytes and runs it receives and notes when a watched text first arrives, so a bench can
tell how fresh each viewer's screen is. It is a measuring tool for bench/, not part of the app.
"""
from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass, field
from typing import Optional

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FOLLOW_COMPONENT = "dialogue_desk_follow_changes"
INTERNAL_PREFIX = "$$STREAMLIT_INTERNAL_KEY"
DEBUG = bool(os.environ.get("WSCLIENT_DEBUG"))


@dataclass
class Counters:
    bytes: int = 0
    messages: int = 0
    runs: int = 0            # script runs finished (full or fragment)
    timer_runs: int = 0      # of which asked for by a run_every timer
    push_runs: int = 0       # of which asked for by the change component
    polls: int = 0           # long-poll requests answered
    errors: list[str] = field(default_factory=list)


async def http_get(host: str, port: int, path: str, timeout: float) -> tuple[int, bytes]:
    """One plain HTTP/1.1 GET (the long poll); returns status and body."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


class Viewer:
    def __init__(self, host: str, port: int, page: str, query: str, cookie: str) -> None:
        self.host, self.port, self.page, self.query, self.cookie = host, port, page, query, cookie
        self.counters = Counters()
        self.watch: dict[bytes, float] = {}   # text -> first time it arrived (time.time())
        self.refreshed: dict[int, float] = {}  # change stamp -> when the re-run it triggered finished
        self._triggered: Optional[int] = None
        self._pending: list[bytes] = []
        self._ws: Optional[websockets.ClientConnection] = None
        self._running = False
        self._first = asyncio.Event()
        self._timers: dict[str, asyncio.Task] = {}
        self._push_task: Optional[asyncio.Task] = None
        self._push: Optional[dict] = None       # {"fragment": id, "trigger": widget id, "url": ..., "version": n}
        self._drawn = asyncio.Event()            # the component was drawn again (after a triggered run)
        self._tasks: list[asyncio.Task] = []
        self.closed = False
        # Widgets drawn so far, by their user key: (element id, fragment id), so a bench can act on one.
        self.widgets: dict[str, tuple[str, str]] = {}
        self.finished_at: list[float] = []  # when each run finished (time.time())
        self._values: dict[str, WidgetState] = {}  # values this viewer chose: a browser sends them every run

    # -- life cycle ----------------------------------------------------------------------------
    async def start(self, timeout: float = 120.0) -> None:
        self._ws = await websockets.connect(
            f"ws://{self.host}:{self.port}/_stcore/stream", subprotocols=["streamlit"],
            additional_headers={"Cookie": self.cookie}, max_size=None, open_timeout=timeout,
            ping_interval=None, close_timeout=2)
        self._tasks.append(asyncio.create_task(self._read()))
        await self._rerun()
        await asyncio.wait_for(self._first.wait(), timeout)

    async def stop(self) -> None:
        self.closed = True
        for task in [*self._timers.values(), *self._tasks, *([self._push_task] if self._push_task else [])]:
            task.cancel()
        if self._ws is not None:
            await self._ws.close()

    def refreshed_for(self, stamp: int) -> Optional[float]:
        """When this viewer's screen was redrawn with data at least as new as `stamp`."""
        times = [t for s, t in self.refreshed.items() if s >= stamp]
        return min(times) if times else None

    def expect(self, text: str) -> None:
        """Note the first time `text` arrives in any message from now on."""
        self._pending.append(text.encode())

    # -- sending -------------------------------------------------------------------------------
    async def _rerun(self, fragment_id: str = "", *, auto: bool = False,
                     widgets: tuple[WidgetState, ...] = ()) -> bool:
        if self.closed or self._ws is None:
            return False
        if auto and self._running:
            return False  # the browser's timer does not pile runs on a busy session
        state = ClientState(query_string=self.query, page_name=self.page, fragment_id=fragment_id,
                            is_auto_rerun=auto,
                            context_info=ContextInfo(timezone="Europe/Zurich", locale="en-GB"))
        state.widget_states.widgets.extend([*(w for i, w in self._values.items()
                                              if i not in {x.id for x in widgets}), *widgets])
        self._running = True
        await self._ws.send(BackMsg(rerun_script=state).SerializeToString())
        return True

    async def choose(self, key: str, label: str) -> bool:
        """Pick the option shown as `label` in the radio keyed `key`, as a click would; False if not drawn."""
        found = self.widgets.get(key)
        if found is None:
            return False
        widget_id, fragment = found
        self._values[widget_id] = WidgetState(id=widget_id, string_value=label)
        return await self._rerun(fragment)

    # -- receiving -----------------------------------------------------------------------------
    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                self._on_message(raw if isinstance(raw, bytes) else raw.encode())
        except (websockets.ConnectionClosed, asyncio.CancelledError):
            return

    def _on_message(self, raw: bytes) -> None:
        now = time.time()
        self.counters.bytes += len(raw)
        self.counters.messages += 1
        if self._pending:
            for text in [t for t in self._pending if t in raw]:
                self.watch.setdefault(text, now)
                self._pending.remove(text)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            self.finished_at.append(now)
            if self._triggered is not None:
                self.refreshed.setdefault(self._triggered, now)
                self._triggered = None
            self._running = False
            self.counters.runs += 1
            self._first.set()
        elif kind == "auto_rerun":
            fragment = msg.auto_rerun.fragment_id
            old = self._timers.pop(fragment, None)
            if old:
                old.cancel()
            self._timers[fragment] = asyncio.create_task(self._timer(fragment, msg.auto_rerun.interval))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "bidi_component" and \
                    element.bidi_component.component_name == FOLLOW_COMPONENT:
                data = json.loads(element.bidi_component.json)
                self._push = {"fragment": msg.delta.fragment_id,
                              "trigger": f"{INTERNAL_PREFIX}_{element.bidi_component.id}__events",
                              "url": data["url"], "version": int(data["version"])}
                self._drawn.set()
                if self._push_task is None:
                    self._push_task = asyncio.create_task(self._follow())
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which in ("radio", "selectbox", "button"):
                widget_id = getattr(element, which).id
                self.widgets[widget_id.split("-", 2)[-1]] = (widget_id, msg.delta.fragment_id)
        if kind == "page_not_found":
            self.counters.errors.append("page not found")

    # -- what the browser does on its own ----------------------------------------------------------
    async def _timer(self, fragment: str, interval: float) -> None:
        while not self.closed:
            await asyncio.sleep(interval)
            if await self._rerun(fragment, auto=True):
                self.counters.timer_runs += 1

    async def _follow(self) -> None:
        """The change component's loop: long-poll, and trigger the fragment when the stamp moves."""
        failures = 0
        while not self.closed and self._push is not None:
            push = self._push
            known = push["version"]
            try:
                status, body = await http_get(self.host, self.port, f"{push['url']}?since={known}", 60)
            except (OSError, asyncio.TimeoutError) as exc:
                failures += 1
                self.counters.errors.append(f"poll: {exc!r}")
                await asyncio.sleep(min(30.0, 0.5 * 2 ** min(failures, 6)))
                continue
            self.counters.polls += 1
            if DEBUG:
                print(f"poll {push['url'][-8:]} since {known}: {status} {body[:40]!r}", flush=True)
            if status == 404:
                return
            if status == 410:
                await asyncio.sleep(3)
                await self._trigger(-1)
                continue
            failures = 0
            stamp = int(json.loads(body)["v"])
            if stamp > known:
                push["version"] = stamp
                self._triggered = stamp
                self._drawn.clear()
                await self._trigger(stamp)
                try:  # the re-run draws the component again with the new version
                    await asyncio.wait_for(self._drawn.wait(), 10)
                except asyncio.TimeoutError:
                    pass

    async def _trigger(self, value: int) -> None:
        push = self._push
        if push is None:
            return
        widget = WidgetState(id=push["trigger"], json_trigger_value=json.dumps([{"event": "changed", "value": value}]))
        if await self._rerun(push["fragment"], widgets=(widget,)):
            self.counters.push_runs += 1
