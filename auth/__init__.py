"""OAuth 2 for member organisations: the authorization server, tokens, scopes, permissions.

Members write to the graph through tokens bound to one organisation; the read API of the
network graph needs none.
"""
