"""GraphiQL, served whole by the hub: it works offline and loads nothing from another host.

GraphiQL and React come from npm (``package.json`` and ``package-lock.json`` here), put in
``node_modules`` beside this module by ``hub graphiql install`` (``npm ci``); nothing of
theirs is kept in the repository. The page and its script are the hub's own, and open a
tab for each of the hub's example queries (``examples/``, the README's among them). Until
the packages are installed, ``/graphql`` in a browser says how to install them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
EXAMPLES = HERE / "examples"
ASSET_SECONDS = 86_400

ASSETS: dict[str, tuple[Path, str]] = {
    "react.js": (NODE_MODULES / "react/umd/react.production.min.js", "text/javascript"),
    "react-dom.js": (NODE_MODULES / "react-dom/umd/react-dom.production.min.js", "text/javascript"),
    "graphiql.js": (NODE_MODULES / "graphiql/graphiql.min.js", "text/javascript"),
    "graphiql.css": (NODE_MODULES / "graphiql/graphiql.min.css", "text/css"),
    "hub-graphiql.js": (HERE / "static/hub-graphiql.js", "text/javascript"),
    "hub-graphiql.css": (HERE / "static/hub-graphiql.css", "text/css"),
}
"""What ``/graphiql/assets/NAME`` serves: these files only, not the whole of node_modules."""

_templates = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(["html"]))


def installed() -> bool:
    return all(path.exists() for path, _ in ASSETS.values())


def install() -> None:
    """``npm ci`` here: the packages GraphiQL needs, at the versions of the lock file."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("GraphiQL's packages are installed with npm: install Node.js and npm")
    subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True)


def examples() -> list[dict[str, str]]:
    """The hub's example operations, in the order of their files' names."""
    return [
        {"name": path.stem.split("-", 1)[-1].replace("-", " "), "query": path.read_text()}
        for path in sorted(EXAMPLES.glob("*.graphql"))
    ]


def page() -> HTMLResponse:
    """GraphiQL's page, or what to do when its packages are not installed."""
    if not installed():
        return HTMLResponse(_templates.get_template("missing.html").render(), status_code=503)
    tabs = json.dumps(examples(), ensure_ascii=False).replace("</", "<\\/")
    return HTMLResponse(_templates.get_template("graphiql.html").render(examples_json=tabs))


async def asset(request: Request) -> Response:
    found = ASSETS.get(request.path_params["name"])
    if found is None or not found[0].exists():
        return Response("No such asset.", status_code=404, media_type="text/plain")
    path, media_type = found
    return FileResponse(
        path, media_type=media_type, headers={"Cache-Control": f"public, max-age={ASSET_SECONDS}"}
    )


def graphiql_routes() -> list[Route]:
    return [Route("/graphiql/assets/{name}", asset)]
