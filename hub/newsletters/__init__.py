"""Newsletters: digests by e-mail of a country, a violation type or a campaign.

People subscribe with double opt-in (``subscriptions``), and leave with one click (RFC
8058). ``hub newsletters send``, and the running hub's schedule (``schedule``), build each
confirmed subscription's digest from the alerts, joint statements, campaign news and
special reports that came since its last one, in its language (``items``), record what it
carried, and hand it to the mail path's outbox in the same transaction (``digests``).
Addresses rest as the mail path keeps signers': a keyed hash to find them, sealed to send.
"""
