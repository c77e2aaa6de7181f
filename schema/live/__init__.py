"""Live updates: what GraphQL subscriptions share (``following``) and what a WebSocket may
run (``guard``). Each domain declares its own subscriptions beside its types
(``schema/<domain>/live.py``), fed by the events of ``hub.events``."""
