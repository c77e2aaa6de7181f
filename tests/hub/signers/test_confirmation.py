"""A widget signature counts once its signer confirms it from the mail, by a form's POST;
signing again is answered as a first signature is, and mailed a notice instead."""

from __future__ import annotations

from hub.models import Petition, PetitionSignature
from tests.databases import fill
from tests.hub.signers.conftest import Signing
from tests.hub.signers.mails import html_of, links_in, subject_of, text_of, wait_for_mail

ANA = {"name": "Ana Lima", "email": "Ana.Lima@Example.org", "language": "en"}


def statuses(signing: Signing) -> tuple[int, list[str]]:
    """The petition's kept count and its signatures' statuses, from the database."""
    found: list[tuple[int, list[str]]] = []

    async def read() -> None:
        petition = await Petition.get(slug=signing.petitions.open)
        rows = await PetitionSignature.filter(petition_id=petition.id).order_by("id")
        found.append((petition.signature_count, [row.status.value for row in rows]))

    fill(signing.database_url, read)
    return found[0]


def test_a_signature_counts_once_confirmed_by_the_form_not_by_the_link(
    signing: Signing,
) -> None:
    # given Ana signed through the widget
    signed = signing.sign(ANA)
    assert signed.status_code == 200
    # when her mail arrives
    (mail,) = wait_for_mail(signing.sink, 1)
    assert mail["To"] == "ana.lima@example.org"
    assert subject_of(mail) == "Confirm your signature: Free the reporters"
    assert '<html lang="en" dir="ltr">' in html_of(mail)
    links = links_in(mail)
    assert set(links) == {"confirm", "erase"}  # no consent given: no link to take it back
    # then she is not counted yet
    assert statuses(signing) == (0, ["pending"])

    # when the link is fetched, as a mail scanner would
    page = signing.hub.get(links["confirm"])
    # then it shows a form that posts, and confirms nothing
    assert page.status_code == 200
    assert '<form method="post">' in page.text
    assert statuses(signing) == (0, ["pending"]) and signing.count() == 0

    # when she presses the button
    confirmed = signing.hub.post(links["confirm"])
    again = signing.hub.post(links["confirm"])
    # then she is confirmed and counted once, on the widget too
    assert confirmed.status_code == 200 and "confirmed and counted" in confirmed.text
    assert "already confirmed" in again.text
    assert statuses(signing) == (1, ["confirmed"])
    assert signing.count() == 1


def test_signing_again_is_answered_as_a_first_signature_and_mailed_a_notice(
    signing: Signing,
) -> None:
    # given Ana signed and confirmed
    signing.sign(ANA)
    (first,) = wait_for_mail(signing.sink, 1)
    signing.hub.post(links_in(first)["confirm"])

    # when she signs again, her address spelt otherwise, and Ben signs for the first time
    repeated = signing.sign({**ANA, "email": " ana.lima@EXAMPLE.org "})
    fresh = signing.sign({**ANA, "name": "Ben Ode", "email": "ben.ode@example.org"})

    # then both are answered the same, byte for byte
    assert repeated.status_code == fresh.status_code == 200
    assert repeated.content == fresh.content
    assert repeated.headers["content-type"] == fresh.headers["content-type"]
    # and Ana is not counted again, Ben not yet
    assert statuses(signing) == (1, ["confirmed", "pending"])
    # and Ana gets a notice, not a second confirmation; Ben his confirmation
    mails = wait_for_mail(signing.sink, 3)[1:]
    by_address = {m["To"]: m for m in mails}
    notice = by_address["ana.lima@example.org"]
    assert subject_of(notice) == "You have already signed: Free the reporters"
    assert "already counted, once" in text_of(notice)
    assert "confirm" not in links_in(notice)
    assert "confirm" in links_in(by_address["ben.ode@example.org"])


def test_a_pending_signer_signing_again_gets_a_notice_too(signing: Signing) -> None:
    # given Ana signed and did not confirm
    first = signing.sign(ANA)
    # when she signs again
    again = signing.sign(ANA)
    # then the answer is the same, one signature waits, and the second mail is a notice
    assert again.content == first.content
    assert statuses(signing) == (0, ["pending"])
    confirmation, notice = wait_for_mail(signing.sink, 2)
    assert "confirm" in links_in(confirmation)
    assert "waits for you to confirm it" in text_of(notice)
    assert "confirm" not in links_in(notice)


def test_erasing_a_confirmed_signature_moves_the_count_down(signing: Signing) -> None:
    # given Ana and Ben signed, and Ana confirmed
    signing.sign(ANA)
    signing.sign({**ANA, "name": "Ben Ode", "email": "ben.ode@example.org"})
    ana, ben = sorted(wait_for_mail(signing.sink, 2), key=lambda m: str(m["To"]))
    signing.hub.post(links_in(ana)["confirm"])
    signing.hub.post(links_in(ben)["confirm"])
    assert signing.count() == 2

    # when Ana erases her signature, from the page her link opens
    page = signing.hub.get(links_in(ana)["erase"])
    after_get = statuses(signing)
    erased = signing.hub.post(links_in(ana)["erase"])
    gone = signing.hub.post(links_in(ana)["erase"])

    # then the page asked first, and the count moved down once
    assert '<form method="post">' in page.text
    assert after_get == (2, ["confirmed", "confirmed"])
    assert erased.status_code == 200 and "has been removed" in erased.text
    assert gone.status_code == 404
    assert statuses(signing) == (1, ["confirmed"])
    assert signing.count() == 1


def test_links_that_the_hub_did_not_make_do_nothing(signing: Signing) -> None:
    signing.sign(ANA)
    (mail,) = wait_for_mail(signing.sink, 1)
    confirm = links_in(mail)["confirm"]
    path, _, query = confirm.partition("?")
    forged = path[:-1] + ("0" if path[-1] != "0" else "1")  # one character of the MAC changed
    other_action = path.replace("/confirm/", "/erase/")  # a confirm token used to erase

    for link in (
        forged,
        other_action,
        "/widgets/signatures/confirm/db.1.x",
        "/widgets/signatures/nope/x",
    ):
        answer = signing.hub.post(f"{link}?{query}")
        assert answer.status_code == 404, link
    assert statuses(signing) == (0, ["pending"])


def test_mails_and_pages_are_in_the_signers_language(signing: Signing) -> None:
    # when Leila signs the Arabic version
    signing.sign({**ANA, "email": "leila@example.org", "language": "ar"})
    (mail,) = wait_for_mail(signing.sink, 1)

    # then her mail and the page its link opens are in Arabic, right to left
    assert '<html lang="ar" dir="rtl">' in html_of(mail)
    assert "أطلقوا سراح المراسلين" in subject_of(mail)
    page = signing.hub.get(links_in(mail)["confirm"])
    assert '<html lang="ar" dir="rtl">' in page.text
