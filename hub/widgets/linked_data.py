"""A petition as schema.org JSON-LD, on the widget frame, for search engines and link previews.

A petition is a ``CreativeWork`` (its text, in a language, by the organisations behind it)
rather than an ``Action`` (schema.org's actions are what an agent does: the signing, not the
text signed). Signing is the ``EndorseAction`` it offers (``potentialAction``, posted to the
hub), its signatures the count of those endorsements (``interactionStatistic``), its
endorsing organisations its ``sponsor``.
"""

from __future__ import annotations

import json
from typing import Any


def petition_json_ld(answer: dict[str, Any], frame_url: str, sign_url: str) -> dict[str, Any]:
    """The JSON-LD of a petition's card as the frame shows it (``Card.answer``)."""
    return {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "identifier": answer["slug"],
        "url": frame_url,
        "name": answer["title"],
        "text": answer["body"],
        "inLanguage": answer["language"],
        "creativeWorkStatus": answer["status"],
        "interactionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/EndorseAction",
            "userInteractionCount": answer["signatureCount"],
        },
        "potentialAction": {
            "@type": "EndorseAction",
            "name": "Sign",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": sign_url,
                "httpMethod": "POST",
                "contentType": "application/json",
            },
        },
        "sponsor": [
            {"@type": "Organization", "name": endorser["name"], "identifier": endorser["slug"]}
            for endorser in answer["endorsers"]
        ],
    }


def script_text(data: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>`` can close it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
