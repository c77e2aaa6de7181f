"""Signature ledgers: lists of signatures that nobody can quietly change.

Each petition's counted signatures, and each joint statement's co-signatures and
withdrawals, form an append-only hash chain. Each entry holds no personal data (a random id
per signature, the time to the second, a country, the partner credited, what happened) and
its hash covers the hash before it, so an entry removed, inserted or changed anywhere breaks
every hash after it. The hub signs each list's head (its count and last hash) with an Ed25519
key of its own, whose public half it publishes; anyone holding an earlier head can check
that today's entries still begin with the ones it covered.

* ``entries``: what an entry is, how it is hashed and how a head is signed (no database);
* ``keys``: the hub's Ed25519 key, from the settings or made once in the data directory;
* ``chain``: appending, in the transaction that counts the signatures;
* ``history``: chaining the signatures a database held before it had ledgers;
* ``verify``: checking a list, from the database or from its published entries;
* ``routes``: the published entries and heads, and the public key (JSON).

``docs/verifying.md`` tells anyone how to check a list with the public entries alone.
"""
