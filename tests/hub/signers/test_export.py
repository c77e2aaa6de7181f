"""`hub organisations keygen` and `hub petitions export`: only the organisation's private
key opens its confirmed signers who agree to be contacted; every export is audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hub.models import AuditEntry, Petition
from tests import factories
from tests.databases import fill
from tests.hub.signers.conftest import Signing
from tests.hub.signers.mails import links_in, wait_for_mail
from tests.hub.test_cli_access import hub_command


def owner_of(signing: Signing) -> str:
    found: list[str] = []

    async def read() -> None:
        petition = await Petition.get(slug=signing.petitions.open).prefetch_related("organisation")
        found.append(petition.organisation.slug)

    fill(signing.database_url, read)
    return found[0]


def keygen(signing: Signing, slug: str, out: Path) -> str:
    made = hub_command(signing.database_url, "organisations", "keygen", slug, "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert out.stat().st_mode & 0o077 == 0  # the private key is the owner's alone
    return out.read_text()


def test_the_owners_key_exports_confirmed_consenting_signers_and_no_other_key_does(
    signing: Signing, tmp_path: Path
) -> None:
    # given the organisation's key, and signers: consenting and confirmed, confirmed
    # without consent, consenting but unconfirmed
    keygen(signing, owner_of(signing), tmp_path / "owner.key")
    signing.sign({"name": "Ana Lima", "email": "ana@example.org", "consentToContact": True})
    signing.sign({"name": "Ben Ode", "email": "ben@example.org"})
    signing.sign({"name": "Cy Roe", "email": "cy@example.org", "consentToContact": True})
    mails = {m["To"]: m for m in wait_for_mail(signing.sink, 3)}
    for address in ("ana@example.org", "ben@example.org"):
        signing.hub.post(links_in(mails[address])["confirm"])

    # when the owner exports with its key
    exported = hub_command(
        signing.database_url,
        "petitions",
        "export",
        signing.petitions.open,
        "--key",
        str(tmp_path / "owner.key"),
    )

    # then Ana alone comes out, opened, with her consent
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["name"], r["email"]) for r in rows] == [("Ana Lima", "ana@example.org")]
    assert rows[0]["consent_purpose"] == "campaign-updates"
    assert rows[0]["consent_wording"] == "Keep me informed about this campaign"
    assert rows[0]["confirmed_at"]

    # when another organisation's key, or a file that is no key, is used
    (other,) = fill_other_organisation(signing)
    keygen(signing, other, tmp_path / "other.key")
    (tmp_path / "junk.key").write_text("not a key")
    foreign = hub_command(
        signing.database_url,
        "petitions",
        "export",
        signing.petitions.open,
        "--key",
        str(tmp_path / "other.key"),
    )
    junk = hub_command(
        signing.database_url,
        "petitions",
        "export",
        signing.petitions.open,
        "--key",
        str(tmp_path / "junk.key"),
    )

    # then nothing is exported, and the refusal says why
    assert foreign.returncode == 1 and foreign.stdout == ""
    assert "not one of the keys of the organisation that started the petition" in foreign.stderr
    assert junk.returncode == 1 and "not a private key" in junk.stderr
    # and the export and the refusal were both audited
    assert audit_actions(signing) == ["petition.export", "petition.export_refused"]


def fill_other_organisation(signing: Signing) -> list[str]:
    made: list[str] = []

    async def build() -> None:
        (other,) = await factories.organisations(1)
        made.append(other.slug)

    fill(signing.database_url, build)
    return made


def audit_actions(signing: Signing) -> list[str]:
    found: list[list[str]] = []

    async def read() -> None:
        rows = await AuditEntry.filter(action__startswith="petition.export").order_by("id")
        found.append([row.action for row in rows])

    fill(signing.database_url, read)
    return found[0]


def test_taking_consent_back_in_one_click_drops_the_signer_from_exports(
    signing: Signing, tmp_path: Path
) -> None:
    # given Ana consented and confirmed
    keygen(signing, owner_of(signing), tmp_path / "owner.key")
    signing.sign({"name": "Ana Lima", "email": "ana@example.org", "consentToContact": True})
    (mail,) = wait_for_mail(signing.sink, 1)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    signing.hub.post(links_in(mail)["confirm"])

    # when her mail client sends RFC 8058's one-click POST
    stop = links_in(mail)["consent"]
    assert str(mail["List-Unsubscribe"]).endswith(stop.split("?")[0] + "?lang=en>")
    answer = signing.hub.post(
        stop,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )

    # then she is no longer exported, still counted
    assert answer.status_code == 200
    exported = hub_command(
        signing.database_url,
        "petitions",
        "export",
        signing.petitions.open,
        "--key",
        str(tmp_path / "owner.key"),
    )
    assert exported.returncode == 0, exported.stderr
    assert list(csv.DictReader(io.StringIO(exported.stdout))) == []
    assert signing.count() == 1
