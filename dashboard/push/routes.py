"""The one HTTP route browsers poll: ``GET /_dd/changes/<token>?since=<stamp>``.

It answers from memory (`board.BOARD`), never runs a page script and reads nothing from the
database itself: ``{"v": <stamp>}`` as soon as the session's stamp is greater than ``since``, or
after about 25 seconds with the stamp as it is. An unknown token (the server restarted, or the
page was drawn by another replica) gets 410, and the browser re-draws its page to get a new one.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from dashboard.push.board import BOARD, ChangeBoard

PATH = "/_dd/changes"
LONG_POLL_SECONDS = 25.0
_HEADERS = {"Cache-Control": "no-store"}


def make_route(board: ChangeBoard = BOARD, *, timeout: float = LONG_POLL_SECONDS) -> Route:
    async def changes(request: Request) -> JSONResponse:
        token = request.path_params["token"]
        try:
            since = int(request.query_params.get("since", "-1"))
        except ValueError:
            return JSONResponse({"error": "since must be a whole number"}, status_code=400, headers=_HEADERS)
        stamp = await board.wait(token, since, timeout)
        if stamp is None:
            return JSONResponse({"error": "unknown"}, status_code=410, headers=_HEADERS)
        return JSONResponse({"v": stamp}, headers=_HEADERS)

    return Route(PATH + "/{token:str}", changes, methods=["GET"])


ROUTES = [make_route()]
