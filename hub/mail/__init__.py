"""The hub's mail path: every mail goes through the outbox.

A service that decides to send a mail builds it (:mod:`hub.mail.templates`,
:mod:`hub.mail.message`) and writes it to the outbox (:func:`hub.mail.outbox.enqueue`) in
the same transaction as the write it is about: a signature and its confirmation mail
commit together or not at all. The message rests there sealed with the hub's signer key.
Each process's :class:`~hub.mail.sender.OutboxSender` claims what is due (one claimant per
message, ``FOR UPDATE SKIP LOCKED`` across replicas on PostgreSQL), opens it in memory,
hands it to SMTP (``aiosmtplib``), and marks it sent, which forgets the sealed message;
a failure is tried again later, waiting twice as long each time. In the embedded default
``hub serve`` starts a local SMTP sink (:mod:`hub.mail.sink`) that keeps what it receives.
"""
