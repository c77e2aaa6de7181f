"""Checking a list from its published entries alone, as anyone can (``hub verify --from``)."""

from __future__ import annotations

import base64
import binascii
import json
import urllib.error
import urllib.request
from typing import Any

from hub.ledger.entries import Entry
from hub.ledger.verify import Head, Verdict, check_chain

MAX_PAGES = 10_000


class Unreadable(Exception):
    """The published list could not be fetched or read: the message says what failed."""


def fetch_json(url: str) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            data = json.loads(answer.read())
    except urllib.error.HTTPError as error:
        raise Unreadable(f"{url} answered {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise Unreadable(f"{url} could not be reached: {error}") from None
    except ValueError:
        raise Unreadable(f"{url} did not answer JSON") from None
    if not isinstance(data, dict):
        raise Unreadable(f"{url} did not answer a JSON object")
    return data


def public_key_of(document: dict[str, Any], given: str | None) -> bytes:
    """The key given (base64), else the one the list's ``publicKey`` link serves."""
    text = given if given is not None else str(fetch_json(str(document["publicKey"]))["publicKey"])
    try:
        key = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise Unreadable("the public key is not base64") from None
    if len(key) != 32:
        raise Unreadable(f"the public key holds {len(key)} bytes: an Ed25519 key is 32")
    return key


def verify_published(
    url: str, given_key: str | None = None, earlier: tuple[int, str] | None = None
) -> Verdict:
    """Fetch every page of the list at ``url`` and check it."""
    document = fetch_json(url)
    try:
        name = str(document["list"])
        head_data = document["head"]
        head = Head(
            int(head_data["count"]),
            str(head_data["hash"]),
            head_data.get("signedAt"),
            head_data.get("keyId"),
            head_data.get("signature"),
        )
        entries = [Entry.from_public(item) for item in document["entries"]]
        following = document.get("next")
        pages = 1
        while following and pages < MAX_PAGES:
            page = fetch_json(str(following))
            entries += [Entry.from_public(item) for item in page["entries"]]
            following = page.get("next")
            pages += 1
    except (KeyError, TypeError, ValueError) as error:
        raise Unreadable(f"{url} is not a published list: {error!r}") from None
    verdict = Verdict(url)
    check_chain(verdict, name, entries, head, public_key_of(document, given_key), earlier)
    return verdict
