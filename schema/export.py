"""``hub schema export --out DIR``: the SDL of every subgraph and of the monolith, and the
configuration that composes them into a supergraph.

- ``DIR/NAME.graphql`` for each subgraph, as a gateway reads it from ``_service { sdl }``;
- ``DIR/hub.graphql``, the monolith (the union of the subgraphs);
- ``DIR/supergraph.yaml`` for ``rover supergraph compose --config`` (Apollo Router);
- ``DIR/mesh.config.ts`` for ``mesh-compose`` (Hive Gateway);
- ``DIR/gateway.config.ts``, Hive Gateway's configuration: the hub's limits applied at the
  gateway, and the headers the hub reads passed on (``schema.hive_gateway``).

Both configurations name the same subgraph files and routing URLs; composing either
gives the supergraph SDL that Apollo Router, Apollo Gateway and Hive Gateway serve.
"""

from __future__ import annotations

import json
from pathlib import Path

from hub.settings import Settings
from schema.hive_gateway import CONFIG_FILE, hive_gateway_config
from schema.monolith import build_schema
from schema.subgraphs import SUBGRAPHS, build_subgraph

MONOLITH_FILE = "hub.graphql"


def subgraph_sdl(name: str, settings: Settings) -> str:
    return build_subgraph(name, settings).as_str() + "\n"


def monolith_sdl(settings: Settings) -> str:
    return build_schema(settings).as_str() + "\n"


def export(out: Path, routing_url: str, settings: Settings) -> list[Path]:
    """Write the files listed above into ``out``; the paths written, in order."""
    out.mkdir(parents=True, exist_ok=True)
    urls = {name: routing_url.format(name=name) for name in SUBGRAPHS}
    files = {f"{name}.graphql": subgraph_sdl(name, settings) for name in SUBGRAPHS}
    files[MONOLITH_FILE] = monolith_sdl(settings)
    files["supergraph.yaml"] = rover_config(urls)
    files["mesh.config.ts"] = mesh_config(urls)
    files[CONFIG_FILE] = hive_gateway_config(settings)
    for file_name, text in files.items():
        (out / file_name).write_text(text, encoding="utf-8")
    return [out / file_name for file_name in files]


def rover_config(urls: dict[str, str]) -> str:
    lines = [
        "# rover supergraph compose --config supergraph.yaml > supergraph.graphql",
        "federation_version: =2.5.0",
        "subgraphs:",
    ]
    for name, url in urls.items():
        lines += [
            f"  {name}:",
            f"    routing_url: {json.dumps(url)}",
            "    schema:",
            f"      file: {json.dumps(f'./{name}.graphql')}",
        ]
    return "\n".join(lines) + "\n"


def mesh_config(urls: dict[str, str]) -> str:
    subgraphs = "\n".join(
        "    {\n"
        f"      sourceHandler: loadGraphQLHTTPSubgraph({json.dumps(name)}, {{\n"
        f"        endpoint: {json.dumps(url)},\n"
        f"        source: {json.dumps(f'./{name}.graphql')},\n"
        "      }),\n"
        "    },"
        for name, url in urls.items()
    )
    return (
        "// npx mesh-compose -o supergraph.graphql && npx hive-gateway supergraph\n"
        "import { defineConfig, loadGraphQLHTTPSubgraph } from '@graphql-mesh/compose-cli'\n"
        "\n"
        "export const composeConfig = defineConfig({\n"
        "  subgraphs: [\n"
        f"{subgraphs}\n"
        "  ],\n"
        "})\n"
    )
