"""The hub's Tortoise database engines: Tortoise's own, with what the hub needs of them.

``hub.db.tortoise_config`` names these engines in place of Tortoise's: ``sqlite`` gives
each connection the functions compiled reads call, ``postgres`` returns pooled
connections without resetting their session, which the hub never changes.
"""
